/**
 * In-process phase breakdown of `dun check` on one workspace. `bench/run.mjs` bundles this
 * file with esbuild into bench/.cache/phases.cjs and runs it as
 *
 *   node --expose-gc bench/.cache/phases.cjs DIR [--today DATE] [--iterations K]
 *
 * It prints one JSON object: for every iteration, the milliseconds of each phase, and the
 * retained heap after reading, parsing and analysing. The phases follow what the CLI does
 * (server/cli/load.ts and check.ts), taken apart:
 *
 *   read          find the .dun files (listing every folder, evidence folders too), read and
 *                 decode them (UTF-8, strict)
 *   lex           chevrotain tokenizing alone (a separate pass, for comparison)
 *   parseChevrotain  parseDunChevrotain alone, the reference path (a separate pass, for
 *                 comparison: what parse cost before the fast path)
 *   parseDun      parseDun alone: the fast path, chevrotain for a file with a syntax error (a
 *                 separate pass, the same work as parseChevrotain)
 *   parse         Workspace.setFile for every file: parseDun (the fast path, chevrotain for a
 *                 file with a syntax error) + line index
 *   ledger        buildLedger alone (definitions, references, money, actions): a separate pass
 *   analyze       analyze() with evidence files stubbed (`exists: () => true`): the pure engine
 *   analyzeDisk   analyze() with the CLI's disk-backed files (server/node/disk.ts: the folders
 *                 listed while finding the files, a stat per folder and per name not listed)
 *   output        diagnostics to line/column and the JSON text, as `check --format json` does
 */
import { parseDun } from "../grammar/parse";
import { parseDunChevrotain } from "../grammar/chevrotainParse";
import { dunLexer } from "../grammar/tokens";
import { analyze, Workspace, type Analysis } from "../server/engine";
import { buildLedger } from "../server/engine/ledgerBuilder";
import { Reporter } from "../server/engine/reporter";
import { diskFiles, findDunFiles, readDunFile, type Listings } from "../server/node/disk";
import { checkJson, diagnosticRows } from "../server/cli/checkReport";

interface Iteration {
  ms: Record<string, number>;
  heapMiB: Record<string, number>;
  counts: { files: number; bytes: number; tokens: number; entries: number; filesWithSyntaxErrors: number; diagnostics: number; outputBytes: number };
}

function args(): { dir: string; today: string; iterations: number } {
  const argv = process.argv.slice(2);
  let dir: string | undefined;
  let today = "2026-05-04";
  let iterations = 3;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--today") today = argv[++i]!;
    else if (arg === "--iterations") iterations = Number(argv[++i]);
    else dir = arg;
  }
  if (!dir) throw new Error("usage: phases DIR [--today DATE] [--iterations K]");
  return { dir, today, iterations };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap in use after a full collection (MiB), or without one where --expose-gc is missing. */
function heapMiB(): number {
  gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
}

function timed<T>(ms: Record<string, number>, name: string, work: () => T): T {
  const start = performance.now();
  const result = work();
  ms[name] = Math.round((performance.now() - start) * 10) / 10;
  return result;
}

function iteration(dir: string, today: string): Iteration {
  const ms: Record<string, number> = {};
  const heap: Record<string, number> = { start: heapMiB() };
  const root = process.cwd();
  const options = { today, defaultCurrency: "USD" };

  // The folders listed to find the files: the CLI's evidence checks use them again.
  const listings: Listings = new Map();
  const texts = timed(ms, "read", () => {
    const paths = findDunFiles([dir], process.cwd(), listings);
    return paths.map((path) => ({ path, text: readDunFile(path, path) }));
  });
  heap.afterRead = heapMiB();
  const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t.text), 0);

  const tokens = timed(ms, "lex", () => {
    const lexer = dunLexer();
    let count = 0;
    for (const { text } of texts) count += lexer.tokenize(text).tokens.length;
    return count;
  });

  gc?.();
  timed(ms, "parseChevrotain", () => {
    let entries = 0;
    for (const { text } of texts) entries += parseDunChevrotain(text).entries.length;
    return entries;
  });
  gc?.();
  timed(ms, "parseDun", () => {
    let entries = 0;
    for (const { text } of texts) entries += parseDun(text).entries.length;
    return entries;
  });
  gc?.();

  const workspace = timed(ms, "parse", () => {
    const ws = new Workspace();
    for (const { path, text } of texts) ws.setFile(path, text);
    return ws;
  });
  heap.afterParse = heapMiB();
  const entries = workspace.allFiles().reduce((sum, f) => sum + f.tree.entries.length, 0);
  // The fast path declines exactly the files with a syntax error: those went through chevrotain.
  const filesWithSyntaxErrors = workspace.allFiles().filter((f) => f.tree.errors.length > 0).length;

  timed(ms, "ledger", () => buildLedger(workspace.allFiles(), options, new Reporter()));

  let analysis: Analysis | undefined = timed(ms, "analyze", () =>
    analyze(workspace, { ...options, files: { root, exists: () => true } }),
  );
  heap.afterAnalyze = heapMiB();
  analysis = undefined;

  const diskAnalysis = timed(ms, "analyzeDisk", () => analyze(workspace, { ...options, files: diskFiles(root, { listings }) }));

  const output = timed(ms, "output", () => {
    const rows = diagnosticRows(diskAnalysis.diagnostics, workspace, (path) => path);
    return checkJson(today, texts.length, rows).text;
  });
  heap.withOutput = heapMiB();
  void analysis;

  return {
    ms,
    heapMiB: heap,
    counts: {
      files: texts.length,
      bytes,
      tokens,
      entries,
      filesWithSyntaxErrors,
      diagnostics: diskAnalysis.diagnostics.length,
      outputBytes: Buffer.byteLength(output),
    },
  };
}

function main(): void {
  const { dir, today, iterations } = args();
  const runs: Iteration[] = [];
  for (let i = 0; i < iterations; i++) runs.push(iteration(dir, today));
  const names = Object.keys(runs[0]!.ms);
  const median: Record<string, number> = {};
  for (const name of names) {
    const sorted = runs.map((r) => r.ms[name]!).sort((a, b) => a - b);
    median[name] = sorted[Math.floor(sorted.length / 2)]!;
  }
  process.stdout.write(
    `${JSON.stringify({ dir, today, iterations, gcExposed: gc !== undefined, median, first: runs[0]!.ms, runs }, null, 2)}\n`,
  );
}

main();
