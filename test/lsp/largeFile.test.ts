/**
 * Typing into a ledger kept as one large file, through the real server. A file of 128 KiB or
 * more is parsed again only around each edit and analysed a run of entries at a time, the runs
 * an edit did not touch keeping what was worked out of them (server/engine/incremental.ts).
 * After some two hundred edits (most inside names and notes, as people type; some pasting
 * entries, deleting lines and entries; now and then a line broken and mended), with pauses
 * mostly long enough for the server to publish in between, the server must show what a fresh
 * server shows for the final text: the same diagnostics, and the same hover and code lenses on
 * every invoice.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CodeLens, Diagnostic, Hover, Position, TextDocumentContentChangeEvent } from "vscode-languageserver-protocol";
import { CodeLensRequest, HoverRequest } from "vscode-languageserver-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { random } from "../helpers";
import { budget } from "../hostile/support";
import { LspClient } from "./lspClient";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

const TODAY = "2026-05-04";
let folder = "";
let ledger = "";
const clients: LspClient[] = [];

beforeAll(() => {
  folder = realpathSync(mkdtempSync(join(tmpdir(), "dun-large-file-")));
  generateWorkspace(160, { out: folder, single: true });
  ledger = readFileSync(join(folder, "ledger.dun"), "utf8");
});

afterAll(async () => {
  for (const client of clients) await client.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const summaries = (client: LspClient) => client.notifications.filter((n) => n.method === "dun/summary").length;

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length - 1, character: offset - (before.lastIndexOf("\n") + 1) };
}

/**
 * What people do to a ledger, as edits that keep it valid (a file with a syntax error is
 * analysed whole): mostly typing into names and notes; pasting entries that name another
 * case's invoice (joining two runs), notes and blank lines; deleting a property line or a
 * whole entry.
 */
function randomEdit(text: string, r: ReturnType<typeof random>): { start: number; end: number; insert: string } {
  const roll = r.next();
  const at = r.int(0, text.length);
  const quote = text.indexOf('"', at);
  if (roll < 0.65 && quote > 0) {
    // Inside the next string: a letter typed, or one deleted.
    const inside = text.charCodeAt(quote - 1) === 32 ? quote + 1 : quote;
    if (r.next() < 0.7) return { start: inside, end: inside, insert: "xyz k"[r.int(0, 4)]! };
    return text[inside] !== '"' ? { start: inside, end: inside + 1, insert: "" } : { start: inside, end: inside, insert: "q" };
  }
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const lineEnd = text.indexOf("\n", at) < 0 ? text.length : text.indexOf("\n", at) + 1;
  const header = /^[0-9a-z]/;
  if (roll < 0.8) {
    // At an entry's start: another case's payment or reminder, a note, a blank line.
    let entryStart = lineStart;
    while (entryStart > 0 && !header.test(text.slice(entryStart, entryStart + 1))) entryStart = text.lastIndexOf("\n", entryStart - 2) + 1;
    const entries = ["2026-04-01 payment INV-2025-00003 100.00\n", "2026-04-02 reminder INV-2025-00007 via email\n", "; a note\n", "\n"];
    return { start: entryStart, end: entryStart, insert: entries[r.int(0, entries.length - 1)]! };
  }
  if (roll < 0.9 && text.startsWith("  ", lineStart)) return { start: lineStart, end: lineEnd, insert: "" }; // a property line deleted
  // A whole entry deleted: its header and the lines up to the next header.
  let entryStart = lineStart;
  while (entryStart > 0 && !header.test(text.slice(entryStart, entryStart + 1))) entryStart = text.lastIndexOf("\n", entryStart - 2) + 1;
  let entryEnd = text.indexOf("\n", entryStart);
  while (entryEnd >= 0 && !header.test(text.slice(entryEnd + 1, entryEnd + 2))) entryEnd = text.indexOf("\n", entryEnd + 1);
  return { start: entryStart, end: entryEnd < 0 ? text.length : entryEnd + 1, insert: "" };
}

