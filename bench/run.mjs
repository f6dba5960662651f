#!/usr/bin/env node
// `npm run bench`: times `dun check` on generated workspaces.
//
//   node bench/run.mjs [--large] [--sizes N,N…] [--runs K] [--no-phases] [--no-time]
//
// For N = 1,000 and 10,000 cases (and 50,000 with --large), in both layouts (one file per
// case; one single file), it generates the workspace if missing (bench/generate.mjs), then
// runs `node dist/cli.js check DIR --today 2026-05-04 --format json` K times (default 3) as a
// child process and reports the median wall time, entries/s, lines, input bytes, the child's
// peak RSS (GNU /usr/bin/time %M, else a --require preload reading process.resourceUsage())
// and peak RSS / input size. Then an in-process phase breakdown (bench/phases.ts, bundled with
// esbuild into bench/.cache/) on the 10,000-case single-file workspace (and 50,000 with
// --large). Where `ledger` (ledger-cli) is on PATH, the same data exported as a journal
// (bench/ledger-export.mjs, DIR.ledger beside the single-file workspace) is timed with
// `ledger -f FILE stats` in the same way, and the dun/ledger ratios reported; the bench never
// installs ledger. It also times the extension's activation (bench/activation.cjs: require
// dist/extension.js and run activate() with a stub vscode, in a fresh process, 10 times).
// Prints tables and writes everything to bench/results/<timestamp>.json.
//
// --sizes 500 (a comma list) replaces the default sizes; CI runs
// `node bench/run.mjs --sizes 500 --runs 1 --no-phases` so the bench cannot rot (no times asserted).
//
// The language server is measured by bench/lsp.mjs on the largest size up to 10,000 (the
// real server over stdio: initialize to first diagnostics, 200 one-character edits in a
// ~2,000-line file (in a name: its diagnostics stay as they were), 100 that change them (a digit
// typed into an invoice's amount and deleted), hover and completion p95, go to definition, find
// references and workspace symbols p95, memory once indexed and after the edits; then
// typing in one file of the same cases, up to 2,000: completion while typing, and the last key
// to the new diagnostics).
//
// At the largest size, `dun check` is also run with the NODE_OPTIONS the README gives a runner
// short of memory (LEAN_NODE_OPTIONS), against the memory target.
//
// The floor (bench/floor.mjs, per workspace): `node -e 0`, then what any checker in Node must do
// before checking anything (list every folder, read the files, JSON.parse of the same entries as
// JSON, JSON.stringify of the same report), against half of ledger's time (the issue's target).
//
// --no-time forces the preload fallback for peak RSS; --no-phases skips the breakdown;
// --no-lsp skips the language server.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultOut, generateWorkspace, isGenerated } from "./generate.mjs";
import { writeLedger } from "./ledger-export.mjs";

const TODAY = "2026-05-04";
const bench = dirname(fileURLToPath(import.meta.url));
const repo = dirname(bench);
const cache = join(bench, ".cache");
const cli = join(repo, "dist", "cli.js");
/** Diagnostics a generated workspace must never produce: they would mean the generator is wrong. */
const INVALID = /^(syntax|unknown-ref|duplicate-id|bad-.*)$/;

// --- options ---------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const runsIndex = argv.indexOf("--runs");
const RUNS = runsIndex >= 0 ? Math.max(1, Number(argv[runsIndex + 1]) || 3) : 3;
const sizesIndex = argv.indexOf("--sizes");
const SIZES =
  sizesIndex >= 0
    ? (argv[sizesIndex + 1] ?? "")
        .split(",")
        .map((s) => Number(s.trim().replace(/_/g, "")))
        .filter((n) => Number.isInteger(n) && n > 0)
    : flag("--large")
      ? [1000, 10000, 50000]
      : [1000, 10000];
