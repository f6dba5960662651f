/**
 * `dun status`: an aging report of open balances by debtor, then each open invoice with its
 * balance, total due and next step; or every invoice as JSON (LANGUAGE.md §6).
 */
import { AGING_HEADER, agingTable, OPEN_INVOICES_HEADER, openInvoicesTable, statusOf } from "../engine";
import { COMMON_HELP, parseCommon } from "./options";
import { loadAndAnalyze } from "./load";
import type { Output } from "./output";

export const STATUS_HELP = `Usage: dun status [paths…] [options]

Prints an aging report of open balances by debtor (current, 1-30, 31-60, 61-90 and 90+ days
late, with totals), then each open invoice with its balance, total due and next step.
With --format json, prints every invoice's figures as LANGUAGE.md §6 defines them.

${COMMON_HELP}`;

/** Columns padded to their widest cell; numbers right-aligned. */
function aligned(rows: string[][], rightAligned: (column: number) => boolean): string[] {
  const widths = rows[0]!.map((_, column) => rows.reduce((widest, row) => Math.max(widest, row[column]!.length), 0));
  return rows.map((row) =>
    row
      .map((cell, column) => (rightAligned(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd(),
  );
}

export function runStatus(args: string[], cwd: string, out: Output): number {
  const { common } = parseCommon(args);
  if (common.help) {
    out.stdout(STATUS_HELP);
    return 0;
  }
  // One pass over every file, whatever their number (not by parts, as `dun check`): the
  // report is every invoice's figures at once, not a file's diagnostics at a time.
  const { analysis } = loadAndAnalyze(common, cwd);
  if (common.format === "json") {
    out.stdout(JSON.stringify({ today: common.today, invoices: statusOf(analysis) }, null, 2));
    return 0;
  }
  // The report goes out in one write.
  const lines: string[] = [];
  const aging = agingTable(analysis);
  lines.push(`Aging of open balances as of ${common.today}`);
  if (aging.length === 0) lines.push("  nothing is open");
  else for (const line of aligned([AGING_HEADER, ...aging], (column) => column >= 2)) lines.push(`  ${line}`);
  const open = openInvoicesTable(analysis);
  lines.push("");
  lines.push(`Open invoices (${open.length})`);
  if (open.length > 0) {
    for (const line of aligned([OPEN_INVOICES_HEADER, ...open], (column) => column >= 3 && column <= 5)) lines.push(`  ${line}`);
  }
  out.stdout(lines.join("\n"));
  return 0;
}
