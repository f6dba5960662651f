/**
 * `dun check` by parts, for workspaces of many files: the report of `dun check` without ever
 * holding every file's tree and the whole ledger at once, on two threads.
 *
 * 1. Every file is read and parsed for its facts (what it defines and names); the tree goes.
 * 2. The main thread finds the parts (server/engine/parts.ts) and the context.
 * 3. Each part (small ones in groups) is parsed again, analysed with the context, and its rows
 *    formatted into one piece of the report per file; then its trees and ledger go.
 * 4. The pieces, in path order, are the single pass's report, byte for byte: each is handed
 *    on (to be written) as soon as every file before it has its own, and then let go. A file
 *    checked a run of entries at a time has its piece in slices, each handed on as soon as the
 *    runs before it are checked.
 *
 * Steps 1 and 3 are shared with a worker thread (./worker.ts) where one can start; the main
 * thread works meanwhile, and does again whatever the worker does not report.
 */
import { buildLedger } from "../../engine/ledgerBuilder";
import { Reporter } from "../../engine/reporter";
import { UsageError } from "../../node/disk";
import { exposeGc } from "../../node/gc";
import type { SeverityCounts } from "../checkReport";
import { analysisOptions, checkPolicy, type Found } from "../load";
import type { CommonOptions } from "../options";
import { partition } from "./partition";
import type { FileFacts } from "../../engine/parts";
import { PartChecker, readFileFacts, type FileRead, type KeptTexts, type PartReport, type PartsData, type Region, type RunData } from "./work";
import { Helper, NEXT_CHUNK, NEXT_GROUP, type FromWorker } from "./worker";

/** Files read for their facts per turn of a thread: small, so that neither waits long for the other. */
const CHUNK_SIZE = 32;


/** How to go by parts: the worker thread's script (the bundle; none: one thread), and the size of a group of parts. */
export interface PartsPlan {
  workerScript: string | undefined;
  groupSize?: number;
  /** From how many characters a file is checked a run of entries at a time (./work.ts); never with a worker. */
  splitFrom?: number;
}

/**
 * Checks the files found, by parts: hands each file's piece of the report to `emit`, in path
 * order ("" for a file without diagnostics), and returns the counts.
 */
export async function checkByParts(common: CommonOptions, cwd: string, found: Found, { workerScript, groupSize, splitFrom }: PartsPlan, emit: (piece: string) => void): Promise<SeverityCounts> {
  const { today, currency, policy, rules, format } = common;
  // A file's runs are merged into its report on the thread that checks them all: the main one.
  const split = workerScript === undefined ? (splitFrom ?? Infinity) : Infinity;
  const run: RunData = { paths: found.paths, cwd, root: found.root, options: { today, currency, policy, rules, format }, splitFrom: split };
  const counters = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const helper = workerScript
    ? Helper.start(workerScript, { ...run, dunCheckParts: true, counters: counters.buffer as SharedArrayBuffer, chunkSize: CHUNK_SIZE })
    : undefined;
  try {
    const texts: KeptTexts = [];
    const data = await findParts(run, counters, helper, groupSize, texts);
    // Every tree of the first pass is garbage now: collected here, not once the second pass has
    // grown the heap further, the peak stays near what is live (at 10,000 files 131–135 MB,
    // where it was 138–203 MB, as V8 happened to collect).
    exposeGc()?.();
    // The folders listed to find the files serve this thread's evidence checks (a worker lists its own).
    const checker = new PartChecker(run, data, texts, found.listings);
    // Policies are context: the context files alone hold every one the whole ledger would.
    const contextLedger = buildLedger(checker.contextFiles(), analysisOptions(common, found.root), new Reporter());
    checkPolicy(policy, contextLedger.policies);
    helper?.post({ kind: "parts", data });
    return await checkAll(run.paths.length, data, checker, counters, helper, emit);
  } finally {
    helper?.stop();
  }
}