if (SIZES.length === 0) {
  process.stderr.write("bench: --sizes needs a comma list of whole numbers, e.g. --sizes 500,2000\n");
  process.exit(2);
}
const useGnuTime = !flag("--no-time") && existsSync("/usr/bin/time");

// --- helpers ------------------------------------------------------------------------------------

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mib = (bytes) => bytes / 1048576;
const fixed = (value, digits) => (value === undefined || Number.isNaN(value) ? "-" : value.toFixed(digits));
const thousands = (n) => Math.round(n).toLocaleString("en-US");

function log(line) {
  process.stderr.write(`${line}\n`);
}

/** Every .dun file under a folder, as the CLI finds them (skipping dot-folders). */
function dunFiles(folder, found = []) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) dunFiles(path, found);
    else if (entry.isFile() && entry.name.endsWith(".dun")) found.push(path);
  }
  return found;
}

/** Files, bytes, lines and entries (header lines: not indented, not blank, not a comment). */
function measureInput(dir) {
  const stats = { files: 0, bytes: 0, lines: 0, entries: 0 };
  for (const path of dunFiles(dir)) {
    const text = readFileSync(path, "utf8");
    stats.files++;
    stats.bytes += statSync(path).size;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      stats.lines++;
      const c = text.charCodeAt(start);
      // Header: starts in column 1 with something other than space, tab, CR, LF or `;`.
      if (end > start && c !== 32 && c !== 9 && c !== 13 && c !== 59) stats.entries++;
      start = end + 1;
    }
  }
  return stats;
}

function ensureWorkspace(cases, single) {
  const dir = defaultOut(cases, single);
  if (!isGenerated(dir, cases, single)) {
    const start = performance.now();
    generateWorkspace(cases, { out: dir, single });
    log(`generated ${relative(repo, dir)} in ${Math.round(performance.now() - start)} ms`);
  }
  return dir;
}

/**
 * The Node options the README gives a runner short of memory: a smaller young generation and
 * one helper thread. Timed beside the plain run at the largest size, so that the claim stays true.
 */
const LEAN_NODE_OPTIONS = "--max-semi-space-size=4 --v8-pool-size=1";

/** One `dun check` child: wall ms, peak RSS KiB, exit code; stdout goes to `outPath`. `nodeOptions`: NODE_OPTIONS for it. */
function runCheck(dir, outPath, nodeOptions) {
  const rssFile = join(cache, "rss.txt");
  const checkArgs = [cli, "check", dir, "--today", TODAY, "--format", "json"];
  const out = openSync(outPath, "w");
  let command;
  let args;
  let env = nodeOptions ? { ...process.env, NODE_OPTIONS: nodeOptions } : process.env;
  if (useGnuTime) {
    command = "/usr/bin/time";
    args = ["-f", "%M", "-o", rssFile, process.execPath, ...checkArgs];
  } else {
    command = process.execPath;
    args = ["--require", join(bench, "maxrss.cjs"), ...checkArgs];
    env = { ...env, DUN_BENCH_RSS_FILE: rssFile };
  }
  const start = performance.now();
  const child = spawnSync(command, args, { cwd: repo, env, stdio: ["ignore", out, "pipe"], maxBuffer: 64 * 1048576 });
  const wallMs = performance.now() - start;
  closeSync(out);
  if (child.error) throw child.error;
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`dun check ${dir} exited with ${child.status}: ${child.stderr?.toString().slice(0, 2000)}`);
  }
  const lastLine = readFileSync(rssFile, "utf8").trim().split("\n").pop();
  return { wallMs, peakKiB: Number(lastLine), exit: child.status };
}

