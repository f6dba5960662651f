/**
 * `dun check`: every diagnostic, one per line (`path:line:col: severity code: message`, which
 * terminals and VS Code problem matchers link), or JSON as LANGUAGE.md §6 defines it.
 * Exit 0 with no errors, 1 with an error diagnostic.
 */
import { checkJson, checkText, countSeverities, diagnosticRows, joinedJson, joinedText, summaryLine, type SeverityCounts } from "./checkReport";
import { findWorkspace, loadAndAnalyze } from "./load";
import { COMMON_HELP, parseCommon } from "./options";
import type { Output, Printable } from "./output";
import { checkByParts, type PartsPlan } from "./parts/checkParts";

export const CHECK_HELP = `Usage: dun check [paths…] [options]

Checks every .dun file under the given files and folders (default: the current folder),
skipping node_modules and dot-folders, and prints one line per diagnostic:
  path:line:col: severity code: message

Exit status: 0 with no errors, 1 with an error diagnostic, 2 for a usage or I/O failure.

${COMMON_HELP}`;

/** From how many files `dun check` goes by parts (./parts/checkParts.ts), and how. */
export interface CheckPlan extends PartsPlan {
  partsFrom: number;
}

/**
 * Below this many files one pass over the whole workspace is quicker: going by parts parses
 * every file twice, and a worker thread takes ~50 ms to start (bench: see ARCHITECTURE.md).
 */
export const PARTS_FROM = 300;

const DEFAULT_PLAN: CheckPlan = { partsFrom: PARTS_FROM, workerScript: __filename };

export async function runCheck(args: string[], cwd: string, out: Output, plan: CheckPlan = DEFAULT_PLAN): Promise<number> {
  const { common } = parseCommon(args);
  if (common.help) {
    out.stdout(CHECK_HELP);
    return 0;
  }
  const found = findWorkspace(common, cwd);
  const fileCount = found.paths.length;
  let counts: SeverityCounts;
  let report: Printable | undefined;
  if (fileCount < plan.partsFrom) {
    const { analysis, workspace, display } = loadAndAnalyze(common, cwd, found);
    const rows = diagnosticRows(analysis.diagnostics, workspace, display);
    counts = countSeverities(rows);
    report = common.format === "json" ? checkJson(common.today, fileCount, rows) : rows.length > 0 ? checkText(rows) : undefined;
  } else {
    const result = await checkByParts(common, cwd, found, plan);
    counts = result.counts;
    const rows = counts.error + counts.warning + counts.info;
    report = common.format === "json" ? joinedJson(common.today, fileCount, result.pieces) : rows > 0 ? joinedText(result.pieces) : undefined;
  }
  if (report) out.stdout(report);
  if (common.format === "text") out.stderr(summaryLine(counts, fileCount, common.today));
  return counts.error > 0 ? 1 : 0;
}
