/**
 * Which invoices a letter covers: the debtor named (or the debtor of the invoices named) and,
 * for a demand, the invoices it may demand. Invoices whose ladder is paused are left out of
 * demands: disputed ones ("treat a dispute as a negotiation, not a refusal"), promised ones
 * until the promised date, and those under a plan being kept. A demand with nothing left is
 * refused. Named invoices are taken as named, except a disputed one, which is refused.
 */
import type { Analysis, InvoiceReport, PartyModel } from "../engine";
import { openDispute } from "../engine/ladder";
import type { LetterKind } from "./kinds";

/** A letter that cannot be written as asked; the message says why, in the user's words. */
export class LetterError extends Error {}

export interface Selection {
  debtor: PartyModel;
  creditor: PartyModel;
  /** The invoices the letter covers, oldest due date first. */
  reports: InvoiceReport[];
  /**
   * Open invoices of the debtor left out of a demand because their ladder is paused: a
   * dispute is open, a promise to pay has not yet fallen due, or a payment plan is being kept.
   */
  leftOut: InvoiceReport[];
}

const byDue = (a: InvoiceReport, b: InvoiceReport) =>
  a.invoice.due < b.invoice.due ? -1 : a.invoice.due > b.invoice.due ? 1 : a.invoice.id < b.invoice.id ? -1 : 1;

/** Resolves `targets` (one party id, or invoice ids of one debtor) for a letter of `kind`. */
export function selectInvoices(analysis: Analysis, kind: LetterKind, targets: string[]): Selection {
  const { ledger } = analysis;
  if (targets.length === 0) throw new LetterError("name a debtor (a party id) or one or more of its invoices");
  let debtor: PartyModel | undefined;
  const named: InvoiceReport[] = [];
  for (const target of targets) {
    const party = ledger.parties.get(target);
    const invoice = ledger.invoices.get(target);
    if (party) {
      if (party.self) throw new LetterError(`\`${target}\` is our own party (it is marked \`self\`), not a debtor`);
      if (debtor && debtor !== party) throw new LetterError(`a letter goes to one debtor; \`${debtor.id}\` and \`${party.id}\` were both named`);
      debtor = party;
    } else if (invoice) {
      const report = analysis.reports.get(target);
      if (!report) throw new LetterError(`invoice \`${target}\` is dated ${invoice.date}, after today (${ledger.today})`);
      if (!invoice.debtor) throw new LetterError(`invoice \`${target}\` has no known debtor`);
      if (!named.includes(report)) named.push(report);
    } else {
      throw new LetterError(`no party or invoice \`${target}\``);
    }
  }
  for (const report of named) {
    const owner = report.invoice.debtor!;
    debtor ??= owner;
    if (owner !== debtor) {
      throw new LetterError(`a letter goes to one debtor: \`${report.invoice.id}\` is owed by \`${owner.id}\`, not \`${debtor.id}\``);
    }
  }
  const all = debtor!.invoices.flatMap((invoice) => analysis.reports.get(invoice.id) ?? []).sort(byDue);
  if (kind === "statement") {
    if (all.length === 0) throw new LetterError(`\`${debtor!.id}\` has no invoices to put in a statement`);
    return withCreditor(analysis, { debtor: debtor!, reports: all, leftOut: [] });
  }
  return withCreditor(analysis, demandable(analysis, kind, debtor!, named.length > 0 ? named.sort(byDue) : undefined, all));
}

function demandable(
  analysis: Analysis,
  kind: LetterKind,
  debtor: PartyModel,
  named: InvoiceReport[] | undefined,
  all: InvoiceReport[],
): Omit<Selection, "creditor"> {
  const today = analysis.ledger.today;
  for (const report of named ?? []) {
    const id = report.invoice.id;
    if (!report.open) throw new LetterError(`invoice \`${id}\` is ${report.state === "written-off" ? "written off" : "paid"}: there is nothing to demand`);
    const dispute = openDispute(report.invoice, today);
    if (dispute) throw new LetterError(`invoice \`${id}\` is disputed since ${dispute.date}: settle the dispute (credit, revision, mediation) before demanding payment`);
  }
  const open = all.filter((r) => r.open);
  const leftOut = named ? [] : open.filter((r) => r.ladder.pausedBy);
  // Invoices not yet due are not demanded (name them to include them anyway).
  const notYetDue = named ? [] : open.filter((r) => !r.ladder.pausedBy && r.figures.daysLate === 0);
  let reports = named ?? open.filter((r) => !r.ladder.pausedBy && r.figures.daysLate > 0);
  if (reports.length === 0) {
    const why = [
      ...leftOut.map((r) => `\`${r.invoice.id}\` ${pauseText(r, today)}`),
      ...notYetDue.map((r) => `\`${r.invoice.id}\` is not due until ${r.invoice.due}`),
    ].join(", ");
    throw new LetterError(`\`${debtor.id}\` has no open invoice to demand${why ? `: ${why}` : ""}`);
  }
  if (kind === "final-demand") {
    const demanded = reports.filter((r) => r.invoice.demands.some((d) => !d.final));
    if (demanded.length === 0) {
      throw new LetterError(`no first demand is recorded for ${reports.map((r) => `\`${r.invoice.id}\``).join(", ")}: send a first demand before a final one`);
    }
    // By default a final demand covers what a first demand already covered; named invoices are taken as named.
    if (!named) reports = demanded;
  }
  return { debtor, reports, leftOut };
}

/** Why an invoice's ladder is paused, as the refusal says it: "is disputed since 2026-04-20". */
function pauseText(report: InvoiceReport, today: string): string {
  if (report.ladder.pausedBy === "dispute") return `is disputed since ${openDispute(report.invoice, today)!.date}`;
  if (report.ladder.pausedBy === "promise") {
    const by = report.invoice.promises.filter((p) => p.madeOn <= today && today <= p.by).map((p) => p.by).sort().pop();
    return `is promised by ${by}`;
  }
  return "is under a payment plan that is being kept";
}

function withCreditor(analysis: Analysis, selection: Omit<Selection, "creditor">): Selection {
  const creditors = [...new Set(selection.reports.map((r) => r.invoice.creditor ?? analysis.ledger.self))];
  const creditor = creditors[0];
  if (!creditor) throw new LetterError("no party is marked `self`: add `self` to the party the letter comes from");
  if (creditors.length > 1) {
    const names = creditors.map((c) => `\`${c?.id ?? "?"}\``).join(" and ");
    throw new LetterError(`these invoices are owed to different creditors (${names}): write one letter per creditor by naming its invoices`);
  }
  return { ...selection, creditor };
}
