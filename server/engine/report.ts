/**
 * The status report's rows as text cells, shared by `dun status` (aligned columns) and the
 * editor's "Dun: Show case status" (a Markdown table).
 */
import type { Analysis } from "./analysis";
import { groupedAmount } from "./money";
import { AGING_BUCKETS, agingOfLines, statusLines, type StatusLine } from "./status";

export { nextStepText } from "./status";

export const AGING_HEADER = ["debtor", "cur", ...AGING_BUCKETS, "total"];

/** One row per debtor and currency, then a total row per currency. */
export function agingTable(analysis: Analysis): string[][] {
  return agingTableOfLines(statusLines(analysis));
}

/** The same, from invoices' lines in the order of the analysis's reports. */
export function agingTableOfLines(lines: readonly StatusLine[]): string[][] {
  const rows: string[][] = [];
  const totals = new Map<string, number[]>();
  for (const row of agingOfLines(lines)) {
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
  return openInvoicesTableOfLines(statusLines(analysis));
}

/** The same, from invoices' lines. */
export function openInvoicesTableOfLines(lines: readonly StatusLine[]): string[][] {
  return lines
    .filter((line) => line.open)
    .sort((a, b) => (a.status.due < b.status.due ? -1 : a.status.due > b.status.due ? 1 : a.status.id < b.status.id ? -1 : 1))
    .map((line) => {
      const { status } = line;
      const money = (units: number) => groupedAmount(units, status.currency);
      return [
        status.id, status.debtor ?? "-", status.due, `${status.daysLate}d`, money(line.balance),
        money(line.totalDue), status.currency, line.nextStep,
      ];
    });
}
