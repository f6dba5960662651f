// The language server on a generated workspace: `initialize` to the first diagnostics of the
// whole workspace (and to those of a case file open from the start, and the requests an editor
// sends as it shows that file, answered while the rest is analysed), one-character edits in a
// ~2,000-line file to their new diagnostics (p50/p95; in a name, which leaves them as they were,
// then in an invoice's amount, which changes them and has them sent), hover and completion latency, go to
// definition, find references and workspace symbols across the workspace, and the server's memory. Then, in a second server, typing in one large file (the same cases, up to
// 2,000, written as one file, as a ledger user keeps them): a key every 120 ms, completion asked
// after each, its latency, and the time from the last key to the file's new diagnostics.
//
//   node bench/lsp.mjs [CASES] [--out FILE]   (default 10000; generates the workspace of CASES cases if missing)
//
// Prints the results as JSON and writes them to bench/results/lsp-<timestamp>.json, or to FILE
// with --out (bench/run.mjs runs it that way and puts the figures in its own table).
import { spawn, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import rpc from "vscode-jsonrpc/node.js";
import { defaultOut, isGenerated } from "./generate.mjs";

const repo = resolve(import.meta.dirname, "..");
const outIndex = process.argv.indexOf("--out");
const outFile = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
const cases = Number(process.argv.slice(2).find((arg, i, all) => /^\d+$/.test(arg) && all[i - 1] !== "--out") ?? 10000);
const source = defaultOut(cases, false);
if (!isGenerated(source, cases, false)) execFileSync(process.execPath, [join(repo, "bench", "generate.mjs"), String(cases)], { stdio: "inherit" });

// A copy of the workspace in which the first case files are joined into one ~2,000-line file.
const root = mkdtempSync(join(tmpdir(), "dun-lsp-bench-"));
cpSync(source, root, { recursive: true });
const caseDir = join(root, "cases");
let big = "";
for (const name of readdirSync(caseDir).sort()) {
  if (big.split("\n").length >= 2000) break;
  big += readFileSync(join(caseDir, name), "utf8") + "\n";
  rmSync(join(caseDir, name));
}
const bigPath = join(root, "cases", "big.dun");
writeFileSync(bigPath, big);
const bigUri = pathToFileURL(bigPath).href;

// DUN_BENCH_NODE_ARGS: extra Node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const nodeArgs = (process.env.DUN_BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const server = spawn(process.execPath, [...nodeArgs, join(repo, "dist", "server.js"), "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
const published = new Map();
let onPublish = () => {};
connection.onNotification("textDocument/publishDiagnostics", (params) => {
  published.set(params.uri, params);
  onPublish(params);
});
connection.onNotification("dun/summary", () => onPublish({ summary: true }));
connection.onRequest("workspace/configuration", (params) => params.items.map(() => ({ today: "2026-05-04" })));
connection.onRequest("client/registerCapability", () => null);
connection.listen();

const now = () => Number(process.hrtime.bigint()) / 1e6;
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/** CPU milliseconds a process has used, all its threads (Linux's /proc); undefined elsewhere. */
const serverCpuMs = () => {
  try {
    // Fields 14 and 15 (utime, stime) after the command name, in clock ticks of 10 ms.
    const fields = readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
};
const serverCpuAtStart = serverCpuMs();
const clientCpuAtStart = process.cpuUsage();
const started = now();
await connection.sendRequest("initialize", {
  processId: process.pid,
  rootUri: pathToFileURL(root).href,
  workspaceFolders: [{ uri: pathToFileURL(root).href, name: "bench" }],
  capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
});
// A case file open in the editor from the start, as when VS Code reopens a window: its
// diagnostics come first (its part is analysed first), then the rest of the workspace's.
const openCase = join(caseDir, readdirSync(caseDir).sort().find((name) => name !== "big.dun"));
const openUri = pathToFileURL(openCase).href;
let openDiagnostics;
// What VS Code asks as it shows the document, sent as its diagnostics arrive: the time until the
// last is answered (the rest of the workspace is still being analysed meanwhile).
let openRequests;
const askAsEditorDoes = async () => {
  const document = { uri: openUri };
  const asked = now();
  await Promise.all([
    connection.sendRequest("textDocument/semanticTokens/full", { textDocument: document }),
    connection.sendRequest("textDocument/codeLens", { textDocument: document }),
    connection.sendRequest("textDocument/inlayHint", { textDocument: document, range: { start: { line: 0, character: 0 }, end: { line: 500, character: 0 } } }),
    connection.sendRequest("textDocument/documentSymbol", { textDocument: document }),
    connection.sendRequest("textDocument/foldingRange", { textDocument: document }),
  ]);
  openRequests = now() - asked;
};
let asking;
const firstDiagnostics = new Promise((done) => (onPublish = (p) => {
  if (p.uri === openUri && openDiagnostics === undefined) {
    openDiagnostics = now() - started;
    asking = askAsEditorDoes();
  }
  if (p.summary) done();
}));
await connection.sendNotification("initialized", {});
await connection.sendNotification("textDocument/didOpen", { textDocument: { uri: openUri, languageId: "dun", version: 1, text: readFileSync(openCase, "utf8") } });
await firstDiagnostics;
const initToDiagnostics = now() - started;
// The machine's two cores during it: the server (its main thread, the collector's and the
// compiler's threads) and this client (reading the messages, as an editor does).
const serverCpuAtDiagnostics = serverCpuMs();
const clientCpu = process.cpuUsage(clientCpuAtStart);
const firstDiagnosticsCpu = {
  serverMs: serverCpuAtDiagnostics === undefined || serverCpuAtStart === undefined ? null : serverCpuAtDiagnostics - serverCpuAtStart,
  clientMs: Math.round((clientCpu.user + clientCpu.system) / 1000),
};
await asking;
const files = published.size;
const rssMiB = () => Math.round(Number(execFileSync("ps", ["-o", "rss=", "-p", String(server.pid)], { encoding: "utf8" }).trim()) / 1024);
// Memory once the server has settled (it gives freed memory back after 1.5 s of quiet).
const settle = () => new Promise((done) => setTimeout(done, 2500));
await settle();
const rssIndexed = rssMiB();

const text = big;
let version = 1;
await connection.sendNotification("textDocument/didOpen", { textDocument: { uri: bigUri, languageId: "dun", version, text } });
const lines = text.split("\n");
// Edit inside a string near the middle: a one-character change that changes no figure.
const target = lines.findIndex((line, i) => i > lines.length / 2 && /^ {2}address "/.test(line));
const column = lines[target].indexOf('"') + 1;

/**
 * `count` edits at one place, a character typed there and deleted in turn, each timed to the
 * summary that follows its diagnostics; `sent` is told whether the file's list was sent.
 */
async function timeEdits(line, character, typed, count, sent = () => {}) {
  const times = [];
  for (let i = 0; i < count; i++) {
    version++;
    const change = i % 2 === 0
      ? { range: { start: { line, character }, end: { line, character } }, text: typed }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: "" };
    let listSent = false;
    const waited = new Promise((done) => (onPublish = (p) => {
      if (p.uri === bigUri) listSent = true;
      if (p.summary) done();
    }));
    const t0 = now();
    await connection.sendNotification("textDocument/didChange", { textDocument: { uri: bigUri, version }, contentChanges: [change] });
    await waited;
    times.push(now() - t0);
    sent(listSent);
  }
  return times;
}

const editTimes = await timeEdits(target, column, "x", 200);

// Edits that change the file's diagnostics, so that its list is sent: a digit typed into an
// invoice's amount and deleted again (its balance and figures change in the overdue message).
const amountLine = lines.findIndex((line, i) => i > lines.length / 2 && /^\d{4}-\d\d-\d\d invoice \S+ \S+ \d/.test(line));
const amountAt = lines[amountLine].search(/ \d/) + 2;
const changedTimes = await timeEdits(amountLine, amountAt, "1", 100, (sent) => {
  if (!sent) throw new Error("an edit of an invoice's amount sent no diagnostics for its file");
});

async function timed(method, params, n = 50) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await connection.sendRequest(method, params);
    times.push(now() - t0);
  }
  return times;
}
const invoiceLine = lines.findIndex((line) => / invoice /.test(line));
const hover = await timed("textDocument/hover", { textDocument: { uri: bigUri }, position: { line: invoiceLine, character: 20 } });
const completion = await timed("textDocument/completion", { textDocument: { uri: bigUri }, position: { line: target + 1, character: 2 } });
// Navigation through the whole workspace: go to definition and find references from an invoice
// named on a payment line, and "go to symbol in workspace" for a few queries as they are typed.
const paymentLine = lines.findIndex((line) => /^\d{4}-\d{2}-\d{2} payment /.test(line));
const named = { textDocument: { uri: bigUri }, position: { line: paymentLine, character: lines[paymentLine].indexOf(" payment ") + 10 } };
const definition = await timed("textDocument/definition", named);
const references = await timed("textDocument/references", { ...named, context: { includeDeclaration: true } });
const symbols = [];
for (const query of ["i", "in", "inv", "inv-2", "inv-20", "globex", "pol", ""]) symbols.push(...(await timed("workspace/symbol", { query }, 10)));

