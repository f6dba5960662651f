/**
 * Parsing an edited text again only around the edit (grammar/reparse.ts) must give the tree a
 * whole parse gives, node for node, comments too, after any chain of edits, each made on the
 * tree the last one left (whose nodes past the edit were moved in place). Where it cannot, it
 * says so (undefined) and the caller parses the whole text; it must not say so for the common
 * case, an edit inside the ledger's entries.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineIndex, parseDun, type DunFile, type Entry } from "../../grammar";
import { findEdit, reparseEdit } from "../../grammar/reparse";
import { Workspace } from "../../server/engine";
import { entryRuns, entryRunsAfterEdit } from "../../server/engine/parts";
import { budget, sampleLedgers } from "../hostile/support";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

let ledger = "";
let generated: string;

beforeAll(() => {
  generated = mkdtempSync(join(tmpdir(), "dun-reparse-"));
  generateWorkspace(30, { out: generated, single: true, evidenceFiles: false });
  ledger = readFileSync(join(generated, "ledger.dun"), "utf8");
});

afterAll(() => rmSync(generated, { recursive: true, force: true }));

/** What people type into a ledger, one piece at a time. */
const PIECES = ["x", "1", " ", "\n", "\r\n", "  ", ";", "; a note\n", '"', "-", ".", "2026-05-04 ", "  evidence \"a.pdf\"\n", "\n\n", "\uFEFF", "\t"];

/** One edit of a text, chosen by numbers: typing, deleting, whole lines added, removed and moved. */
type Edit = [op: number, at: number, pick: number];

function applyEdit(text: string, [op, at, pick]: Edit, pool: string[]): string {
  const where = at % (text.length + 1);
  const lineStart = text.lastIndexOf("\n", where - 1) + 1;
  const lineEnd = text.indexOf("\n", where) < 0 ? text.length : text.indexOf("\n", where) + 1;
  switch (op % 10) {
    case 7: { // typed inside the next string (a name, a note): the text stays valid
      const quote = text.indexOf('"', where);
      if (quote < 0) return text;
      const inside = text.charCodeAt(quote - 1) === 32 ? quote + 1 : quote;
      return text.slice(0, inside) + "xy z"[pick % 4] + text.slice(inside);
    }
    case 8: { // an entry copied before another (a new case started from an old one)
      const [from, to] = entryAround(text, where);
      const [target] = entryAround(text, (where * 7 + pick) % (text.length + 1));
      return text.slice(0, target) + text.slice(from, to) + text.slice(target);
    }
    case 9: { // an entry deleted
      const [from, to] = entryAround(text, where);
      return text.slice(0, from) + text.slice(to);
    }
    case 0: // a character or a few typed
    case 1:
      return text.slice(0, where) + PIECES[pick % PIECES.length] + text.slice(where);
    case 2: // a few characters deleted (backspace held, a selection cut)
      return text.slice(0, where) + text.slice(where + (pick % 40) + 1);
    case 3: // a line from a ledger added at a line's start
      return text.slice(0, lineStart) + pool[pick % pool.length] + "\n" + text.slice(lineStart);
    case 4: // the line deleted
      return text.slice(0, lineStart) + text.slice(lineEnd);
    case 5: // the line moved further down (cut, then pasted)
      {
        const line = text.slice(lineStart, lineEnd);
        const rest = text.slice(0, lineStart) + text.slice(lineEnd);
        const to = Math.min(rest.length, lineStart + (pick % 400));
        const next = rest.indexOf("\n", to);
        const at2 = next < 0 ? rest.length : next + 1;
        return rest.slice(0, at2) + (line.endsWith("\n") || at2 < rest.length ? line : `\n${line}`) + rest.slice(at2);
      }
    default: // a character replaced
      return text.slice(0, where) + PIECES[pick % PIECES.length] + text.slice(where + 1);
  }
}

/** The lines from the header at or before `offset` to the next header (a line starting in column 1 with a letter or digit). */
function entryAround(text: string, offset: number): [number, number] {
  const header = /^[0-9a-z]/;
  let from = text.lastIndexOf("\n", offset - 1) + 1;
  while (from > 0 && !header.test(text.slice(from, from + 1))) from = text.lastIndexOf("\n", from - 2) + 1;
  let to = text.indexOf("\n", offset);
  while (to >= 0 && !header.test(text.slice(to + 1, to + 2))) to = text.indexOf("\n", to + 1);
  return [from, to < 0 ? text.length : to + 1];
}

/**
 * Runs a chain of edits; after each, the reparsed tree (where given) equals a whole parse.
 * Returns how many edits were reparsed and how many fell back to a whole parse.
 */
