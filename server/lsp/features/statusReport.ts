/**
 * "Dun: Show case status": the aging report and the open invoices as a Markdown document; and
 * the totals the status bar shows.
 */
import { AGING_HEADER, agingTable, formatMoney, OPEN_INVOICES_HEADER, openInvoicesTable, type Analysis } from "../../engine";
import type { Summary } from "../../settings";

function markdownTable(header: string[], rows: string[][], rightAligned: (column: number) => boolean): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  const lines = [
    `| ${header.map(escape).join(" | ")} |`,
    `|${header.map((_, column) => (rightAligned(column) ? " ---: " : " --- ")).join("|")}|`,
    ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`),
  ];
  return lines.join("\n");
}

export function statusReport(analysis: Analysis): string {
  const today = analysis.ledger.today;
  const aging = agingTable(analysis);
  const open = openInvoicesTable(analysis);
  return [
    `# Case status as of ${today}`,
    "",
    "## Aging of open balances",
    "",
    aging.length > 0 ? markdownTable(AGING_HEADER, aging, (c) => c >= 2) : "Nothing is open.",
    "",
    `## Open invoices (${open.length})`,
    "",
    open.length > 0 ? markdownTable(OPEN_INVOICES_HEADER, open, (c) => c >= 3 && c <= 5) : "None.",
    "",
  ].join("\n");
}

export function summaryOf(analysis: Analysis): Summary {
  const overdue = analysis.overdue();
  return {
    overdue: [...overdue.byCurrency].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, units]) => formatMoney(units, currency)),
    overdueInvoices: overdue.invoices,
    stepsDue: analysis.countOf("step-due"),
    today: analysis.ledger.today,
  };
}
