/**
 * Protocol: the editor features through the real bundled server over stdio, as an editor
 * would use them. Figures are worked out by hand in the comments.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, CompletionItem, Hover, TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LspClient } from "./lspClient";

// Globex owes INV-1 under contract C-1 (1.5% monthly, 10% yearly); due 2026-02-01 + 30 = 03-03.
// As of 2026-03-10 (7 days late): no fee month completed yet; interest = 1,000.00 × 10% / 365 × 7
// = 1.9178… → 1.92 USD; total due 1,001.92 USD. Reminder (due+1 = 03-04) and call (03-06) are
// steps whose day has come; none was taken, so the next step is the reminder.
const PARTIES = `party acme "Acme"\n  self\n\nparty globex "Globex Corporation"\n  contact "Hank" "CFO"\n`;
const CASE = [
  `2026-01-05 contract C-1 globex "Guarding"`,
  `  late-fee 1.5% monthly`,
  `  interest 10% yearly`,
  ``,
  `2026-02-01 invoice INV-1 C-1 1,000.00`,
  ``,
  `2026-02-01 sent INV-1 via email`,
  ``,
].join("\n");

let client: LspClient;
let root: string;
let caseUri: string;
let text = CASE;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "dun-features-"));
  writeFileSync(join(root, "parties.dun"), PARTIES);
  writeFileSync(join(root, "case.dun"), CASE);
  client = new LspClient({ today: "2026-03-10", rules: { "missing-evidence": "off", "no-work-proof": "off" } });
  await client.initialize(root);
  caseUri = await client.open(join(root, "case.dun"), CASE);
  await client.waitForDiagnostics(caseUri, (list) => list.some((d) => d.code === "step-due"));
});

afterAll(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

function apply(original: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("x", "dun", 1, original), edits);
}

describe("editor features over the protocol", () => {
  it("hovers an invoice with its figures", async () => {
    const hover = (await client.connection.sendRequest("textDocument/hover", {
      textDocument: { uri: caseUri },
      position: { line: 4, character: 21 }, // inside INV-1
    })) as Hover;
    const markdown = typeof hover.contents === "string" ? hover.contents : "value" in hover.contents ? hover.contents.value : "";
    expect(markdown).toContain("1,001.92 USD");
    expect(markdown).toContain("1.92 USD");
    expect(markdown).toContain("2026-03-03");
  });

  it("completes a payment's target with invoices and parties, not contracts", async () => {
    const line = "2026-03-10 payment ";
    const edited = `${text}${line}`;
    await client.change(caseUri, [{ text: edited }]);
    const items = (await client.connection.sendRequest("textDocument/completion", {
      textDocument: { uri: caseUri },
      position: { line: edited.split("\n").length - 1, character: line.length },
    })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    expect(labels).toContain("INV-1");
    expect(labels).toContain("globex");
    expect(labels).not.toContain("C-1");
    await client.change(caseUri, [{ text }]);
  });

  it("applies the step-due quick fix and the diagnostic goes away", async () => {
    const diagnostics = await client.waitForDiagnostics(caseUri, (list) => list.some((d) => d.code === "step-due"));
    const stepDue = diagnostics.find((d) => d.code === "step-due")!;
    const actions = (await client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri: caseUri },
      range: stepDue.range,
      context: { diagnostics: [stepDue] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title.includes("reminder"))!;
    expect(fix).toBeDefined();
    const edits = (fix.edit as WorkspaceEdit).changes![caseUri]!;
    text = apply(text, edits);
    expect(text).toContain("2026-03-10 reminder INV-1 via email");
    await client.change(caseUri, [{ text }]);
    // The reminder is taken; the call (due 03-06) is now the next step, and due: step-due stays,
    // but for the call.
    const after = await client.waitForDiagnostics(caseUri, (list) => list.some((d) => d.code === "step-due" && d.message.includes("`call`")));
    expect(after.filter((d) => d.code === "step-due" && d.message.includes("`reminder`"))).toEqual([]);
  });

  it("keeps serving after a request that fails", async () => {
    await expect(
      client.connection.sendRequest("textDocument/hover", { textDocument: { uri: caseUri }, position: null }),
    ).rejects.toBeDefined();
    const again = await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: caseUri }, position: { line: 4, character: 21 } });
    expect(again).not.toBeNull();
    expect(client.alive).toBe(true);
  });
});
