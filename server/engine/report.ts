/**
 * The status report's rows as text cells, shared by `dun status` (aligned columns) and the
 * editor's "Dun: Show case status" (a Markdown table).
 */
import type { Analysis, InvoiceReport } from "./analysis";
import { groupedAmount } from "./money";
import { AGING_BUCKETS, agingByDebtor } from "./status";
import { stepName } from "../rules/escalation";

/** The next step as a clerk reads it: what, and since or from when; or why there is none. */
export function nextStepText(report: InvoiceReport, today: string): string {
  const { ladder, invoice } = report;
  if (ladder.pausedBy === "dispute") return "paused: disputed";
  if (ladder.pausedBy === "plan") return "paused: payment plan being kept";
  if (ladder.pausedBy === "promise") {
    const promise = invoice.promises.filter((p) => p.madeOn <= today && today <= p.by).sort((a, b) => (a.by < b.by ? 1 : -1))[0];
    return `paused: promised by ${promise?.by ?? "?"}`;
  }
  if (!ladder.next) return "every step taken";
  const when = ladder.next.due <= today ? `due since ${ladder.next.due}` : `on ${ladder.next.due}`;
  return `${stepName(ladder.next.step)} ${when}`;
}

export const AGING_HEADER = ["debtor", "cur", ...AGING_BUCKETS, "total"];

/** One row per debtor and currency, then a total row per currency. */
export function agingTable(analysis: Analysis): string[][] {
  const rows: string[][] = [];
  const totals = new Map<string, number[]>();
  for (const row of agingByDebtor(analysis)) {
    const figures = [...AGING_BUCKETS.map((b) => row.buckets[b]), row.total];
    rows.push([row.debtor, row.currency, ...figures.map((units) => groupedAmount(units, row.currency))]);
    const sum = totals.get(row.currency) ?? figures.map(() => 0);
    totals.set(row.currency, sum.map((value, i) => value + figures[i]!));
  }
  for (const [currency, sums] of totals) rows.push(["total", currency, ...sums.map((units) => groupedAmount(units, currency))]);
  return rows;
}

export const OPEN_INVOICES_HEADER = ["invoice", "debtor", "due", "late", "balance", "total due", "cur", "next step"];

/** Open invoices, oldest due date first. */
export function openInvoicesTable(analysis: Analysis): string[][] {
  const today = analysis.ledger.today;
  return [...analysis.reports.values()]
    .filter((report) => report.open)
    .sort((a, b) => (a.invoice.due < b.invoice.due ? -1 : a.invoice.due > b.invoice.due ? 1 : a.invoice.id < b.invoice.id ? -1 : 1))
    .map((report) => {
      const { invoice, figures } = report;
      const money = (units: number) => groupedAmount(units, invoice.currency);
      return [
        invoice.id, invoice.debtor?.id ?? "-", invoice.due, `${figures.daysLate}d`, money(figures.balance),
        money(figures.totalDue), invoice.currency, nextStepText(report, today),
      ];
    });
}
