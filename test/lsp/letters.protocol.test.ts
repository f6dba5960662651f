/**
 * Protocol: "Dun: Generate demand letter" through the real server — the letter is written
 * into `letters/` beside the case file with its figures, never over an existing one, and the
 * `demand` entry comes back as one edit that, applied, takes the demand step.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { URI } from "vscode-uri";
import { LspClient } from "./lspClient";

let client: LspClient;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "dun-letters-"));
  cpSync(resolve(__dirname, "..", "..", "examples", "freelancer-logo"), root, { recursive: true });
  client = new LspClient({ today: "2026-05-04" });
  await client.initialize(root);
  await client.waitFor("the first summary", () => client.notifications.find((n) => n.method === "dun/summary"));
});

afterAll(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("letters over the protocol", () => {
  it("asks which debtor when the request names none and no case is under the cursor", async () => {
    await expect(client.connection.sendRequest("dun/generateLetter", { kind: "demand" })).rejects.toMatchObject({ code: -32001 });
    const debtors = (await client.connection.sendRequest("dun/debtors")) as { id: string; owed: string }[];
    // bramble owes MO-2026-007: 850.00 USD, no contract, so no fee or interest.
    expect(debtors).toEqual([expect.objectContaining({ id: "bramble", owed: "850.00 USD" })]);
  });

  it("writes the demand, never over an earlier one, and returns the entry that records it", async () => {
    const first = (await client.connection.sendRequest("dun/generateLetter", { kind: "demand", targets: ["bramble"] })) as {
      written: string[];
      record: WorkspaceEdit;
    };
    const letterPath = URI.parse(first.written[0]!).fsPath;
    expect(letterPath).toBe(join(root, "letters", "2026-05-04-bramble-demand.md"));
    const letter = readFileSync(letterPath, "utf8");
    expect(letter).toContain("850.00");
    // A first demand's deadline: the ladder's 10 days from 2026-05-04.
    expect(letter).toMatch(/May 14, 2026|14 May 2026/);

    const second = (await client.connection.sendRequest("dun/generateLetter", { kind: "demand", targets: ["bramble"] })) as { written: string[] };
    expect(URI.parse(second.written[0]!).fsPath).toBe(join(root, "letters", "2026-05-04-bramble-demand-2.md"));
    expect(readFileSync(letterPath, "utf8")).toBe(letter);

    // Apply the entry to the case file and let the server see it: the demand step is taken.
    const [uri, edits] = Object.entries(first.record.changes!)[0]! as [string, TextEdit[]];
    const path = URI.parse(uri).fsPath;
    const text = TextDocument.applyEdits(TextDocument.create(uri, "dun", 1, readFileSync(path, "utf8")), edits);
    expect(text).toContain("2026-05-04 demand MO-2026-007 via certified-mail");
    expect(text).toContain('evidence "letters/2026-05-04-bramble-demand.md"');
    await client.open(path, text);
    const diagnostics = await client.waitForDiagnostics(uri, (list) => !list.some((d) => d.code === "step-due" && d.message.includes("`demand`")));
    expect(diagnostics.filter((d) => d.code === "syntax")).toEqual([]);
    expect(existsSync(join(root, "letters", "2026-05-04-bramble-demand.md"))).toBe(true);
  });

  it("exports an open letter as a PDF beside it, on the paper of the debtor's jurisdiction", async () => {
    const path = join(root, "letters", "2026-05-04-bramble-demand.md");
    const uri = (await client.connection.sendRequest("dun/exportLetterPdf", { uri: LspClient.uri(path), text: readFileSync(path, "utf8") })) as string;
    const pdf = URI.parse(uri).fsPath;
    expect(pdf).toBe(join(root, "letters", "2026-05-04-bramble-demand.pdf"));
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe("%PDF");
    // bramble is in US-ME: US Letter, 612 × 792 points.
    const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(info.stdout).toMatch(/Page size:\s+612 x 792 pts/);
    const text = spawnSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).stdout;
    expect(text).toContain("850.00");
  });

  it("takes the debtor from the entry under the cursor", async () => {
    // Line 30 (0-based 29) of bramble.dun is `2026-03-02 invoice MO-2026-007 bramble 850.00`:
    // the cursor on its date is inside the invoice's entry, whose debtor is bramble.
    const uri = LspClient.uri(join(root, "bramble.dun"));
    const result = (await client.connection.sendRequest("dun/generateLetter", { kind: "statement", uri, position: { line: 29, character: 2 } })) as {
      debtor: string;
      written: string[];
      record?: unknown;
    };
    expect(result.debtor).toBe("bramble");
    expect(URI.parse(result.written[0]!).fsPath).toBe(join(root, "letters", "2026-05-04-bramble-statement.md"));
    expect(result.record).toBeUndefined(); // a statement is not recorded as a demand
  });
});