function runChain(start: string, edits: Edit[], pool: string[]): { reparsed: number; valid: number } {
  let text = start;
  let tree: DunFile = parseDun(text);
  let runs = tree.errors.length === 0 ? entryRuns(tree.entries as Entry[]) : [];
  let lines = new LineIndex(text);
  let reparsed = 0;
  let valid = 0;
  for (const edit of edits) {
    const next = applyEdit(text, edit, pool);
    if (next === text) continue;
    // The lines, found again only inside the edit, are those of the whole new text.
    const { from, oldTo, delta } = findEdit(text, next);
    lines = LineIndex.afterEdit(lines, next, from, oldTo, delta);
    expect(lines).toStrictEqual(new LineIndex(next));
    const got = reparseEdit({ text, tree }, next);
    const expected = parseDun(next);
    if (got) {
      expect(got).toStrictEqual(expected);
      reparsed++;
      // The runs of its entries found again from the last ones are those found from scratch.
      const again = entryRunsAfterEdit(got.entries as Entry[], runs);
      expect(again).toEqual(entryRuns(got.entries as Entry[]));
      runs = again;
    } else {
      // Runs are found in texts without a syntax error only.
      runs = expected.errors.length === 0 ? entryRuns(expected.entries as Entry[]) : [];
    }
    // From a valid text to a valid text: what it is for.
    if (tree.errors.length === 0 && expected.errors.length === 0) valid++;
    text = next;
    tree = got ?? expected;
  }
  return { reparsed, valid };
}

const editArb = fc.tuple(fc.nat(), fc.nat(), fc.nat()) as fc.Arbitrary<Edit>;

/** Chains of up to `maxLength` random edits, each of one of `ledgers`: the counts of `runChain`, summed. */
function runChains(ledgers: string[], pool: string[], maxLength: number, parameters: fc.Parameters<[number, Edit[]]>): { reparsed: number; valid: number } {
  const total = { reparsed: 0, valid: 0 };
  fc.assert(
    // One ledger draws no index: its chains are the edits alone.
    fc.property(ledgers.length === 1 ? fc.constant(0) : fc.nat(), fc.array(editArb, { minLength: 1, maxLength }), (which, edits) => {
      const counts = runChain(ledgers[which % ledgers.length]!, edits, pool);
      total.reparsed += counts.reparsed;
      total.valid += counts.valid;
    }),
    parameters,
  );
  return total;
}

