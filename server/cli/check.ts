/**
 * `dun check`: every diagnostic, one per line (`path:line:col: severity code: message`, which
 * terminals and VS Code problem matchers link), or JSON as LANGUAGE.md §6 defines it.
 * Exit 0 with no errors, 1 with an error diagnostic.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { checkJson, checkText, countSeverities, diagnosticRows, StreamedReport, summaryLine, type SeverityCounts } from "./checkReport";
import { findWorkspace, loadAndAnalyze } from "./load";
import { COMMON_HELP, parseCommon } from "./options";
import type { Output } from "./output";
import { checkByParts } from "./parts/checkParts";

export const CHECK_HELP = `Usage: dun check [paths…] [options]

Checks every .dun file under the given files and folders (default: the current folder),
skipping node_modules and dot-folders, and prints one line per diagnostic:
  path:line:col: severity code: message

Exit status: 0 with no errors, 1 with an error diagnostic, 2 for a usage or I/O failure.

${COMMON_HELP}`;

/** When `dun check` goes by parts (./parts/checkParts.ts), and how. */
export interface CheckPlan {
  /** From how many files it goes by parts. */
  partsFrom: number;
  /** From how many files a worker thread takes half the work, running this script (the bundle itself). */
  workerFrom: number;
  workerScript: string | undefined;
  /** About how much text a group of small parts holds (./parts/partition.ts). */
  groupSize?: number;
  /** From how many characters a file is checked a run of its entries at a time, by parts. */
  splitFrom: number;
}

/**
 * Measured on 10,000, 1,000 and 500 case files (one file per case, 2 cores): by parts, each
 * file is parsed twice but no tree or ledger outlives its part; at 1,000 files that is as
 * quick as one pass, and at 10,000 ~10% quicker, in 40% less memory. Below, one pass is
 * quicker.
 */
export const PARTS_FROM = 1000;

/**
 * A worker thread compiles and optimises the engine's code again, and its collector runs
 * beside it; on 2 cores, where one thread's background compiler and collector already use the
 * second one, it was slower at 1,000 files, no quicker at 10,000 and only ~4% quicker at
 * 30,000 (bench/generate.mjs). From 20,000 files, then, and only with 4 cores or more
 * (WORKER_CORES).
 */
export const WORKER_FROM = 20_000;

/**
 * On 2 cores, at 50,000 files (51.9 MiB), the worker bought 9% of the time (7.0–7.5 s against
 * 7.7–8.4 s) for 30% more processor time (10.5–11.7 s against 8.0–8.8 s) and 35% more memory
 * (375–406 MB against 278–281 MB: over the 320 MB that five times the input and 60 MB allow).
 * So one thread there; two only where two more cores are free.
 */
export const WORKER_CORES = 4;

/**
 * A file this large (in bytes) is checked by parts too, a run of its entries at a time (a case
 * written as one block is one run; ./parts/work.ts), so that its tree is never held whole.
 * Measured on one file of 10,000 cases (10.3 MiB): written case by case, as quick as one pass
 * in 35% less memory (166–186 against 267–277 MB); written in date order (a run is mostly one
 * entry), 12–18% slower in 31% less (220–224 against 318–326 MB). Of 1,000 cases (1 MiB),
 * ~10% slower for 14% less: from 2 MiB.
 */
export const SPLIT_FROM = 1 << 21;

const DEFAULT_PLAN: CheckPlan = {
  partsFrom: PARTS_FROM,
  workerFrom: availableParallelism() >= WORKER_CORES ? WORKER_FROM : Infinity,
  workerScript: __filename,
  splitFrom: SPLIT_FROM,
};

export async function runCheck(args: string[], cwd: string, out: Output, plan: CheckPlan = DEFAULT_PLAN): Promise<number> {
  const { common } = parseCommon(args);
  if (common.help) {
    out.stdout(CHECK_HELP);
    return 0;
  }
  const found = findWorkspace(common, cwd);
  const fileCount = found.paths.length;
  let counts: SeverityCounts;
  if (fileCount < plan.partsFrom && !found.paths.some((path) => sizeOf(path) >= plan.splitFrom)) {
    const { analysis, workspace, display } = loadAndAnalyze(common, cwd, found);
    const rows = diagnosticRows(analysis.diagnostics, workspace, display);
    counts = countSeverities(rows);
    if (common.format === "json") out.stdout(checkJson(common.today, fileCount, rows));
    else if (rows.length > 0) out.stdout(checkText(rows));
  } else {
    const workerScript = fileCount >= plan.workerFrom ? plan.workerScript : undefined;
    const streamed = new StreamedReport(out, common.format, common.today, fileCount);
    counts = await checkByParts(common, cwd, found, { workerScript, groupSize: plan.groupSize, splitFrom: plan.splitFrom }, (piece) => streamed.add(piece));
    streamed.end();
  }
  if (common.format === "text") out.stderr(summaryLine(counts, fileCount, common.today));
  return counts.error > 0 ? 1 : 0;
}

/** A file's size in bytes; 0 where it cannot be told (reading it will say why). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
