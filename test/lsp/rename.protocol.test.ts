/** Protocol: the real server, over stdio, renames an id across two files of the folder it indexed. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrepareRenameRequest, RenameRequest, type TextEdit } from "vscode-languageserver-protocol";
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

// case.dun: INV-1 is defined on line 2 (0-based), columns 19–24.
const CASE = `party globex "Globex"

2026-02-01 invoice INV-1 globex 1,000.00
`;

// payments.dun: INV-1 at line 0 columns 16–21, line 3 columns 5–10, line 5 columns 19–24.
const PAYMENTS = `2026-02-01 sent INV-1 via email

2026-03-09 call globex "Next week"
  re INV-1

2026-03-28 payment INV-1 400.00
`;

/** Starts the server on a folder holding both files, and waits until it has indexed them. */
async function serverOn(): Promise<{ caseUri: string; paymentsUri: string }> {
  folder = mkdtempSync(join(tmpdir(), "dun-rename-"));
  writeFileSync(join(folder, "case.dun"), CASE);
  writeFileSync(join(folder, "payments.dun"), PAYMENTS);
  client = new LspClient({ today: "2026-05-04" });
  await client.initialize(folder);
  // The summary follows the first analysis of the indexed folder.
  await client.waitFor("the first summary", () => client!.notifications.some((n) => n.method === "dun/summary"));
  return { caseUri: LspClient.uri(join(folder, "case.dun")), paymentsUri: LspClient.uri(join(folder, "payments.dun")) };
}

const spans = (edits: TextEdit[] | undefined) =>
  (edits ?? []).map((e) => [e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText]);

describe("rename over the protocol", () => {
  it("renames an invoice in the file that defines it and in the file that references it", async () => {
    const { caseUri, paymentsUri } = await serverOn();
    const position = { line: 3, character: 7 }; // inside `INV-1` of `re INV-1`, in a file never opened
    const prepared = await client!.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: paymentsUri }, position });
    expect(prepared).toEqual({ range: { start: { line: 3, character: 5 }, end: { line: 3, character: 10 } }, placeholder: "INV-1" });
    const edit = await client!.connection.sendRequest(RenameRequest.type, { textDocument: { uri: paymentsUri }, position, newName: "INV-2026-001" });
    expect(Object.keys(edit?.changes ?? {}).sort()).toEqual([caseUri, paymentsUri].sort());
    expect(spans(edit!.changes![caseUri])).toEqual([[2, 19, 2, 24, "INV-2026-001"]]);
    expect(spans(edit!.changes![paymentsUri])).toEqual([
      [0, 16, 0, 21, "INV-2026-001"],
      [3, 5, 3, 10, "INV-2026-001"],
      [5, 19, 5, 24, "INV-2026-001"],
    ]);
  });

  it("answers a refused rename with an error that says why, and keeps serving", async () => {
    const { caseUri } = await serverOn();
    const request = client!.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: caseUri },
      position: { line: 2, character: 20 },
      newName: "globex",
    });
    await expect(request).rejects.toThrow("cannot rename `INV-1` to `globex`: `globex` is already defined as a party at case.dun:1");
    expect(client!.alive).toBe(true);
    expect(client!.stderr.join("")).not.toContain("rename failed");
  });
});