describe("reparsing around an edit", () => {
  it("gives a whole parse's tree after chains of edits of a generated ledger", () => {
    const pool = ledger.split("\n").filter((line) => line.trim() !== "");
    const { reparsed, valid } = runChains([ledger], pool, 40, budget(100, 20261127));
    // An edit of a valid ledger that leaves it valid falls back to a whole parse only where it
    // is before the first entry (1 in ~30 cases' worth of text here).
    expect(valid).toBeGreaterThan(100);
    expect(reparsed).toBeGreaterThan(0.9 * valid);
  });

  it("gives a whole parse's tree after chains of edits of every example and fixture (CRLF, comments, byte-order marks)", () => {
    const ledgers = sampleLedgers().map(({ text }) => text).filter((text) => parseDun(text).errors.length === 0 && parseDun(text).entries.length > 1);
    const pool = ledgers.flatMap((text) => text.split(/\r?\n/)).filter((line) => line.trim() !== "");
    expect(ledgers.length).toBeGreaterThan(5);
    const { reparsed, valid } = runChains(ledgers, pool, 25, budget(150, 7));
    expect(valid).toBeGreaterThan(100);
    expect(reparsed).toBeGreaterThan(0.5 * valid);
  });

  it("moves comments and every node after the edit, and keeps the nodes before it", () => {
    // Offsets worked out by hand (each line's start, its line break at the end): the edit
    // inserts 3 characters ("abc") at offset 46, inside the second entry's name, so the third
    // entry and the comment before it move by 3; the first entry stays where it was.
    const text = [
      "party a \"A\"", //                 0, line break at 11
      "  email \"a@example.com\"", //     12, line break at 35
      "party bb \"B\"", //                36, `"B"` at 45-47, line break at 48
      "; about c", //                     49, line break at 58
      "party c \"C\"", //                 59
      "",
    ].join("\n");
    const before = parseDun(text);
    const [a, , c] = before.entries;
    const edited = text.slice(0, 46) + "abc" + text.slice(46); // inside `"B"`: `"abcB"`
    const tree = reparseEdit({ text, tree: before }, edited)!;
    expect(tree).toStrictEqual(parseDun(edited));
    expect(tree.entries[0]).toBe(a); // the same node, untouched
    expect(tree.entries[2]).toBe(c); // the same node, moved
    expect(c!.start).toBe(59 + 3);
    expect(tree.comments[0]!.start).toBe(49 + 3);
  });

  it("reads lines joined and split at a header as a whole parse does", () => {
    const text = 'party a "A"\n  email "a@example.com"\nparty b "B"\nparty c "C"\n  email "c@example.com"\n';
    const tree = () => parseDun(text);
    // The line break before `party c` deleted: `party b "B"party c "C"` is one line, a syntax error.
    const joined = text.replace('"B"\n', '"B"');
    const got = reparseEdit({ text, tree: tree() }, joined);
    if (got) expect(got).toStrictEqual(parseDun(joined));
    expect(parseDun(joined).errors.length).toBeGreaterThan(0);
    // The same after a comment: the comment takes in `party c "C"`, and its email is `party b`'s.
    const commented = text.replace('"B"\n', '"B" ; note\n');
    const swallowed = commented.replace("; note\n", "; note");
    const read = reparseEdit({ text: commented, tree: parseDun(commented) }, swallowed)!;
    expect(read).toStrictEqual(parseDun(swallowed));
    expect(read.entries.map((entry) => entry.kind === "party" && entry.id.name)).toEqual(["a", "b"]);
    // A property line typed at the start of `party c`'s header belongs to `party b`.
    const at = text.indexOf("party c");
    const typed = text.slice(0, at) + '  phone "+1 555"\n' + text.slice(at);
    const reparsed = reparseEdit({ text, tree: tree() }, typed)!;
    expect(reparsed).toStrictEqual(parseDun(typed));
    const b = reparsed.entries[1]!;
    expect(b.kind !== "broken" && b.properties.map((property) => property.name)).toEqual(["phone"]);
    // A line break typed inside `party c`'s header splits it: `"C"` alone on an indented line is no property.
    const split = text.replace('party c "C"', 'party c\n "C"');
    const splitTree = reparseEdit({ text, tree: tree() }, split);
    if (splitTree) expect(splitTree).toStrictEqual(parseDun(split));
  });

  it("finds the runs again where an edit joins a run it did not touch", () => {
    // Two runs (`a`'s entries, then `b`'s); a call naming `b` typed after `a`'s call, a blank
    // line before `b`'s party: it and all of `b`'s entries are one run now, though those
    // entries are the same nodes as before (moved).
    const text = 'party a "A"\n2026-01-02 call a "about a"\n\nparty b "B"\n2026-01-03 call b "about b"\n';
    const tree = parseDun(text);
    const before = entryRuns(tree.entries as Entry[]);
    expect(before.map((run) => run.length)).toEqual([2, 2]);
    const at = text.indexOf("\n\nparty b") + 1;
    const edited = text.slice(0, at) + '2026-01-01 call b "first"\n' + text.slice(at);
    const reparsed = reparseEdit({ text, tree }, edited)!;
    expect(reparsed.entries[3]).toBe(tree.entries[2]); // `party b`: the same node
    const runs = entryRunsAfterEdit(reparsed.entries as Entry[], before);
    expect(runs.map((run) => run.length)).toEqual([2, 3]);
    expect(runs).toEqual(entryRuns(reparsed.entries as Entry[]));
  });

  it("declines an old tree with syntax errors, an edit before the first entry, and a region that no longer parses", () => {
    const text = "; a ledger\nparty a \"A\"\n\nparty b \"B\"\n";
    const tree = parseDun(text);
    expect(reparseEdit({ text, tree }, "; my ledger\nparty a \"A\"\n\nparty b \"B\"\n")).toBeUndefined();
    expect(reparseEdit({ text, tree }, text.replace("party b", "party"))).toBeUndefined();
    const broken = "party a \"A\"\nparty\n";
    expect(reparseEdit({ text: broken, tree: parseDun(broken) }, broken + "party c\n")).toBeUndefined();
  });
});

describe("a workspace reparses a large file around its edit", () => {
  it("and its tree is the whole parse's, for a file over the threshold only", () => {
    const workspace = new Workspace(1000);
    const first = workspace.setFile("/ws/ledger.dun", ledger);
    const at = ledger.indexOf("\n", ledger.length / 2) + 1;
    const edited = ledger.slice(0, at) + "; a note\n" + ledger.slice(at);
    const second = workspace.setFile("/ws/ledger.dun", edited);
    expect(second.tree).toStrictEqual(parseDun(edited));
    // Reparsed: the entries before the edit are the old file's own nodes.
    expect(second.tree.entries[0]).toBe(first.tree.entries[0]);
    const small = new Workspace(ledger.length + 10);
    const one = small.setFile("/ws/ledger.dun", ledger);
    expect(small.setFile("/ws/ledger.dun", edited).tree.entries[0]).not.toBe(one.tree.entries[0]);
  });
});
