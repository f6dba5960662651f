/**
 * Protocol: the first analysis of a large workspace (STAGED_FROM files or more) is made a group
 * of parts at a time, the open documents' parts first, with each group's diagnostics sent as it
 * is done (server/lsp/main.ts, publishStaged). What the client ends with must be what one
 * analysis of the whole workspace gives, file for file; the open document's text, not the
 * disk's, counts; the open document's diagnostics come before any other file's; and the
 * client is shown the work's progress.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineIndex } from "../../grammar";
import { analyze, Workspace } from "../../server/engine";
import { STAGED_FROM } from "../../server/lsp/session";
import { diskFiles } from "../../server/node/disk";
import { LspClient } from "./lspClient";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

const TODAY = "2026-05-04";
let root: string;
let client: LspClient;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "dun-staged-"));
  generateWorkspace(STAGED_FROM + 200, { out: root });
});

afterAll(async () => {
  await client?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** What a user reads of a diagnostic: the code, the message and where it starts and ends. */
type Seen = [code: string, message: string, from: string, to: string];

describe("the first analysis of a large workspace", () => {
  it("sends the open document's diagnostics first, and ends with those of one whole analysis", async () => {
    const cases = join(root, "cases");
    const names = readdirSync(cases).filter((name) => name.endsWith(".dun")).sort();
    expect(names.length).toBeGreaterThanOrEqual(STAGED_FROM);
    const openPath = join(cases, names[Math.floor(names.length / 2)]!);
    // The open document names an invoice no file defines: only its text, not the disk's, says so.
    const openText = `${readFileSync(openPath, "utf8")}\n2026-04-01 payment NO-SUCH-INVOICE 10.00\n`;

    client = new LspClient({ today: TODAY });
    await client.initialize(root);
    const openUri = await client.open(openPath, openText);
    await client.waitFor("the summary", () => client.notifications.some((n) => n.method === "dun/summary"), 60_000);

    // One analysis of the whole workspace, with the open document's text.
    const workspace = new Workspace();
    const paths: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith(".dun")) paths.push(path);
      }
    };
    walk(root);
    for (const path of paths) workspace.setFile(path, path === openPath ? openText : readFileSync(path, "utf8"));
    const analysis = analyze(workspace, { today: TODAY, defaultCurrency: "USD", files: diskFiles(root) });
    const expected = new Map<string, Seen[]>();
    for (const path of paths) {
      const lines = new LineIndex(workspace.getFile(path)!.text);
      const at = (offset: number) => {
        const { line, character } = lines.positionAt(offset);
        return `${line}:${character}`;
      };
      const list = analysis.diagnosticsOf(path).map((d): Seen => [d.code, d.message, at(d.range.start), at(d.range.end)]);
      if (list.length > 0) expected.set(LspClient.uri(path), list);
    }
    expect(expected.get(openUri)?.some(([code, message]) => code === "unknown-ref" && message.includes("NO-SUCH-INVOICE"))).toBe(true);

    const received = new Map<string, Seen[]>();
    for (const [uri, list] of client.diagnostics) {
      if (list.length === 0) continue;
      received.set(uri, list.map((d): Seen => [String(d.code), d.message, `${d.range.start.line}:${d.range.start.character}`, `${d.range.end.line}:${d.range.end.character}`]));
    }
    expect(received.size).toBe(expected.size);
    expect(Object.fromEntries(received)).toEqual(Object.fromEntries(expected));

    // The open document's part went first. Each generated case is a part of its own (its file
    // names no id of another), so the open document is the first file sent.
    expect(client.published[0]).toBe(openUri);
    expect(client.published.length).toBeGreaterThan(names.length / 2);

    // Its progress, as work done progress: begun, reported up to 100% at most, ended.
    type Progress = { token: string; value: { kind: "begin" | "report" | "end"; title?: string; percentage?: number; message?: string } };
    const progress = client.notifications.filter((n) => n.method === "$/progress").map((n) => n.params as Progress);
    expect(progress[0]?.value).toMatchObject({ kind: "begin", title: "Dun" });
    expect(progress[0]!.value.message).toMatch(/^checking [\d,]+ of [\d,]+ files$/);
    expect(progress.at(-1)?.value.kind).toBe("end");
    expect(new Set(progress.map((p) => p.token)).size).toBe(1);
    const percentages = progress.flatMap((p) => (p.value.percentage === undefined ? [] : [p.value.percentage]));
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
    expect(Math.max(...percentages)).toBeLessThanOrEqual(100);
  }, 120_000);
});
