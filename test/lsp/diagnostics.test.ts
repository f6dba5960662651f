/** Protocol: the real server, over stdio, indexes a folder and pushes diagnostics as text changes. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LspClient } from "./lspClient";

let client: LspClient | undefined;
let folder: string | undefined;

afterEach(async () => {
  await client?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
  client = undefined;
  folder = undefined;
});

function workspace(files: Record<string, string>): string {
  folder = mkdtempSync(join(tmpdir(), "dun-lsp-"));
  for (const [name, text] of Object.entries(files)) {
    cpSync(resolve(__dirname, "..", "fixtures", "rules", "files"), join(folder, "files"), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return folder;
}

const PARTIES = `party acme "Acme"\n  self\n\nparty globex "Globex"\n`;
// Invoice of 2026-02-01, net 30 → due 2026-03-03; on 2026-05-04 it is 62 days late.
const CASE = `2026-02-01 invoice INV-1 globex 1,000.00\n  evidence "files/invoice.pdf"\n\n2026-02-01 sent INV-1 via email\n  evidence "files/sent.eml"\n`;

describe("diagnostics over the protocol", () => {
  it("indexes every file of the folder at start, resolving ids across files", async () => {
    const root = workspace({ "parties.dun": PARTIES, "case.dun": CASE });
    client = new LspClient({ today: "2026-05-04" });
    await client.initialize(root);
    const diagnostics = await client.waitForDiagnostics(LspClient.uri(join(root, "case.dun")), (list) => list.length > 0);
    const codes = diagnostics.map((d) => d.code).sort();
    // No contract: no-contract (info); 62 days late: overdue; no reminder yet: step-due (reminder since 03-04).
    expect(codes).toEqual(["no-contract", "overdue", "step-due"]);
    const overdue = diagnostics.find((d) => d.code === "overdue")!;
    expect(overdue.message).toContain("62 days late");
    expect(overdue.range.start).toEqual({ line: 0, character: 19 }); // the id INV-1
    expect(overdue.codeDescription?.href).toMatch(/language\.md#overdue$/);
    expect(overdue.source).toBe("dun");
  });

  it("sends no diagnostics before the folder is read, even when the client is slow to give the settings", async () => {
    const root = workspace({ "parties.dun": PARTIES, "case.dun": CASE });
    // The editor answers the settings request 300 ms late, and opens case.dun meanwhile: an
    // analysis of case.dun alone would call `globex` (defined in parties.dun) unknown.
    client = new LspClient({ today: "2026-05-04" }, { configurationDelayMs: 300 });
    await client.initialize(root);
    const uri = await client.open(join(root, "case.dun"), CASE);
    const diagnostics = await client.waitForDiagnostics(uri, (list) => list.some((d) => d.code === "overdue"));
    expect(diagnostics.map((d) => d.code).sort()).toEqual(["no-contract", "overdue", "step-due"]);
    const sent = client.publications.filter((p) => p.uri === uri).flatMap((p) => p.diagnostics.map((d) => d.code));
    expect(sent).not.toContain("unknown-ref");
  });

  it("recomputes a file's diagnostics when the text changes, and clears them when fixed", async () => {
    const root = workspace({ "parties.dun": PARTIES });
    client = new LspClient({ today: "2026-05-04" });
    await client.initialize(root);
    const uri = await client.open(join(root, "case.dun"), CASE.replace("globex", "globx"));
    const broken = await client.waitForDiagnostics(uri, (list) => list.some((d) => d.code === "unknown-ref"));
    expect(broken.find((d) => d.code === "unknown-ref")!.message).toContain("did you mean `globex`?");
    await client.change(uri, [{ range: { start: { line: 0, character: 25 }, end: { line: 0, character: 30 } }, text: "globex" }]);
    const fixed = await client.waitForDiagnostics(uri, (list) => !list.some((d) => d.code === "unknown-ref"));
    expect(fixed.map((d) => d.code)).toContain("overdue");
  });

  it("updates another file's diagnostics when an edit pays its invoice, and leaves unrelated files alone", async () => {
    // Two independent cases: INV-1 (globex) in case.dun and INV-2 (initech) in other.dun, both
    // 62 days late on 05-04; a third file, third.dun, is a case of its own.
    const other = CASE.replace(/INV-1/g, "INV-2").replace("globex", "initech");
    const third = CASE.replace(/INV-1/g, "INV-3").replace("globex", "umbrella");
    const root = workspace({ "parties.dun": `${PARTIES}\nparty initech "Initech"\n\nparty umbrella "Umbrella"\n`, "case.dun": CASE, "other.dun": other, "third.dun": third });
    client = new LspClient({ today: "2026-05-04" });
    await client.initialize(root);
    const otherUri = LspClient.uri(join(root, "other.dun"));
    const thirdUri = LspClient.uri(join(root, "third.dun"));
    await client.waitForDiagnostics(otherUri, (list) => list.some((d) => d.code === "overdue"));
    await client.waitForDiagnostics(thirdUri, (list) => list.some((d) => d.code === "overdue"));
    const summaries = () => client!.notifications.filter((n) => n.method === "dun/summary").length;
    await client.waitFor("the first summary", () => summaries() > 0);
    // A payment of INV-2 in full, written in case.dun: other.dun's overdue goes.
    const uri = await client.open(join(root, "case.dun"), CASE);
    const seen = client.diagnostics.get(thirdUri);
    await client.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: "\n2026-04-01 payment INV-2 1,000.00\n  receipt \"files/sent.eml\"\n" }]);
    await client.waitForDiagnostics(otherUri, (list) => !list.some((d) => d.code === "overdue"));
    // …and back: the payment removed, the two cases part again and the overdue returns.
    const before = summaries();
    await client.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 8, character: 0 } }, text: "" }]);
    await client.waitFor("a new summary", () => summaries() > before);
    const back = await client.waitForDiagnostics(otherUri, (list) => list.some((d) => d.code === "overdue"));
    expect(back.find((d) => d.code === "overdue")!.message).toContain("62 days late");
    // third.dun was never sent again: the same list object the client first received.
    expect(client.diagnostics.get(thirdUri)).toBe(seen);
  });

  it("clears evidence-not-found when the evidence file appears", async () => {
    const root = workspace({ "parties.dun": PARTIES });
    client = new LspClient({ today: "2026-05-04" });
    await client.initialize(root);
    const uri = await client.open(join(root, "case.dun"), CASE.replace("files/sent.eml", "mail/new.eml"));
    await client.waitForDiagnostics(uri, (list) => list.some((d) => d.code === "evidence-not-found"));
    cpSync(join(root, "files", "sent.eml"), join(root, "mail", "new.eml"), { recursive: true });
    await client.filesChanged([{ uri: LspClient.uri(join(root, "mail", "new.eml")), type: 1 }]);
    await client.waitForDiagnostics(uri, (list) => !list.some((d) => d.code === "evidence-not-found"));
  });

  it("honours dun.today and dun.rules", async () => {
    const root = workspace({ "parties.dun": PARTIES, "case.dun": CASE });
    // On 2026-03-03 (the due date) nothing is late yet; no-contract is turned off.
    client = new LspClient({ today: "2026-03-03", rules: { "no-contract": "off" } });
    await client.initialize(root);
    await client.waitFor("the summary", () => client!.notifications.find((n) => n.method === "dun/summary"));
    expect(client.diagnostics.get(LspClient.uri(join(root, "case.dun"))) ?? []).toEqual([]);
  });

  it("sends a file's list again only when what the client shows changes: a diagnostic, or where one stands", async () => {
    // The case with a note after it: typing in the note's text moves no diagnostic's line or character.
    const text = `${CASE}\n2026-03-01 note INV-1 "called them"\n`;
    const root = workspace({ "parties.dun": PARTIES, "case.dun": text });
    client = new LspClient({ today: "2026-05-04" });
    await client.initialize(root);
    const uri = await client.open(join(root, "case.dun"), text);
    await client.waitForDiagnostics(uri, (list) => list.some((d) => d.code === "overdue"));
    const summaries = () => client!.notifications.filter((n) => n.method === "dun/summary").length;
    const sentFor = () => client!.publications.filter((p) => p.uri === uri);
    /** Makes an edit and waits for the summary that follows its analysis; returns the lists sent for the file meanwhile. */
    const edit = async (line: number, character: number, insert: string) => {
      const sent = sentFor().length;
      const before = summaries();
      await client!.change(uri, [{ range: { start: { line, character }, end: { line, character } }, text: insert }]);
      await client!.waitFor("the summary after the edit", () => summaries() > before);
      return sentFor().slice(sent);
    };

    // Line 6 is the note; `"called them"` starts at character 22: typed into, nothing moves.
    expect(await edit(6, 24, "x")).toEqual([]);
    expect(await edit(6, 24, "y")).toEqual([]);

    // A second space before `INV-1` on line 0: the overdue id moves from character 19 to 20.
    const moved = await edit(0, 18, " ");
    expect(moved).toHaveLength(1);
    expect(moved[0]!.diagnostics.find((d) => d.code === "overdue")!.range.start).toEqual({ line: 0, character: 20 });

    // A comment line on top: every diagnostic moves down a line.
    const down = await edit(0, 0, "; the first case\n");
    expect(down).toHaveLength(1);
    expect(down[0]!.diagnostics.find((d) => d.code === "overdue")!.range.start).toEqual({ line: 1, character: 20 });

    // Typed at the end of line 1, where the overdue id stands: the list comes out the same, but
    // the editor may have moved or shrunk what it shows on that line, so it is sent again.
    const sameLine = await edit(1, 41, " ");
    expect(sameLine).toHaveLength(1);
    expect(sameLine[0]!.diagnostics).toEqual(down[0]!.diagnostics);

    // The id deleted and typed back in one change: the text is as it was, but the editor shrank
    // the diagnostics on it to nothing; they are sent again.
    const before = summaries();
    const sent = sentFor().length;
    const id = { start: { line: 1, character: 20 }, end: { line: 1, character: 25 } };
    await client.change(uri, [{ range: id, text: "" }, { range: { start: id.start, end: id.start }, text: "INV-1" }]);
    await client.waitFor("the summary after the change", () => summaries() > before);
    expect(sentFor().slice(sent)).toHaveLength(1);

    // What the client holds now is what a fresh server shows for the final text.
    const final = `; the first case\n${text.replace("invoice INV-1 globex 1,000.00", "invoice  INV-1 globex 1,000.00 ").replace('"called them"', '"cayxlled them"')}`;
    const shown = client.diagnostics.get(uri);
    const fresh = new LspClient({ today: "2026-05-04" });
    try {
      writeFileSync(join(root, "case.dun"), final);
      await fresh.initialize(root);
      const expected = await fresh.waitForDiagnostics(uri, (list) => list.some((d) => d.code === "overdue"));
      expect(shown).toEqual(expected);
    } finally {
      await fresh.stop();
    }
  });
});
