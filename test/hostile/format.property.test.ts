/**
 * The formatter on hostile text (test/unit/format.test.ts covers generated well-formed files
 * and a garbage alphabet; this adds real ledgers mutated the ways people break them, random
 * UTF-16 and plausible lines with random values):
 *
 * - it never throws, and formatting its output again changes nothing;
 * - every token and every comment stays, in order (amounts rewritten only in their value's
 *   canonical spelling where a currency is known);
 * - the output parses to the same meaning: the same entries and values, the same syntax
 *   errors, and — for whole files — the same figures and the same diagnostics;
 * - every line that holds a syntax error, and every line of an entry whose header is broken,
 *   is left exactly as written (less carriage returns before its line break).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineIndex, parseDun } from "../../grammar";
import { Amount, dunLexer } from "../../grammar/tokens";
import { parseDecimal } from "../../grammar/values";
import { statusOf } from "../../server/engine";
import { formatDun, type FormatOptions } from "../../server/engine/format";
import { checkTexts } from "../helpers";
import { anyText, applyMutations, mutations, plausibleLines, tokenSoup } from "./arbitraries";
import { budget, sampleLedgers } from "./support";
import { decimal, meaning } from "../meaning";

const usd: FormatOptions = { currencyOf: () => "USD" };
const bhd: FormatOptions = { currencyOf: () => "BHD" };
const options = fc.constantFrom<FormatOptions>({}, usd, bhd);


/** Every token's text in order (amounts as their value), and every comment less trailing space. */
function words(text: string): { tokens: string[]; comments: string[] } {
  const lexed = dunLexer().tokenize(text);
  return {
    tokens: lexed.tokens.map((t) => (t.tokenType === Amount ? `amount:${decimal(parseDecimal(t.image))}` : t.image)),
    comments: (lexed.groups.comments ?? []).map((c) => c.image.replace(/[ \t\r]+$/, "")),
  };
}


/** The lines the formatter must leave alone: those holding a syntax error, and broken entries' lines. */
function brokenLines(text: string): string[] {
  const tree = parseDun(text);
  const index = new LineIndex(text);
  const lines = new Set<number>();
  const mark = (start: number, end: number) => {
    const last = index.positionAt(end).line;
    for (let line = index.positionAt(start).line; line <= last; line++) lines.add(line);
  };
  for (const error of tree.errors) mark(error.range.start, error.range.end);
  for (const entry of tree.entries) if (entry.kind === "broken") mark(entry.start, entry.end);
  const source = text.split("\n");
  return [...lines]
    .sort((a, b) => a - b)
    .map((line) => (line === 0 ? source[0]!.replace(/^\uFEFF/, "") : source[line]!).replace(/\r+$/, ""))
    // Blank and comment-only lines are laid out whatever surrounds them.
    .filter((line) => !/^[ \t\r\uFEFF]*(;|$)/.test(line));
}

/** `needles` occur in `haystack`, in order. */
function expectSubsequence(needles: string[], haystack: string[], context: string): void {
  let at = 0;
  for (const needle of needles) {
    while (at < haystack.length && haystack[at] !== needle) at++;
    if (at === haystack.length) expect.fail(`broken line changed or lost: ${JSON.stringify(needle)}\n${context}`);
    at++;
  }
}

function expectFormattingSafe(text: string, opts: FormatOptions): string {
  const formatted = formatDun(text, opts);
  expect(formatDun(formatted, opts), "formatting twice").toBe(formatted);
  const before = words(text);
  const after = words(formatted);
  expect(after.tokens, "tokens").toEqual(before.tokens);
  expect(after.comments, "comments").toEqual(before.comments);
  const treeBefore = parseDun(text);
  const treeAfter = parseDun(formatted);
  expect(treeAfter.errors.map((e) => e.message), "syntax errors").toEqual(treeBefore.errors.map((e) => e.message));
  expect(treeAfter.entries.map(meaning), "entries").toEqual(treeBefore.entries.map(meaning));
  const outputLines = formatted.replace(/^\uFEFF/, "").split(/\r?\n/);
  expectSubsequence(brokenLines(text), outputLines, JSON.stringify(formatted).slice(0, 2000));
  return formatted;
}

/**
 * Same figures and same diagnostics (code, severity, message) before and after formatting. A
 * message that names another place (`already defined at case.dun:9`) names it by line, and
 * formatting may remove blank lines: those line numbers are left out of the comparison.
 */
function expectSameAnalysis(text: string, formatted: string): void {
  const a = checkTexts(text, "2026-05-04");
  const b = checkTexts(formatted, "2026-05-04");
  expect(statusOf(b.analysis), "figures").toEqual(statusOf(a.analysis));
  const summary = (c: typeof a) => c.diagnostics.map((d) => `${d.code} ${d.severity} ${d.message.replace(/(\.dun):\d+/g, "$1:N")}`).sort();
  expect(summary(b), "diagnostics").toEqual(summary(a));
}

describe("formatting hostile text keeps every token, comment and meaning, and broken lines as written", () => {
  const samples = sampleLedgers();

  it("mutated examples and fixtures (amounts as written: no currency known)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), mutations, ({ text }, list) => {
        const mutated = applyMutations(text, list);
        const formatted = expectFormattingSafe(mutated, {});
        expectSameAnalysis(mutated, formatted);
      }),
      budget(300, 801),
    );
  });

  it("mutated examples and fixtures, amounts rewritten in a known currency", () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), mutations, options, ({ text }, list, opts) => {
        expectFormattingSafe(applyMutations(text, list), opts);
      }),
      budget(300, 802),
    );
  });

  it("every example and fixture, unmutated: same figures and diagnostics after formatting", () => {
    for (const { path, text } of samples) {
      const formatted = formatDun(text);
      try {
        expectSameAnalysis(text, formatted);
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`);
      }
    }
  });

  it("random UTF-16, token soup and plausible lines", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, tokenSoup, plausibleLines), options, (text, opts) => {
        expectFormattingSafe(text, opts);
      }),
      budget(500, 803),
    );
  });
});
