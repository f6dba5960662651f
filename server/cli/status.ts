/**
 * `dun status`: an aging report of open balances by debtor, then each open invoice with its
 * balance, total due and next step; or every invoice as JSON (LANGUAGE.md §6).
 */
import { AGING_BUCKETS, agingByDebtor, groupedAmount, statusOf, stepName, type InvoiceStatus } from "../engine";
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

function nextStepText(status: InvoiceStatus, today: string): string {
  if (status.state === "disputed") return "paused: disputed";
  if (status.state === "plan") return "paused: payment plan";
  if (!status.nextStep) return status.state === "open" ? "paused or every step taken" : "-";
  const when = status.nextStep.due <= today ? `due since ${status.nextStep.due}` : `on ${status.nextStep.due}`;
  return `${stepName(status.nextStep)} ${when}`;
}

export function runStatus(args: string[], cwd: string, out: Output): number {
  const { common } = parseCommon(args);
  if (common.help) {
    out.stdout(STATUS_HELP);
    return 0;
  }
  const { analysis } = loadAndAnalyze(common, cwd);
  const invoices = statusOf(analysis);
  if (common.format === "json") {
    out.stdout(JSON.stringify({ today: common.today, invoices }, null, 2));
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
  const open = invoices.filter((i) => i.state !== "paid" && i.state !== "written-off");
  out.stdout("");
  out.stdout(`Open invoices (${open.length})`);
  if (open.length > 0) {
    const rows = [["invoice", "debtor", "due", "late", "balance", "total due", "cur", "next step"]];
    for (const i of open) {
      rows.push([i.id, i.debtor ?? "-", i.due, `${i.daysLate}d`, groupedAmount(Number(i.balance.replace(".", "")), i.currency), groupedAmount(Number(i.totalDue.replace(".", "")), i.currency), i.currency, nextStepText(i, common.today)]);
    }
    for (const line of table(rows, (column) => column >= 3 && column <= 5)) out.stdout(`  ${line}`);
  }
  return 0;
}