/** Diagnostics in a comparable form. */
const shown = (list: Diagnostic[]) => list.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`);

/** Waits until no summary has come for `quietMs`. */
async function settle(client: LspClient, quietMs: number): Promise<void> {
  let count = summaries(client);
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await sleep(50);
    if (summaries(client) !== count) {
      count = summaries(client);
      since = Date.now();
    }
  }
}

/** Hover and code lenses on every invoice's header, and the diagnostics, as a client sees them. */
async function view(client: LspClient, uri: string, text: string): Promise<{ diagnostics: string[]; hovers: (Hover | null)[]; lenses: CodeLens[] }> {
  const hovers: (Hover | null)[] = [];
  for (const match of text.matchAll(/^\d{4}-\d{2}-\d{2} invoice (\S+)/gm)) {
    const position = positionAt(text, match.index! + match[0].length - 2);
    hovers.push(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
  }
  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  return { diagnostics: shown(client.diagnostics.get(uri) ?? []), hovers, lenses };
}

describe("typing into a ledger kept as one large file", () => {
  it("shows what a fresh server shows for the final text: diagnostics, hovers, code lenses", async () => {
    expect(ledger.length).toBeGreaterThan(1 << 17);
    const path = join(folder, "ledger.dun");
    const typing = new LspClient({ today: TODAY });
    clients.push(typing);
    await typing.initialize(folder);
    await typing.waitFor("the first summary", () => summaries(typing) > 0, 60_000);
    const uri = await typing.open(path, ledger);
    // DUN_FUZZ_SEED replays it with another seed (test/hostile/support.ts).
    const r = random(budget(1, 20261127).seed);
    let text = ledger;
    const edit = async ({ start, end, insert }: { start: number; end: number; insert: string }) => {
      const change: TextDocumentContentChangeEvent = { range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert };
      text = text.slice(0, start) + insert + text.slice(end);
      await typing.change(uri, [change]);
    };
    for (let burst = 0; burst < 40; burst++) {
      for (let i = r.int(1, 8); i > 0; i--) await edit(randomEdit(text, r));
      if (burst % 9 === 4) {
        // A line broken in the middle of a word (a syntax error: the file is analysed whole),
        // its diagnostics seen, then mended.
        const at = text.indexOf(" invoice ", r.int(0, text.length - 1000)) + 4;
        await edit({ start: at, end: at, insert: "\n" });
        await sleep(250);
        await edit({ start: at, end: at + 1, insert: "" });
      }
        // A pause: mostly long enough for the diagnostics of the text so far.
      await sleep(r.next() < 0.7 ? r.int(150, 300) : r.int(0, 40));
    }
    await settle(typing, 1500);
    const typed = await view(typing, uri, text);
    expect(typing.stderr.join("")).not.toContain("failed");

    writeFileSync(path, text);
    const fresh = new LspClient({ today: TODAY });
    clients.push(fresh);
    await fresh.initialize(folder);
    await fresh.waitFor("the first summary", () => summaries(fresh) > 0, 60_000);
    const freshView = await view(fresh, LspClient.uri(path), text);
    expect(freshView.diagnostics.length).toBeGreaterThan(100);
    expect(freshView.hovers.length).toBeGreaterThan(100);
    expect(typed.diagnostics).toEqual(freshView.diagnostics);
    expect(typed.hovers).toEqual(freshView.hovers);
    expect(typed.lenses).toEqual(freshView.lenses);
  }, 120_000);

  it("sends the file's list again only when typing moves a diagnostic's line or character", async () => {
    const typing = new LspClient({ today: TODAY });
    clients.push(typing);
    await typing.initialize(folder);
    await typing.waitFor("the first summary", () => summaries(typing) > 0, 60_000);
    const uri = await typing.open(join(folder, "ledger.dun"), ledger);
    await settle(typing, 500);
    const sentFor = () => typing.publications.filter((p) => p.uri === uri);
    const sentBefore = sentFor().length;
    const key = async (position: Position, text: string) => {
      const before = summaries(typing);
      await typing.change(uri, [{ range: { start: position, end: position }, text }]);
      await typing.waitFor("the key's summary", () => summaries(typing) > before);
    };
    // Ten letters typed into a party's name near the middle: the runs after it are moved by
    // offsets, their diagnostics with them, but no line or character changes.
    const at = ledger.indexOf('"', ledger.indexOf("\nparty ", ledger.length >> 1)) + 1;
    for (let i = 0; i < 10; i++) await key(positionAt(ledger, at), "k");
    expect(sentFor().length).toBe(sentBefore);
    // A line added above it: every diagnostic below moves down one line, and the list is sent.
    const lastSent = typing.diagnostics.get(uri)!;
    await key(positionAt(ledger, ledger.lastIndexOf("\n", at) + 1), "; a note\n");
    expect(sentFor().length).toBe(sentBefore + 1);
    const moved = typing.diagnostics.get(uri)!;
    expect(moved).toHaveLength(lastSent.length);
    const line = positionAt(ledger, at).line;
    const below = lastSent.findIndex((d) => d.range.start.line > line);
    expect(below).toBeGreaterThanOrEqual(0);
    expect(moved[below]!.range.start.line).toBe(lastSent[below]!.range.start.line + 1);
  }, 60_000);
});
