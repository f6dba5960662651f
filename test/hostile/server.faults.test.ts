/**
 * The real server (dist/server.js over stdio) under faults: requests that throw, bytes that
 * are not JSON-RPC, unknown methods, odd URIs, and `.dun` paths on disk that are not readable
 * files (a folder named `x.dun`, a FIFO, a file deleted between the watch event and the read,
 * bytes that are not UTF-8). Each time the server must answer (with an error where the request
 * was at fault) and keep serving: after every fault a normal hover is answered and fresh
 * diagnostics are published.
 *
 * Tests run as root in CI, where `chmod 000` does not stop a read; a FIFO (whose open blocks
 * until a writer comes) and a folder stand in for an unreadable file.
 */
import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileChangeType, HoverRequest, ResponseError } from "vscode-languageserver-protocol";
import { afterEach, describe, expect, it } from "vitest";
import { LspClient } from "../lsp/lspClient";

const TODAY = "2026-05-04";
const PARTIES = `party acme "Acme"\n  self\n\nparty globex "Globex"\n`;
// Due 2026-03-03 (net 30): overdue on 2026-05-04.
const CASE = `2026-02-01 invoice INV-1 globex 1,000.00\n`;

let client: LspClient | undefined;
let folder = "";

afterEach(async () => {
  await client?.stop();
  client = undefined;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = "";
});

function serverProcess(c: LspClient): ChildProcess {
  return (c as unknown as { process: ChildProcess }).process;
}

async function start(files: Record<string, string>, prepare?: (folder: string) => void): Promise<LspClient> {
  folder = realpathSync(mkdtempSync(join(tmpdir(), "dun-faults-")));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, ".."), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  prepare?.(folder);
  client = new LspClient({ today: TODAY });
  await client.initialize(folder);
  await client.waitFor("the first summary", () => client!.notifications.some((n) => n.method === "dun/summary"), 20_000);
  return client;
}

const summaries = (c: LspClient) => c.notifications.filter((n) => n.method === "dun/summary").length;

/** The server still answers a normal hover on an invoice id, and is still running. */
async function expectServing(c: LspClient): Promise<void> {
  const uri = LspClient.uri(join(folder, "case.dun"));
  const hover = await c.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 22 } });
  expect(hover, "a hover on INV-1").not.toBeNull();
  expect(JSON.stringify(hover)).toContain("INV-1");
  expect(c.alive, `server exited; stderr: ${c.stderr.join("")}`).toBe(true);
}

/** A request settles (answer or error) within `ms`; never hangs. */
async function settles<T>(promise: Promise<T>, ms = 10_000): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no answer in ${ms} ms`)), ms)));
  try {
    return { ok: true, value: await Promise.race([promise, timeout]) };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("no answer")) throw error;
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

describe("requests at fault are answered with an error, and the server goes on", () => {
  it("hover, completion, code action and formatting with malformed parameters", async () => {
    const c = await start({ "parties.dun": PARTIES, "case.dun": CASE });
    const uri = LspClient.uri(join(folder, "case.dun"));
    await c.open(join(folder, "case.dun"), CASE);
    const malformed: [string, unknown][] = [
      ["textDocument/hover", { textDocument: { uri }, position: null }],
      ["textDocument/hover", { textDocument: { uri }, position: { line: "x", character: -5 } }],
      ["textDocument/hover", { textDocument: { uri }, position: { line: 1e300, character: Number.MAX_SAFE_INTEGER } }],
      ["textDocument/hover", { textDocument: null, position: { line: 0, character: 0 } }],
      ["textDocument/hover", {}],
      ["textDocument/completion", { textDocument: { uri }, position: { line: -1, character: -1 } }],
      ["textDocument/completion", { textDocument: { uri }, position: { line: 0 } }],
      ["textDocument/codeAction", { textDocument: { uri }, range: null, context: { diagnostics: [] } }],
      ["textDocument/codeAction", { textDocument: { uri }, range: { start: { line: 5, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [{ nonsense: true }] } }],
      ["textDocument/formatting", { textDocument: { uri }, options: null }],
      ["textDocument/rangeFormatting", { textDocument: { uri }, range: { start: { line: 9, character: 9 } }, options: { tabSize: 2, insertSpaces: true } }],
      ["textDocument/rename", { textDocument: { uri }, position: { line: 0, character: 22 }, newName: null }],
      ["textDocument/inlayHint", { textDocument: { uri }, range: "everything" }],
      ["workspace/symbol", { query: { not: "a string" } }],
    ];
    let errors = 0;
    for (const [method, params] of malformed) {
      const result = await settles(c.connection.sendRequest(method, params));
      if (!result.ok) {
        errors++;
        expect(result.error, `${method} ${JSON.stringify(params)}`).toBeInstanceOf(ResponseError);
      }
      await expectServing(c);
    }
    // At least the ones that cannot be read at all (a null position, no document) are errors.
    expect(errors).toBeGreaterThanOrEqual(3);
    const log = c.notifications.filter((n) => n.method === "window/logMessage").map((n) => JSON.stringify(n.params));
    expect(log.join("\n"), "each failure is logged with its request").toMatch(/dun: hover failed/);
  });

  it("an unknown request is refused as method-not-found; unknown notifications are ignored", async () => {
    const c = await start({ "parties.dun": PARTIES, "case.dun": CASE });
    const result = await settles(c.connection.sendRequest("dun/noSuchMethod", { a: 1 }));
    expect(result.ok).toBe(false);
    expect((result as { error: ResponseError<unknown> }).error.code).toBe(-32601);
    await c.connection.sendNotification("dun/noSuchNotification", { a: 1 });
    await c.connection.sendNotification("$/noSuchThing", null);
    await expectServing(c);
  });

  it("bytes that are not JSON-RPC, under a valid Content-Length header, do not kill it", async () => {
    const c = await start({ "parties.dun": PARTIES, "case.dun": CASE });
    const stdin = serverProcess(c).stdin!;
    const frame = (body: Buffer | string) => {
      const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
      stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, "ascii"), bytes]));
    };
    frame("{garbage!");
    frame(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7b]));
    frame("null");
    frame("[1,2,3]");
    frame('"a string"');
    frame('{"jsonrpc":"2.0"}');
    frame('{"jsonrpc":"2.0","id":991,"method":42}');
    frame('{"jsonrpc":"2.0","id":{"nested":true},"method":"textDocument/hover","params":{}}');
    frame('{"jsonrpc":"2.0","id":992,"method":"textDocument/hover","params":"not an object"}');
    frame('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere.dun","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"x"}]}}');
    frame('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.dun","languageId":"dun","version":1,"text":null}}}');
    frame('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":null}');
    frame('{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":42,"type":1}]}}');
    frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:Untitled-1","languageId":"dun","version":1,"text":"party x \\"X\\"\\n"}}}`);
    frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/%00nul.dun","languageId":"dun","version":1,"text":"  orphan\\n"}}}`);
    await expectServing(c);
    // And it still analyses: a change to the workspace gets new diagnostics out.
    const before = summaries(c);
    await c.open(join(folder, "case.dun"), `${CASE}2026-02-02 payment INV-9 5\n`);
    await c.waitFor("a new summary", () => summaries(c) > before);
    const uri = LspClient.uri(join(folder, "case.dun"));
    await c.waitForDiagnostics(uri, (list) => list.some((d) => d.code === "unknown-ref"));
  });
});

