/**
 * The invoice itself: late, overpaid, not adding up, never delivered, or weak for want of a
 * contract or of proof of the work. "Before assuming refusal, confirm the invoice was
 * received"; "review your contract"; "document your work".
 *
 * Codes: overdue, overpaid, items-mismatch, no-delivery, no-work-proof, no-contract.
 */
import type { InvoiceReport } from "../engine/analysis";
import { formatDays } from "../engine/dates";
import { currencyExponent, formatMoney, toMinorUnits } from "../engine/money";
import type { RuleContext } from "./context";

export function checkInvoices(context: RuleContext): void {
  for (const report of context.reports.values()) {
    checkAmounts(context, report);
    checkLateness(context, report);
    checkFoundation(context, report);
  }
}

function checkAmounts(context: RuleContext, report: InvoiceReport): void {
  const { invoice, figures } = report;
  const where = invoice.entry.id;
  const money = (units: number) => formatMoney(units, invoice.currency);
  if (figures.paid + figures.credited > invoice.amount) {
    context.reporter.report(
      invoice.file,
      where,
      "overpaid",
      `\`${invoice.id}\` is overpaid by ${money(figures.paid + figures.credited - invoice.amount)} (paid ${money(figures.paid)}, credited ${money(figures.credited)} on ${money(invoice.amount)})`,
    );
  }
  let items = 0;
  let sum = 0;
  let exponent: number | undefined;
  for (const item of invoice.entry.properties) {
    if (item.name !== "item") continue;
    items++;
    exponent ??= currencyExponent(invoice.currency) ?? 2;
    if (item.money.currency && item.money.currency.name !== invoice.currency) return;
    const units = toMinorUnits(item.money.amount, exponent);
    if (!units.ok) return;
    sum += units.units;
  }
  if (items > 0 && sum !== invoice.amount) {
    context.reporter.report(invoice.file, where, "items-mismatch", `items add up to ${money(sum)} but \`${invoice.id}\` is ${money(invoice.amount)}`);
  }
}

/** Late and open: the figures a collections clerk reads first. */
export function isOverdue(report: InvoiceReport): boolean {
  return report.open && report.figures.daysLate > 0;
}

function checkLateness(context: RuleContext, report: InvoiceReport): void {
  if (!isOverdue(report)) return;
  const { invoice, figures } = report;
  const money = (units: number) => formatMoney(units, invoice.currency);
  const parts = [`balance ${money(figures.balance)}`];
  if (invoice.contract?.lateFee) parts.push(`late fees ${money(figures.lateFees)}`);
  if (invoice.contract?.interest) parts.push(`interest ${money(figures.interest)}`);
  parts.push(`total due ${money(figures.totalDue)}`);
  context.reporter.report(
    invoice.file,
    invoice.entry.id,
    "overdue",
    `\`${invoice.id}\` is ${formatDays(figures.daysLate)} late (due ${invoice.due}): ${parts.join(", ")}`,
    { kind: "invoice", invoice: invoice.id },
  );
  if (!invoice.actions.some((action) => action.kind === "sent")) {
    context.reporter.report(
      invoice.file,
      invoice.entry.id,
      "no-delivery",
      `\`${invoice.id}\` is overdue but no \`sent\` entry records its delivery: confirm delivery first`,
      { kind: "invoice", invoice: invoice.id },
    );
  }
}

function checkFoundation(context: RuleContext, report: InvoiceReport): void {
  const { invoice } = report;
  if (!invoice.contract) {
    if (invoice.entry.target && context.ledger.parties.has(invoice.entry.target.name)) {
      context.reporter.report(
        invoice.file,
        invoice.entry.id,
        "no-contract",
        `\`${invoice.id}\` has no contract: terms default to net 30 and no late fee or interest can be charged`,
      );
    }
    return;
  }
  if (invoice.contract.work.length === 0) {
    context.reporter.report(
      invoice.file,
      invoice.entry.id,
      "no-work-proof",
      `contract \`${invoice.contract.id}\` of \`${invoice.id}\` has no \`work\` entry: record the work delivered, with its evidence`,
    );
  }
}
