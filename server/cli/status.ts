/**
 * `dun status`: an aging report of open balances by debtor, then each open invoice with its
 * balance, total due and next step; or every invoice as JSON (LANGUAGE.md §6).
 */
import { AGING_BUCKETS, agingByDebtor, groupedAmount, statusOf, stepName, type InvoiceReport } from "../engine";
import { COMMON_HELP, parseCommon } from "./options";
import { loadAndAnalyze } from "./load";
import type { Output } from "./main";

export const STATUS_HELP = `Usage: dun status [paths…] [options]

Prints an aging report of open balances by debtor (current, 1-30, 31-60, 61-90 and 90+ days
late, with totals), then each open invoice with its balance, total due and next step.
With --format json, prints every invoice's figures as LANGUAGE.md §6 defines them.

${COMMON_HELP}`;

function table(rows: string[][], rightAligned: (column: number) => boolean): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (rightAligned(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd(),
  );
}

/** The next step as a clerk reads it: what, and since or from when; or why there is none. */
function nextStepText(report: InvoiceReport, today: string): string {
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

export function runStatus(args: string[], cwd: string, out: Output): number {
  const { common } = parseCommon(args);
  if (common.help) {
    out.stdout(STATUS_HELP);
    return 0;
  }
  const { analysis } = loadAndAnalyze(common, cwd);
  if (common.format === "json") {
    out.stdout(JSON.stringify({ today: common.today, invoices: statusOf(analysis) }, null, 2));
    return 0;
  }
  const aging = agingByDebtor(analysis);
  out.stdout(`Aging of open balances as of ${common.today}`);
  if (aging.length === 0) out.stdout("  nothing is open");
  else {
    const rows = [["debtor", "cur", ...AGING_BUCKETS, "total"]];
    const totals = new Map<string, number[]>();
    for (const row of aging) {
      const figures = [...AGING_BUCKETS.map((b) => row.buckets[b]), row.total];
      rows.push([row.debtor, row.currency, ...figures.map((units) => groupedAmount(units, row.currency))]);
      const sum = totals.get(row.currency) ?? figures.map(() => 0);
      totals.set(row.currency, sum.map((value, i) => value + figures[i]!));
    }
    for (const [currency, sums] of totals) rows.push(["total", currency, ...sums.map((units) => groupedAmount(units, currency))]);
    for (const line of table(rows, (column) => column >= 2)) out.stdout(`  ${line}`);
  }
  const open = [...analysis.reports.values()]
    .filter((report) => report.open)
    .sort((a, b) => (a.invoice.due < b.invoice.due ? -1 : a.invoice.due > b.invoice.due ? 1 : a.invoice.id < b.invoice.id ? -1 : 1));
  out.stdout("");
  out.stdout(`Open invoices (${open.length})`);
  if (open.length > 0) {
    const rows = [["invoice", "debtor", "due", "late", "balance", "total due", "cur", "next step"]];
    for (const { invoice, figures, ...report } of open) {
      const money = (units: number) => groupedAmount(units, invoice.currency);
      rows.push([
        invoice.id, invoice.debtor?.id ?? "-", invoice.due, `${figures.daysLate}d`, money(figures.balance),
        money(figures.totalDue), invoice.currency, nextStepText({ invoice, figures, ...report }, common.today),
      ]);
    }
    for (const line of table(rows, (column) => column >= 3 && column <= 5)) out.stdout(`  ${line}`);
  }
  return 0;
}
