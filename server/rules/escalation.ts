/**
 * The escalation ladder's warnings: a step whose day has come and that was not taken, and a
 * demand whose deadline passed with the invoice still open. "Set specific deadlines. If they
 * miss that deadline, follow through immediately with the consequences you outlined."
 *
 * Codes: step-due, deadline-passed.
 */
import type { InvoiceReport } from "../engine/analysis";
import { addDays, type IsoDate } from "../engine/dates";
import type { DemandModel, InvoiceModel, PolicyModel } from "../engine/ledger";
import { formatMoney } from "../engine/money";
import type { RuleContext } from "./context";

/** `demand` or `final demand`: how a step is named to people. */
export function stepName(step: { kind: string; final: boolean }): string {
  return step.kind === "demand" && step.final ? "final demand" : step.kind;
}

export function checkEscalation(context: RuleContext): void {
  for (const report of context.reports.values()) checkStepDue(context, report);
  checkDeadlines(context);
}

function checkStepDue(context: RuleContext, report: InvoiceReport): void {
  const { invoice, ladder } = report;
  if (!report.open || ladder.pausedBy || !ladder.next || ladder.next.due > context.today) return;
  const { step, due } = ladder.next;
  const details = [
    step.deadline !== undefined ? `deadline ${step.deadline} days` : "",
    step.via ? `via ${step.via}` : "",
  ].filter(Boolean);
  context.reporter.report(
    invoice.file,
    invoice.entry.id,
    "step-due",
    `\`${invoice.id}\`: next step \`${stepName(step)}\` due since ${due}${details.length ? ` (${details.join(", ")})` : ""}`,
    { kind: "step", invoice: invoice.id, step: step.kind, final: step.final, deadlineDays: step.deadline, channel: step.via },
  );
}

/** The deadline a demand gave: its own, or its ladder step's (10 days, 7 for a final demand). */
export function demandDeadline(demand: DemandModel, policy: PolicyModel): IsoDate {
  if (demand.deadline) return demand.deadline;
  const step = policy.steps.find((s) => s.kind === "demand" && s.final === demand.final);
  return addDays(demand.date, step?.deadline ?? (demand.final ? 7 : 10));
}

function latestDemand(invoice: InvoiceModel): DemandModel | undefined {
  let latest: DemandModel | undefined;
  for (const demand of invoice.demands) if (!latest || demand.date >= latest.date) latest = demand;
  return latest;
}

function checkDeadlines(context: RuleContext): void {
  const stillOwing = new Map<DemandModel, InvoiceReport[]>();
  for (const report of context.reports.values()) {
    if (!report.open) continue;
    const demand = latestDemand(report.invoice);
    if (!demand || demandDeadline(demand, report.ladder.policy) >= context.today) continue;
    const owing = stillOwing.get(demand);
    if (owing) owing.push(report);
    else stillOwing.set(demand, [report]);
  }
  for (const [demand, reports] of stillOwing) {
    const deadline = demandDeadline(demand, reports[0]!.ladder.policy);
    const ids = reports.map((r) => `\`${r.invoice.id}\``).join(", ");
    const byCurrency = new Map<string, number>();
    for (const r of reports) byCurrency.set(r.invoice.currency, (byCurrency.get(r.invoice.currency) ?? 0) + r.figures.balance);
    const owed = [...byCurrency].map(([currency, units]) => formatMoney(units, currency)).join(" and ");
    context.reporter.report(
      demand.file,
      demand.entry.header,
      "deadline-passed",
      `deadline ${deadline} of the ${demand.final ? "final demand" : "demand"} of ${demand.date} has passed: ${ids} still ${reports.length === 1 ? "owes" : "owe"} ${owed}`,
    );
  }
}