/** Steps 1 and 2: the parts, from every file's facts; the facts go when this returns. */
async function findParts(run: RunData, counters: Int32Array, helper: Helper | undefined, groupSize: number | undefined, texts: KeptTexts): Promise<PartsData> {
  const reads = await readAll(run, counters, helper, texts);
  const paths: string[] = [];
  const facts: FileFacts[] = [];
  const sizes: number[] = [];
  const unitFile: number[] = [];
  const regions: (Region | null)[] = [];
  reads.forEach((read, file) => {
    // The first file in path order that cannot be read is the one a single pass reports.
    if ("problem" in read) throw new UsageError(read.problem);
    for (const unit of read.units) {
      paths.push(run.paths[file]!);
      facts.push(unit.facts);
      sizes.push(unit.size);
      unitFile.push(file);
      regions.push(unit.region ?? null);
    }
  });
  return { ...partition(paths, facts, sizes, groupSize), unitFile, regions };
}

/** Step 1: every file's facts (or why it cannot be read), in path order. */
async function readAll(run: RunData, counters: Int32Array, helper: Helper | undefined, texts: KeptTexts): Promise<FileRead[]> {
  const count = run.paths.length;
  const chunks = Math.ceil(count / CHUNK_SIZE);
  const byChunk: FileRead[][] = new Array(chunks);
  const read = (chunk: number) => {
    const from = chunk * CHUNK_SIZE;
    byChunk[chunk] = readFileFacts(run, from, Math.min(count, from + CHUNK_SIZE), texts);
  };
  for (let chunk = Atomics.add(counters, NEXT_CHUNK, 1); chunk < chunks; chunk = Atomics.add(counters, NEXT_CHUNK, 1)) read(chunk);
  await helper?.until("facts-done", (message) => {
    if (message.kind === "facts") byChunk[message.chunk] = message.reads;
  });
  for (let chunk = 0; chunk < chunks; chunk++) if (!byChunk[chunk]) read(chunk);
  return byChunk.flat();
}

/**
 * Step 3: every group of parts checked, and each file's piece handed to `emit` once every file
 * before it has its own (groups go in path order, so the pieces follow the check closely).
 */
async function checkAll(
  count: number,
  { groups, unitFile }: PartsData,
  checker: PartChecker,
  counters: Int32Array,
  helper: Helper | undefined,
  emit: (piece: string) => void,
): Promise<SeverityCounts> {
  const pieces: (string | string[] | undefined)[] = new Array(count);
  /** Files whose every unit is checked, and the first file not yet emitted. */
  const fileDone = new Uint8Array(count);
  const unitsLeft = new Int32Array(count);
  for (const file of unitFile) unitsLeft[file]!++;
  let next = 0;
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  const done = new Uint8Array(groups.length);
  const take = (report: Pick<PartReport, "pieces" | "counts">, checked: readonly number[]) => {
    for (const [file, piece] of report.pieces) {
      // A file checked by runs reports its slices as its runs are checked, group after group.
      const known = pieces[file];
      pieces[file] = Array.isArray(known) && Array.isArray(piece) ? known.concat(piece) : piece;
    }
    for (const severity of ["error", "warning", "info"] as const) counts[severity] += report.counts[severity];
    for (const group of checked) {
      done[group] = 1;
      for (const unit of groups[group]!) if (--unitsLeft[unitFile[unit]!]! === 0) fileDone[unitFile[unit]!] = 1;
    }
    const flush = (file: number) => {
      const piece = pieces[file];
      if (typeof piece === "string") emit(piece);
      else if (piece) for (const slice of piece) emit(slice);
      pieces[file] = undefined;
    };
    for (; next < count && fileDone[next]; next++) flush(next);
    // The slices of the first file not yet done are the start of its piece: they go out now.
    if (next < count && Array.isArray(pieces[next])) flush(next);
  };
  const check = (group: number) => take(checker.check(groups[group]!), [group]);
  const fromWorker = (message: FromWorker) => {
    if (message.kind !== "checked") return;
    take(message, message.groups);
    for (const group of message.groups) checker.forget(groups[group]!);
  };
  for (let group = Atomics.add(counters, NEXT_GROUP, 1); group < groups.length; group = Atomics.add(counters, NEXT_GROUP, 1)) {
    check(group);
    // The worker's pieces as they come, not all at the end: the report goes out as it is made.
    await helper?.drain("checked-done", fromWorker);
  }
  await helper?.until("checked-done", fromWorker);
  for (let group = 0; group < groups.length; group++) if (!done[group]) check(group);
  return counts;
}