function diagnosticsSummary(outPath) {
  const result = JSON.parse(readFileSync(outPath, "utf8"));
  const byCode = {};
  for (const d of result.diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
  const invalid = Object.entries(byCode).filter(([code]) => INVALID.test(code));
  return { files: result.files, total: result.diagnostics.length, byCode, invalid: Object.fromEntries(invalid) };
}

/** Wall time of starting the CLI and doing nothing (`--help`): the fixed cost in every run. */
function startupMs() {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    spawnSync(process.execPath, [cli, "check", "--help"], { cwd: repo, stdio: "ignore" });
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Wall time of `node -e 0`: Node's own start, which every Node program pays. */
function nodeStartMs() {
  const times = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    const start = performance.now();
    spawnSync(process.execPath, ["-e", "0"], { stdio: "ignore" });
    times.push(performance.now() - start);
  }
  return median(times);
}

const FLOOR_STEPS = ["walk", "read", "parse", "output"];

/**
 * The floor under `dun check` of one workspace (bench/floor.mjs, a child per run): the median
 * ms of each step, and their sum with Node's start: what a checker in Node spends before checking
 * anything. `report` is the report `dun check` wrote for the workspace.
 */
function runFloor(dir, report, nodeStart) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const output = execFileSync(process.execPath, [join(bench, "floor.mjs"), dir, report], { cwd: repo, encoding: "utf8", maxBuffer: 16 * 1048576 });
    runs.push(JSON.parse(output));
  }
  const ms = Object.fromEntries(FLOOR_STEPS.map((step) => [step, median(runs.map((run) => run.ms[step]))]));
  const totalMs = nodeStart + FLOOR_STEPS.reduce((sum, step) => sum + ms[step], 0);
  return { ms, nodeStartMs: nodeStart, totalMs, folders: runs[0].folders, jsonBytes: runs[0].jsonBytes, runs };
}

/** Runs of the extension's activation: each in a fresh process, as VS Code starts it once. */
const ACTIVATION_RUNS = 10;

/**
 * VS Code activating the extension (bench/activation.cjs, a fresh process each time, with a
 * stub `vscode`): median ms of requiring dist/extension.js, of activate() until it returns, and
 * of both. The server starts afterwards in its own process and is not counted; the child also
 * pays for loading Node's own modules (net, child_process…) that VS Code has already loaded.
 */
function activationMs() {
  const runs = [];
  for (let i = 0; i < ACTIVATION_RUNS; i++) {
    const output = execFileSync(process.execPath, [join(bench, "activation.cjs"), join(repo, "dist", "extension.js")], { cwd: repo, encoding: "utf8" });
    runs.push(JSON.parse(output));
  }
  const of = (key) => median(runs.map((run) => run[key]));
  return { runs: ACTIVATION_RUNS, requireMs: of("requireMs"), activateMs: of("activateMs"), totalMs: of("totalMs"), bundleBytes: statSync(join(repo, "dist", "extension.js")).size };
}

