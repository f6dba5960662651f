/**
 * `dun status`: an aging report of open balances by debtor, then each open invoice with its
 * balance, total due and next step; or every invoice as JSON (LANGUAGE.md §6).
 */
import { AGING_HEADER, OPEN_INVOICES_HEADER } from "../engine";
import { agingTableOfLines, openInvoicesTableOfLines } from "../engine/report";
import { statusLines as linesOf, statusOfLines } from "../engine/status";
import { PARTS_FROM } from "./check";
import { COMMON_HELP, parseCommon } from "./options";
import { findWorkspace, loadAndAnalyze } from "./load";
import { statusLinesByParts } from "./parts/statusParts";

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
  // Many files go by parts, as `dun check` does (./parts/statusParts.ts): each invoice's line is
  // kept, not the whole ledger; fewer are analysed at once.
  const found = findWorkspace(common, cwd);
  const statusLines = found.paths.length >= PARTS_FROM ? statusLinesByParts(common, cwd, found) : linesOf(loadAndAnalyze(common, cwd, found).analysis);
  if (common.format === "json") {
    out.stdout(JSON.stringify({ today: common.today, invoices: statusOfLines(statusLines) }, null, 2));
    return 0;
  }
  // The report goes out in one write.
  const lines: string[] = [];
  const aging = agingTableOfLines(statusLines);
  lines.push(`Aging of open balances as of ${common.today}`);
  if (aging.length === 0) lines.push("  nothing is open");
  else for (const line of aligned([AGING_HEADER, ...aging], (column) => column >= 2)) lines.push(`  ${line}`);
  const open = openInvoicesTableOfLines(statusLines);
  lines.push("");
  lines.push(`Open invoices (${open.length})`);
  if (open.length > 0) {
    for (const line of aligned([OPEN_INVOICES_HEADER, ...open], (column) => column >= 3 && column <= 5)) lines.push(`  ${line}`);
  }
  out.stdout(lines.join("\n"));
  return 0;
}