await settle();
const rssAfterEdits = rssMiB();
const typing = await typingInOneFile(Math.min(cases, 2000));

const results = {
  cases,
  files,
  initToFirstDiagnosticsMs: Math.round(initToDiagnostics),
  firstDiagnosticsCpu,
  initToOpenDocumentDiagnosticsMs: openDiagnostics === undefined ? null : Math.round(openDiagnostics),
  openDocumentRequestsMs: openRequests === undefined ? null : Math.round(openRequests),
  editToDiagnosticsMs: { p50: Math.round(percentile(editTimes, 50)), p95: Math.round(percentile(editTimes, 95)) },
  changingEditToDiagnosticsMs: { p50: Math.round(percentile(changedTimes, 50)), p95: Math.round(percentile(changedTimes, 95)) },
  hoverMs: { p50: Math.round(percentile(hover, 50)), p95: Math.round(percentile(hover, 95)) },
  completionMs: { p50: Math.round(percentile(completion, 50)), p95: Math.round(percentile(completion, 95)) },
  definitionMs: { p50: Math.round(percentile(definition, 50)), p95: Math.round(percentile(definition, 95)) },
  referencesMs: { p50: Math.round(percentile(references, 50)), p95: Math.round(percentile(references, 95)) },
  workspaceSymbolMs: { p50: Math.round(percentile(symbols, 50)), p95: Math.round(percentile(symbols, 95)) },
  serverRssMiB: { indexed: rssIndexed, afterEdits: rssAfterEdits },
  typingInOneFile: typing,
};
console.log(JSON.stringify(results, null, 2));
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(outFile ?? join(repo, "bench", "results", `lsp-${new Date().toISOString().replace(/[:.]/g, "-")}.json`), JSON.stringify(results, null, 2));
await connection.sendRequest("shutdown");
await connection.sendNotification("exit");
// Let it exit by itself (a --cpu-prof profile is written on exit), then make sure.
await Promise.race([new Promise((done) => server.once("exit", done)), new Promise((done) => setTimeout(done, 5000))]);
server.kill();
rmSync(root, { recursive: true, force: true });
process.exit(0);