async function bundlePhases() {
  const { build } = await import("esbuild");
  const outfile = join(cache, "phases.cjs");
  // bench/phases.ts imports grammar/, server/engine/ and server/node/disk.ts by path: if the
  // engine's layout moves, fix the imports there (the CLI figures above do not depend on it).
  await build({
    entryPoints: [join(bench, "phases.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
  });
  return outfile;
}

function runPhases(script, dir) {
  const output = execFileSync(process.execPath, ["--expose-gc", script, dir, "--today", TODAY, "--iterations", String(RUNS)], {
    cwd: repo,
    maxBuffer: 16 * 1048576,
    encoding: "utf8",
  });
  return JSON.parse(output);
}

/** ledger-cli on PATH: { version } or undefined. Only probed, never installed. */
function ledgerProbe() {
  const probe = spawnSync("ledger", ["--version"], { stdio: ["ignore", "pipe", "ignore"], encoding: "utf8" });
  if (probe.error || probe.status !== 0) return undefined;
  return { version: probe.stdout.split("\n")[0].trim() };
}

/** The workspace as a ledger journal (DIR.ledger), re-exported when missing or older than DIR or the exporter. */
function ensureLedgerJournal(dir) {
  const file = `${dir}.ledger`;
  const manifest = join(dir, "manifest.json");
  const exporter = join(bench, "ledger-export.mjs");
  if (existsSync(file) && statSync(file).mtimeMs >= Math.max(statSync(manifest).mtimeMs, statSync(exporter).mtimeMs)) {
    // Count transactions cheaply: a line starting with a date.
    const transactions = (readFileSync(file, "utf8").match(/^\d{4}-\d\d-\d\d /gm) ?? []).length;
    return { file, transactions, bytes: statSync(file).size };
  }
  const start = performance.now();
  const exported = writeLedger(dir, file);
  log(`exported ${relative(repo, file)} (${thousands(exported.transactions)} transactions) in ${Math.round(performance.now() - start)} ms`);
  return { file, transactions: exported.transactions, bytes: exported.bytes };
}

/** One `ledger -f FILE stats` child: wall ms, peak RSS KiB (GNU time only, else undefined). */
function runLedger(file) {
  const rssFile = join(cache, "rss-ledger.txt");
  const ledgerArgs = ["-f", file, "stats"];
  const gnu = existsSync("/usr/bin/time");
  const [command, args] = gnu ? ["/usr/bin/time", ["-f", "%M", "-o", rssFile, "ledger", ...ledgerArgs]] : ["ledger", ledgerArgs];
  const start = performance.now();
  const child = spawnSync(command, args, { cwd: repo, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1048576 });
  const wallMs = performance.now() - start;
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`ledger -f ${file} stats exited with ${child.status}: ${child.stderr?.toString().slice(0, 2000)}`);
  const peakKiB = gnu ? Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) : undefined;
  return { wallMs, peakKiB };
}

function gitInfo() {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "grammar", "server"], { cwd: repo, encoding: "utf8" }).trim() !== "";
    return { commit, engineDirty: dirty };
  } catch {
    return {};
  }
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(fmt)].join("\n");
}

