/**
 * Protocol: formatting every example and fixture through the real server is lossless (same
 * tokens and comments, same meaning) and idempotent (formatting the result changes nothing).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TextEdit } from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { parseDun } from "../../grammar";
import { LspClient } from "./lspClient";

const REPO = resolve(__dirname, "..", "..");

function dunFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return dunFiles(path);
    return name.endsWith(".dun") ? [path] : [];
  });
}

const FILES = [...dunFiles(join(REPO, "examples")), ...dunFiles(join(REPO, "test", "fixtures"))];

let client: LspClient;
beforeAll(async () => {
  client = new LspClient({ today: "2026-05-04" });
  await client.initialize(join(REPO, "examples"));
});
afterAll(() => client.stop());

async function format(uri: string, text: string): Promise<string> {
  const edits = (await client.connection.sendRequest("textDocument/formatting", {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  })) as TextEdit[];
  return TextDocument.applyEdits(TextDocument.create(uri, "dun", 1, text), edits);
}

/** What formatting must keep: every word outside comments, and every comment's text. */
function meaning(text: string): { words: string[]; comments: string[]; errors: number } {
  const tree = parseDun(text);
  const comments = tree.comments.map((c) => c.text.trimEnd());
  let stripped = text;
  for (const comment of [...tree.comments].reverse()) stripped = stripped.slice(0, comment.start) + stripped.slice(comment.end);
  // Amounts may gain grouping and decimals; compare them by value.
  const words = (stripped.match(/"(?:[^"\\\n]|\\.)*"|[^\s"]+/g) ?? []).map((w) => (/^-?[\d,]+(\.\d+)?$/.test(w) ? String(Number(w.replace(/,/g, ""))) : w));
  return { words, comments, errors: tree.errors.length };
}

describe("formatting over the protocol", () => {
  it("is lossless and idempotent on every example and fixture", async () => {
    expect(FILES.length).toBeGreaterThan(50);
    for (const path of FILES) {
      const text = readFileSync(path, "utf8");
      const uri = await client.open(path, text);
      const once = await format(uri, text);
      expect(meaning(once), path).toEqual(meaning(text));
      await client.change(uri, [{ text: once }]);
      const twice = await format(uri, once);
      expect(twice, path).toBe(once);
    }
  }, 120_000);
});