/**
 * Typing 40 characters into a string near the middle of one file of `count` cases, a key every
 * 120 ms (a brisk typist), with a completion request after each key, as an editor sends them.
 */
async function typingInOneFile(count) {
  const dir = defaultOut(count, true);
  if (!isGenerated(dir, count, true)) execFileSync(process.execPath, [join(repo, "bench", "generate.mjs"), String(count), "--single"], { stdio: "inherit" });
  const child = spawn(process.execPath, [join(repo, "dist", "server.js"), "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const peer = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  // When the last summary came: the one after the last key may come before it is waited for.
  let summaryAt = 0;
  peer.onNotification("dun/summary", () => {
    summaryAt = now();
    onSummary();
  });
  let onSummary = () => {};
  peer.onNotification("textDocument/publishDiagnostics", () => {});
  peer.onRequest("workspace/configuration", (params) => params.items.map(() => ({ today: "2026-05-04" })));
  peer.onRequest("client/registerCapability", () => null);
  peer.listen();
  const summary = () => new Promise((done) => (onSummary = done));
  await peer.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "one-file" }], capabilities: { workspace: { configuration: true } } });
  let ready = summary();
  await peer.sendNotification("initialized", {});
  await ready;
  const path = join(dir, "ledger.dun");
  const uri = pathToFileURL(path).href;
  const text = readFileSync(path, "utf8");
  const rows = text.split("\n");
  const line = rows.findIndex((row, i) => i > rows.length / 2 && /^ {2}address "/.test(row));
  const column = rows[line].indexOf('"') + 1;
  ready = summary();
  await peer.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dun", version: 1, text } });
  await ready;
  const times = [];
  let lastKey = 0;
  for (let i = 0; i < 40; i++) {
    const at = { line, character: column + i };
    lastKey = now();
    await peer.sendNotification("textDocument/didChange", { textDocument: { uri, version: i + 2 }, contentChanges: [{ range: { start: at, end: at }, text: "x" }] });
    const asked = now();
    await peer.sendRequest("textDocument/completion", { textDocument: { uri }, position: { line: line + 1, character: 2 } });
    times.push(now() - asked);
    const wait = 120 - (now() - lastKey);
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
  }
  // The diagnostics that follow the last key: a summary comes after every publication, and the
  // last one (none for 800 ms after it) is the last key's; it may come during the last pause.
  while (summaryAt <= lastKey || now() - summaryAt < 800) await new Promise((done) => setTimeout(done, 50));
  const lastKeyToDiagnostics = summaryAt - lastKey;
  await peer.sendRequest("shutdown");
  await peer.sendNotification("exit");
  await Promise.race([new Promise((done) => child.once("exit", done)), new Promise((done) => setTimeout(done, 5000))]);
  child.kill();
  return {
    cases: count,
    completionMs: { p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)) },
    lastKeyToDiagnosticsMs: Math.round(lastKeyToDiagnostics),
  };
}