// --- main -----------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  mkdirSync(cache, { recursive: true });
  if (!existsSync(cli)) {
    log("dist/cli.js is missing: running npm run build");
    execFileSync("npm", ["run", "build"], { cwd: repo, stdio: "inherit" });
  }
  const cliBuilt = statSync(cli).mtime.toISOString();

  const startup = startupMs();
  log(`CLI startup (check --help): ${Math.round(startup)} ms; peak RSS via ${useGnuTime ? "/usr/bin/time %M" : "--require bench/maxrss.cjs"}`);
  const activation = activationMs();
  log(`extension activation: ${fixed(activation.totalMs, 1)} ms (require ${fixed(activation.requireMs, 1)} + activate ${fixed(activation.activateMs, 1)}), median of ${activation.runs}`);

  const workspaces = [];
  for (const cases of SIZES) {
    for (const single of [false, true]) {
      const dir = ensureWorkspace(cases, single);
      const input = measureInput(dir);
      const outPath = join(cache, `check-${cases}${single ? "-single" : ""}.json`);
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(runCheck(dir, outPath));
        log(`  ${relative(repo, dir)} run ${i + 1}/${RUNS}: ${Math.round(runs[i].wallMs)} ms, ${Math.round(runs[i].peakKiB / 1024)} MiB`);
      }
      const diagnostics = diagnosticsSummary(outPath);
      if (Object.keys(diagnostics.invalid).length > 0) {
        log(`  WARNING: ${relative(repo, dir)} has generator errors: ${JSON.stringify(diagnostics.invalid)}`);
      }
      const wallMs = median(runs.map((r) => r.wallMs));
      const peakKiB = Math.max(...runs.map((r) => r.peakKiB));
      // At the largest size, the same runs again with the lean Node options, right after the plain ones.
      let lean;
      if (cases === Math.max(...SIZES)) {
        const leanRuns = [];
        for (let i = 0; i < RUNS; i++) leanRuns.push(runCheck(dir, join(cache, "check-lean.json"), LEAN_NODE_OPTIONS));
        lean = { nodeOptions: LEAN_NODE_OPTIONS, runs: leanRuns, wallMs: median(leanRuns.map((r) => r.wallMs)), peakRssMiB: Math.max(...leanRuns.map((r) => r.peakKiB)) / 1024 };
        log(`  ${relative(repo, dir)} with NODE_OPTIONS="${LEAN_NODE_OPTIONS}": ${Math.round(lean.wallMs)} ms, ${Math.round(lean.peakRssMiB)} MiB`);
      }
      workspaces.push({
        name: `${cases}${single ? "-single" : ""}`,
        dir: relative(repo, dir),
        cases,
        layout: single ? "single file" : "file per case",
        ...input,
        runs,
        wallMs,
        wallMsMinusStartup: wallMs - startup,
        entriesPerSecond: input.entries / (wallMs / 1000),
        linesPerSecond: input.lines / (wallMs / 1000),
        peakRssMiB: peakKiB / 1024,
        rssPerInput: (peakKiB * 1024) / input.bytes,
        lean,
        diagnostics,
      });
    }
  }

  // --- ledger-cli on the same data, one journal per size (from the single-file workspace) ---
  const probe = ledgerProbe();
  const ledger = probe ? { available: true, version: probe.version, command: "ledger -f FILE stats", sizes: [] } : { available: false, skipped: true };
  if (probe) {
    for (const cases of SIZES) {
      const dir = defaultOut(cases, true);
      const journal = ensureLedgerJournal(dir);
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(runLedger(journal.file));
        log(`  ${relative(repo, journal.file)} run ${i + 1}/${RUNS}: ${Math.round(runs[i].wallMs)} ms, ${runs[i].peakKiB === undefined ? "?" : Math.round(runs[i].peakKiB / 1024)} MiB`);
      }
      const wallMs = median(runs.map((r) => r.wallMs));
      const peaks = runs.map((r) => r.peakKiB).filter((k) => k !== undefined);
      // entries/s counts the Dun entries of the same data (party and policy entries included),
      // so it compares directly with dun's figure; `transactions` is what ledger itself reads.
      const entries = workspaces.find((w) => w.cases === cases && w.layout === "single file").entries;
      const size = {
        cases,
        file: relative(repo, journal.file),
        transactions: journal.transactions,
        bytes: journal.bytes,
        runs,
        wallMs,
        entriesPerSecond: entries / (wallMs / 1000),
        peakRssMiB: peaks.length ? Math.max(...peaks) / 1024 : undefined,
      };
      ledger.sizes.push(size);
      for (const w of workspaces.filter((x) => x.cases === cases)) {
        w.vsLedger = {
          ledgerWallMs: wallMs,
          wallRatio: w.wallMs / wallMs, // dun / ledger: below 1 = dun faster
          speedup: wallMs / w.wallMs,
          rssRatio: size.peakRssMiB === undefined ? undefined : w.peakRssMiB / size.peakRssMiB,
        };
      }
    }
  }

  // --- the floor: Node's start, the walk, the reads, JSON.parse of the same entries, the report ---
  const nodeStart = nodeStartMs();
  for (const w of workspaces) {
    w.floor = runFloor(w.dir, join(cache, `check-${w.name}.json`), nodeStart);
    log(`  floor of ${w.dir}: ${Math.round(w.floor.totalMs)} ms (${FLOOR_STEPS.map((step) => `${step} ${Math.round(w.floor.ms[step])}`).join(", ")}, node ${Math.round(nodeStart)})`);
  }

  let lsp;
  if (!flag("--no-lsp")) {
    const cases = Math.max(...SIZES.filter((n) => n <= 10000), Math.min(...SIZES));
    const out = join(cache, `lsp-${cases}.json`);
    log(`language server: node bench/lsp.mjs ${cases}`);
    execFileSync(process.execPath, [join(bench, "lsp.mjs"), String(cases), "--out", out], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
    lsp = JSON.parse(readFileSync(out, "utf8"));
  }

  let phases = [];
  if (!flag("--no-phases")) {
    const script = await bundlePhases();
    for (const cases of SIZES.filter((n) => n >= 10000)) {
      const dir = defaultOut(cases, true);
      log(`phases: ${relative(repo, dir)} × ${RUNS} in one process`);
      phases.push({ workspace: `${cases}-single`, ...runPhases(script, dir) });
    }
  }

  const result = {
    date: new Date().toISOString(),
    today: TODAY,
    runsPerWorkspace: RUNS,
    machine: { platform: `${platform()} ${release()}`, cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version },
    git: gitInfo(),
    cliBuilt,
    peakRssMethod: useGnuTime ? "/usr/bin/time -f %M" : "--require bench/maxrss.cjs (process.resourceUsage().maxRSS)",
    startupMs: startup,
    activation,
    workspaces,
    lsp,
    phases,
    ledger,
    totalSeconds: 0,
  };

  // --- report ---
  console.log(`\ndun check --today ${TODAY} --format json, median of ${RUNS} runs (CLI startup alone: ${Math.round(startup)} ms)\n`);
  console.log(
    table(
      ["workspace", "files", "entries", "lines", "input MiB", "wall s", "min s", "entries/s", "lines/s", "peak MiB", "peak/input", "diagnostics"],
      workspaces.map((w) => [
        w.name,
        thousands(w.files),
        thousands(w.entries),
        thousands(w.lines),
        fixed(mib(w.bytes), 1),
        fixed(w.wallMs / 1000, 2),
        fixed(Math.min(...w.runs.map((r) => r.wallMs)) / 1000, 2),
        thousands(w.entriesPerSecond),
        thousands(w.linesPerSecond),
        fixed(w.peakRssMiB, 0),
        `${fixed(w.rssPerInput, 1)}x`,
        thousands(w.diagnostics.total),
      ]),
    ),
  );
  const leanRows = workspaces.filter((w) => w.lean);
  if (leanRows.length) {
    console.log(`\nthe memory target (5× input + 60 MB) with NODE_OPTIONS="${LEAN_NODE_OPTIONS}" (see the README), median of ${RUNS}:\n`);
    console.log(
      table(
        ["workspace", "wall s", "peak MiB", "target MiB", "plain: wall s", "plain: peak MiB"],
        leanRows.map((w) => [w.name, fixed(w.lean.wallMs / 1000, 2), fixed(w.lean.peakRssMiB, 0), fixed((5 * w.bytes + 60e6) / 1048576, 0), fixed(w.wallMs / 1000, 2), fixed(w.peakRssMiB, 0)]),
      ),
    );
  }
  console.log(`\nstarting, ms (median; a fresh process each run):\n`);
  console.log(
    table(
      ["what", "ms", "runs", "target", "how"],
      [
        ["dun check --help", fixed(startup, 1), RUNS, "-", "node dist/cli.js check --help, wall time"],
        ["extension activation", fixed(activation.totalMs, 1), activation.runs, "< 50", `require dist/extension.js ${fixed(activation.requireMs, 1)} + activate() ${fixed(activation.activateMs, 1)} (bench/activation.cjs)`],
      ],
    ),
  );
  if (lsp) {
    console.log(`\nlanguage server (bench/lsp.mjs, ${thousands(lsp.cases)} cases, ${thousands(lsp.files)} files; edits in a ~2,000-line file):\n`);
    console.log(
      table(
        ["what", "value", "target"],
        [
          ["initialize → first diagnostics, ms", lsp.initToFirstDiagnosticsMs, "< 2000"],
          ...(lsp.firstDiagnosticsCpu?.serverMs != null
            ? [["  CPU meanwhile: server (all threads) + client, ms; cores busy", `${lsp.firstDiagnosticsCpu.serverMs} + ${lsp.firstDiagnosticsCpu.clientMs}; ${fixed((lsp.firstDiagnosticsCpu.serverMs + lsp.firstDiagnosticsCpu.clientMs) / lsp.initToFirstDiagnosticsMs, 2)}`, "-"]]
            : []),
          ["initialize → the open document's diagnostics, ms", lsp.initToOpenDocumentDiagnosticsMs ?? "-", "-"],
          ["then the editor's requests on showing it (5), ms", lsp.openDocumentRequestsMs ?? "-", "-"],
          ["edit → diagnostics p50, ms", lsp.editToDiagnosticsMs.p50, "<= 15"],
          ["edit → diagnostics p95, ms", lsp.editToDiagnosticsMs.p95, "<= 50"],
          ...(lsp.changingEditToDiagnosticsMs
            ? [["an edit that changes them (an invoice's amount) → diagnostics p50 / p95, ms", `${lsp.changingEditToDiagnosticsMs.p50} / ${lsp.changingEditToDiagnosticsMs.p95}`, "-"]]
            : []),
          ["hover p95, ms", lsp.hoverMs.p95, "<= 30"],
          ["completion p95, ms", lsp.completionMs.p95, "<= 30"],
          ["go to definition / find references p95, ms", `${lsp.definitionMs.p95} / ${lsp.referencesMs.p95}`, "-"],
          ["workspace symbols p95, ms (8 queries)", lsp.workspaceSymbolMs.p95, "-"],
          ["server RSS once indexed, MiB", lsp.serverRssMiB.indexed, "<= 300"],
          ["server RSS after the edits, MiB", lsp.serverRssMiB.afterEdits, "<= 300"],
          ...(lsp.typingInOneFile
            ? [
                [`typing in one file of ${thousands(lsp.typingInOneFile.cases)} cases: completion p50, ms`, lsp.typingInOneFile.completionMs.p50, "-"],
                [`typing in one file of ${thousands(lsp.typingInOneFile.cases)} cases: completion p95, ms`, lsp.typingInOneFile.completionMs.p95, "<= 30"],
                ["typing in one file: last key → diagnostics, ms", lsp.typingInOneFile.lastKeyToDiagnosticsMs, "-"],
              ]
            : []),
        ],
      ),
    );
  }
  const bad = workspaces.filter((w) => Object.keys(w.diagnostics.invalid).length > 0);
  console.log(bad.length ? `\nGENERATOR ERRORS in ${bad.map((w) => w.name).join(", ")}` : "\nno syntax, unknown-ref, duplicate-id or bad-* diagnostics in any workspace");

  // Scaling: time above startup per 1,000 entries, smallest to largest of each layout.
  for (const layout of ["file per case", "single file"]) {
    const rows = workspaces.filter((w) => w.layout === layout);
    if (rows.length < 2) continue;
    const [a, b] = [rows[0], rows[rows.length - 1]];
    const per = (w) => w.wallMsMinusStartup / (w.entries / 1000);
    const marginal = (b.peakRssMiB - a.peakRssMiB) / mib(b.bytes - a.bytes);
    console.log(
      `scaling (${layout}): ${fixed(per(a), 1)} ms above startup per 1,000 entries at ${a.cases} cases, ${fixed(per(b), 1)} at ${b.cases} ` +
        `(${fixed(per(b) / per(a), 2)}x; 1.00 = linear, above = super-linear); marginal peak RSS ${fixed(marginal, 1)} MiB per input MiB`,
    );
  }

  for (const p of phases) {
    const order = ["read", "lex", "parse", "ledger", "analyze", "analyzeDisk", "output"];
    const notes = {
      read: "find (every folder listed) + read + UTF-8 decode",
      lex: "chevrotain tokenizing alone (for comparison)",
      parse: "Workspace.setFile: fast parser (chevrotain on syntax errors) + line index",
      ledger: "buildLedger only (also inside analyze)",
      analyze: "analyze(), evidence exists() stubbed",
      analyzeDisk: "analyze(), evidence on the disk as the CLI looks",
      output: "positions + JSON.stringify",
    };
    const c = p.runs[0].counts;
    console.log(
      `\nphases, ${p.workspace} (${thousands(c.entries)} entries, ${thousands(c.tokens)} tokens, ${thousands(c.diagnostics)} diagnostics), in-process, ms (median of ${p.iterations}; first run in brackets):\n`,
    );
    console.log(table(["phase", "ms", "first", "what"], order.map((name) => [name, fixed(p.median[name], 0), `(${fixed(p.first[name], 0)})`, notes[name]])));
    const h = p.runs[p.runs.length - 1].heapMiB;
    console.log(
      `retained heap after gc, MiB: texts ${fixed(h.afterRead - h.start, 0)}, + parsed workspace ${fixed(h.afterParse - h.afterRead, 0)}, + analysis ${fixed(h.afterAnalyze - h.afterParse, 0)}; input ${fixed(mib(c.bytes), 1)} MiB`,
    );
  }

  if (ledger.available) {
    console.log(`\n${ledger.version}: ledger -f DIR.ledger stats, same data, median of ${RUNS} runs; entries/s counts the Dun entries; ratio dun/ledger (below 1 = dun faster or smaller)\n`);
    console.log(
      table(
        ["cases", "transactions", "journal MiB", "ledger s", "entries/s", "peak MiB", "dun/ledger wall (per case)", "(single)", "dun/ledger peak (per case)", "(single)"],
        ledger.sizes.map((l) => {
          const perCase = workspaces.find((w) => w.cases === l.cases && w.layout === "file per case").vsLedger;
          const single = workspaces.find((w) => w.cases === l.cases && w.layout === "single file").vsLedger;
          return [
            thousands(l.cases),
            thousands(l.transactions),
            fixed(mib(l.bytes), 1),
            fixed(l.wallMs / 1000, 2),
            thousands(l.entriesPerSecond),
            fixed(l.peakRssMiB, 0),
            `${fixed(perCase.wallRatio, 2)}x`,
            `${fixed(single.wallRatio, 2)}x`,
            `${fixed(perCase.rssRatio, 2)}x`,
            `${fixed(single.rssRatio, 2)}x`,
          ];
        }),
      ),
    );
  } else {
    console.log("\nledger: not installed, comparison skipped");
  }

  console.log(
    `\nthe floor under dun check (bench/floor.mjs, median of ${RUNS}): node -e 0, then listing every folder, reading the .dun files, ` +
      `JSON.parse of the same entries as JSON and JSON.stringify of the same report; ms. The target, half of ledger's time, is below it where the last column is above 1\n`,
  );
  console.log(
    table(
      ["workspace", "node", "walk", "read", "parse", "output", "floor", "dun check", "dun/floor", "ledger/2", "floor/(ledger/2)"],
      workspaces.map((w) => {
        const half = w.vsLedger ? w.vsLedger.ledgerWallMs / 2 : undefined;
        return [
          w.name,
          fixed(w.floor.nodeStartMs, 0),
          ...FLOOR_STEPS.map((step) => fixed(w.floor.ms[step], 0)),
          fixed(w.floor.totalMs, 0),
          fixed(w.wallMs, 0),
          `${fixed(w.wallMs / w.floor.totalMs, 2)}x`,
          fixed(half, 0),
          half === undefined ? "-" : `${fixed(w.floor.totalMs / half, 2)}x`,
        ];
      }),
    ),
  );

  result.totalSeconds = (performance.now() - started) / 1000;
  mkdirSync(join(bench, "results"), { recursive: true });
  const resultPath = join(bench, "results", `${result.date.replace(/[:.]/g, "-")}.json`);
  writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${relative(repo, resultPath)} (${fixed(result.totalSeconds, 0)} s in all)`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
