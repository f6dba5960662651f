/**
 * The id index (server/engine/idIndex.ts) that go to definition, find references, rename and
 * workspace symbols read must answer, after any sequence of edits, what a walk over every
 * occurrence of every file in path order answers: the same occurrences of each name in the
 * same order, the same first definition, the same broken headers. Random edit sequences over
 * realistic cases (test/randomEdits.ts) add, change and delete files, break headers and rename ids.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileOccurrences, Workspace, type DefinitionKind } from "../../server/engine";
import { IdIndex } from "../../server/engine/idIndex";
import { applyEdit } from "../randomEdits";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

const ROOT = "/ws";
const texts: Record<string, string> = {};
let generated: string;

beforeAll(() => {
  generated = mkdtempSync(join(tmpdir(), "dun-ididx-"));
  generateWorkspace(8, { out: generated });
  const files = readdirSync(generated, { withFileTypes: true, recursive: true }).filter((d) => d.isFile() && d.name.endsWith(".dun"));
  for (const d of files) texts[`${ROOT}/gen/${relative(generated, join(d.parentPath, d.name))}`] = readFileSync(join(d.parentPath, d.name), "utf8");
  texts[`${ROOT}/acme/globex.dun`] = readFileSync("examples/acme-security/globex.dun", "utf8");
  texts[`${ROOT}/plan/marlowe.dun`] = readFileSync("examples/contractor-plan/marlowe.dun", "utf8");
});

afterAll(() => rmSync(generated, { recursive: true, force: true }));

const KINDS: DefinitionKind[][] = [["party"], ["policy"], ["contract"], ["invoice"], ["invoice", "party"], ["party", "contract", "invoice"]];

/** What the index answers, and what a walk over every file answers, for every name written anywhere. */
function answers(workspace: Workspace, index: IdIndex) {
  index.sync(workspace);
  const files = workspace.allFiles();
  const names = new Set<string>();
  for (const file of files) {
    for (const occurrence of fileOccurrences(file.tree)) names.add(occurrence.node.name);
    for (const entry of file.tree.entries) if (entry.kind === "broken" && entry.definedId) names.add(entry.definedId);
  }
  names.add("no-such-id");
  const indexed: unknown[] = [];
  const walked: unknown[] = [];
  for (const name of [...names].sort()) {
    indexed.push([name, index.named(name).map(({ file, occurrence }) => [file.path, occurrence.node.start, occurrence.role, occurrence.kinds])]);
    const all = files.flatMap((file) => fileOccurrences(file.tree).filter((o) => o.node.name === name).map((occurrence) => ({ file, occurrence })));
    walked.push([name, all.map(({ file, occurrence }) => [file.path, occurrence.node.start, occurrence.role, occurrence.kinds])]);
    for (const kinds of KINDS) {
      const first = index.definition(name, kinds);
      indexed.push([name, kinds, first && [first.file.path, first.occurrence.node.start]]);
      const walkedFirst = all.find(({ occurrence }) => occurrence.role === "definition" && occurrence.kinds.some((kind) => kinds.includes(kind)));
      walked.push([name, kinds, walkedFirst && [walkedFirst.file.path, walkedFirst.occurrence.node.start]]);
    }
    indexed.push([name, "broken", index.brokenDefinitions(name).map((b) => [b.file.path, b.start])]);
    walked.push([
      name,
      "broken",
      files.flatMap((file) => file.tree.entries.flatMap((entry) => (entry.kind === "broken" && entry.definedId === name ? [[file.path, entry.header.start]] : []))),
    ]);
  }
  return { indexed, walked };
}

describe("the id index", () => {
  it("answers as a walk over every file does, for a workspace read at once", () => {
    const workspace = new Workspace();
    for (const [path, text] of Object.entries(texts)) workspace.setFile(path, text);
    const { indexed, walked } = answers(workspace, new IdIndex());
    expect(indexed).toEqual(walked);
    // `globex` is a party of examples/acme-security, named by its contracts, invoices and calls.
    expect(new IdIndex().named("globex")).toEqual([]);
  });

  it("goes on where a slice stopped, and still sees a file indexed in an earlier slice and edited since", () => {
    const workspace = new Workspace();
    workspace.setFile("/ws/a.dun", 'party globex "Globex"\n');
    workspace.setFile("/ws/b.dun", 'party initech "Initech"\n');
    workspace.setFile("/ws/c.dun", 'party umbrella "Umbrella"\n');
    const index = new IdIndex();
    // One file a slice: the first indexes one file and stops.
    expect(index.sync(workspace, () => true)).toBe(false);
    const first = ["globex", "initech", "umbrella"].find((name) => index.named(name).length > 0)!;
    const path = index.named(first)[0]!.file.path;
    // That file is edited before the next slice: its party is now `hooli`.
    workspace.setFile(path, 'party hooli "Hooli"\n');
    expect(index.sync(workspace)).toBe(true);
    expect(index.named(first)).toEqual([]);
    expect(index.named("hooli").map((found) => found.file.path)).toEqual([path]);
    expect(["globex", "initech", "umbrella", "hooli"].filter((name) => index.named(name).length > 0)).toHaveLength(3);
  });

  it("stays in step with the workspace after any sequence of edits, additions and deletions, synced in slices or at once", () => {
    const pool = Object.values(texts).flatMap((text) => text.split("\n"));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 10 }), fc.nat(3), (edits, syncEvery) => {
        const files = new Map(Object.entries(texts));
        const workspace = new Workspace();
        for (const [path, text] of files) workspace.setFile(path, text);
        // Built in slices from the start, as the server does after its first analysis.
        const index = new IdIndex();
        edits.forEach((edit, i) => {
          const before = new Set(files.keys());
          applyEdit(files, edit, pool);
          for (const path of before) if (!files.has(path)) workspace.removeFile(path);
          for (const [path, text] of files) workspace.setFile(path, text);
          // The server's idle slices: a sync that stops after a few files, and goes on later,
          // with more edits made in between.
          let indexed = 0;
          index.sync(workspace, () => ++indexed >= 2);
          // Some edits pile up before the index is looked at again, as keys do between two requests.
          if (i % (syncEvery + 1) === 0) {
            const { indexed, walked } = answers(workspace, index);
            expect(indexed).toEqual(walked);
          }
        });
        const { indexed, walked } = answers(workspace, index);
        expect(indexed).toEqual(walked);
      }),
      { numRuns: 40, seed: 20261126 },
    );
  });
});
