/**
 * Protocol: a large workspace's first diagnostics, worked out on two threads
 * (server/lsp/parallelStart.ts), are the ones the server works out on one, file for file and
 * diagnostic for diagnostic, with the same summary; and the full analysis that follows sends
 * nothing different.
 *
 * The threshold is lowered through DUN_PARALLEL_START_FILES so that a workspace of a few
 * hundred files takes the two-thread path: the bundled examples (their `self` parties and
 * policies are the context every part reads), 300 generated cases, and files that tie parts
 * together or break them (a duplicate id across files, a reference one edit away from an id
 * for "did you mean", a syntax error, a payment filed apart from its invoice).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { LspClient } from "./lspClient";

const repo = resolve(__dirname, "..", "..");
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "dun-parallel-start-"));
  const { generateWorkspace } = (await import(join(repo, "bench", "generate.mjs"))) as {
    generateWorkspace: (n: number, options: { out: string; single?: boolean }) => unknown;
  };
  generateWorkspace(300, { out: join(root, "generated") });
  cpSync(join(repo, "examples"), join(root, "examples"), { recursive: true });
  mkdirSync(join(root, "odd"));
  writeFileSync(join(root, "odd", "duplicate.dun"), `party odd-one "Odd One"\n\n2026-01-10 invoice DUP-1 odd-one 100.00 USD\n`);
  writeFileSync(join(root, "odd", "duplicate-again.dun"), `2026-01-11 invoice DUP-1 odd-one 200.00 USD\n`);
  writeFileSync(join(root, "odd", "near.dun"), `2026-02-01 payment DUP-2 50.00 USD\n`);
  writeFileSync(join(root, "odd", "broken.dun"), `2026-02-01 invoice BROKEN-1 odd-one\n  due someday\n`);
  writeFileSync(join(root, "odd", "paid-apart.dun"), `2026-03-01 payment DUP-1 25.00 USD\n`);
}, 60_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Starts a server on the workspace and waits for its first summary: then, every file's diagnostics and the summary. */
async function firstDiagnostics(client: LspClient): Promise<{ byUri: Record<string, Diagnostic[]>; summary: unknown }> {
  await client.initialize(root);
  const summary = await client.waitFor("the first summary", () => client.notifications.find((n) => n.method === "dun/summary")?.params, 60_000);
  return { byUri: Object.fromEntries([...client.diagnostics].sort(([a], [b]) => (a < b ? -1 : 1))), summary };
}

it("gives the first diagnostics of one thread, file for file, and the full analysis after sends nothing new", async () => {
  const settings = { today: "2026-05-04" };
  const one = new LspClient(settings, { DUN_PARALLEL_START_FILES: "100000000" });
  const two = new LspClient(settings, { DUN_PARALLEL_START_FILES: "2" });
  try {
    const [single, parallel] = await Promise.all([firstDiagnostics(one), firstDiagnostics(two)]);
    // The two-thread path was taken (it says so in the log), and nothing failed.
    const logs = () => two.notifications.filter((n) => n.method === "window/logMessage").map((n) => (n.params as { message: string }).message);
    expect(logs().some((m) => /ran on two threads/.test(m))).toBe(true);
    expect(logs().filter((m) => /failed/.test(m))).toEqual([]);
    // A workspace where every kind of link between files shows: hundreds of files with diagnostics.
    expect(Object.keys(single.byUri).length).toBeGreaterThan(300);
    const codes = new Set(Object.values(single.byUri).flatMap((list) => list.map((d) => d.code)));
    for (const code of ["duplicate-id", "unknown-ref", "syntax", "overdue", "step-due"]) expect(codes).toContain(code);
    expect(parallel.byUri).toEqual(single.byUri);
    expect(parallel.summary).toEqual(single.summary);
    // Then the full analysis runs as on one thread, and its summary comes with the same diagnostics.
    await two.waitFor("the second summary", () => two.notifications.filter((n) => n.method === "dun/summary").length >= 2 || undefined, 60_000);
    expect(Object.fromEntries([...two.diagnostics].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual(single.byUri);
    expect(two.notifications.filter((n) => n.method === "dun/summary")[1]!.params).toEqual(single.summary);
  } finally {
    await Promise.all([one.stop(), two.stop()]);
  }
}, 120_000);