describe(".dun paths that are not readable files", () => {
  it("at start-up: a folder named x.dun, a FIFO named pipe.dun, a link loop, bytes that are not UTF-8", async () => {
    const c = await start({ "parties.dun": PARTIES, "case.dun": CASE, "x.dun/inner.dun": CASE.replace("INV-1", "INV-2") }, (root) => {
      execFileSync("mkfifo", [join(root, "pipe.dun")]);
      execFileSync("ln", ["-s", ".", join(root, "loop")]);
      writeFileSync(join(root, "binary.dun"), Buffer.from([0x70, 0x61, 0x72, 0x00, 0xff, 0xfe, 0x0a, 0x20, 0x20, 0xc3, 0x28, 0x0a]));
    });
    await expectServing(c);
    // The folder's own ledger is read; the FIFO is not waited on; the binary file gets syntax errors.
    await c.waitForDiagnostics(LspClient.uri(join(folder, "binary.dun")), (list) => list.some((d) => d.code === "syntax"));
    await c.waitForDiagnostics(LspClient.uri(join(folder, "x.dun", "inner.dun")), (list) => list.some((d) => d.code === "overdue"));
  });

  it("a watch event for a FIFO, a folder or a file that is gone: no hang, no crash, the file dropped", async () => {
    const c = await start({ "parties.dun": PARTIES, "case.dun": CASE, "other.dun": `2026-02-01 invoice INV-7 globex 7.00\n` });
    const other = LspClient.uri(join(folder, "other.dun"));
    await c.waitForDiagnostics(other, (list) => list.some((d) => d.code === "overdue"));

    execFileSync("mkfifo", [join(folder, "pipe.dun")]);
    mkdirSync(join(folder, "dir.dun"));
    await c.filesChanged([
      { uri: LspClient.uri(join(folder, "pipe.dun")), type: FileChangeType.Created },
      { uri: LspClient.uri(join(folder, "dir.dun")), type: FileChangeType.Created },
      { uri: LspClient.uri(join(folder, "pipe.dun")), type: FileChangeType.Changed },
    ]);
    await expectServing(c);

    // Deleted between the watch event and the read: the event says "changed", the file is gone.
    unlinkSync(join(folder, "other.dun"));
    const before = summaries(c);
    await c.filesChanged([{ uri: other, type: FileChangeType.Changed }]);
    await c.waitFor("a new summary", () => summaries(c) > before);
    await c.waitForDiagnostics(other, (list) => list.length === 0);
    await expectServing(c);

    // Replaced by a FIFO under the same name.
    execFileSync("mkfifo", [join(folder, "other.dun")]);
    await c.filesChanged([{ uri: other, type: FileChangeType.Created }]);
    await expectServing(c);
  });

  it("closing an editor whose file on disk became a FIFO does not block", async () => {
    const c = await start({ "parties.dun": PARTIES, "case.dun": CASE, "open.dun": "" });
    const path = join(folder, "open.dun");
    const uri = await c.open(path, `2026-02-01 invoice INV-8 globex 8.00\n`);
    await c.waitForDiagnostics(uri, (list) => list.some((d) => d.code === "overdue"));
    unlinkSync(path);
    execFileSync("mkfifo", [path]);
    await c.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    await expectServing(c);
    await c.waitForDiagnostics(uri, (list) => list.length === 0);
  });
});
