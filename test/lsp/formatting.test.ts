/**
 * Format Document and Format Selection: the edits, applied, give the canonical text; amounts
 * take the currency the analysis gives them (across files); a selection changes only the
 * entries it touches; a formatted document gets no edits.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import type { FormattingOptions, Range, TextEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { describe, expect, it } from "vitest";
import { parseDun } from "../../grammar";
import { formatDun } from "../../server/engine/format";
import { provideFormatting } from "../../server/lsp/features/formatting";
import type { Settings } from "../../server/settings";
import { featureContext } from "./featureHelpers";

const TODAY = "2026-05-04";
// Tabs of 4 in the editor: ignored, a `.dun` file has one layout (properties two spaces in).
const OPTIONS: FormattingOptions = { tabSize: 4, insertSpaces: false };
const file = (...lines: string[]) => lines.map((line) => `${line}\n`).join("");

/** Formats `name` among `files` (or the lines of `range` only) and returns the text after the edits. */
function format(files: Record<string, string>, name: string, range?: Range, settings?: Partial<Settings>): { text: string; edits: TextEdit[] } {
  const context = featureContext(files, TODAY, { file: name, settings });
  const edits = provideFormatting(context, OPTIONS, range);
  const document = TextDocument.create(context.uri, "dun", 1, files[name]!);
  return { text: TextDocument.applyEdits(document, edits), edits };
}

const PARTIES = file('party kotoba "Kotoba Localization"', "  self", "", 'party hoshino "Hoshino Trading"', "", 'party globex "Globex"');
// An older invoice under the yen contract, in another file.
const OLD = file("2026-01-10 invoice OLD-1 KT-3 300,000");

describe("Format Document", () => {
  it("gives the canonical text, each amount in the currency the ledger gives it", () => {
    const messy = file(
      '2026-01-20 contract KT-3 hoshino "Catalogue"',
      "    currency  JPY",
      "    late-fee 5000   once",
      "2026-02-27 invoice KT-398 KT-3  1250000",
      '  item "Translation" 640000',
      '  item  "Typesetting"   610000',
      "",
      "",
      "2026-03-02   invoice MO-7 globex 850",
      "2026-03-10 payment KT-398 250000 ; first part",
      "2026-03-11 payment hoshino 1000",
      "2026-03-12 payment OLD-1 300000",
      "2026-03-13 payment NOPE-9 500",
      '2026-03-14 credit MO-7 50 "goodwill"',
      "2026-03-15 reminder KT-398 via email",
      "  promise 2026-03-31 100000",
      '2026-03-16 call globex "Promised to pay"',
      "  promise 2026-04-01 100",
      "2026-03-20 plan KT-398",
      "  installment 2026-04-30 500000",
      "2026-03-21  payment MO-7 12.5 EUR",
      "2026-03-22 invoice TY-1 KT-33 1000",
    );
    const { text } = format({ "case.dun": messy, "parties.dun": PARTIES, "old.dun": OLD }, "case.dun");
    expect(text).toBe(
      file(
        '2026-01-20 contract KT-3 hoshino "Catalogue"',
        "  currency JPY",
        "  late-fee 5,000 once", // the contract's currency: yen have no decimals
        "2026-02-27 invoice KT-398 KT-3 1,250,000", // the contract's currency
        '  item "Translation" 640,000', // the invoice's currency
        '  item "Typesetting" 610,000',
        "",
        "2026-03-02 invoice MO-7 globex 850.00", // no contract: the default currency, USD
        "2026-03-10 payment KT-398 250,000 ; first part",
        "2026-03-11 payment hoshino 1,000", // every invoice of hoshino (KT-398, OLD-1) is in yen
        "2026-03-12 payment OLD-1 300,000", // an invoice of another file, in yen
        "2026-03-13 payment NOPE-9 500", // no such invoice: the currency is not known
        '2026-03-14 credit MO-7 50.00 "goodwill"',
        "2026-03-15 reminder KT-398 via email",
        "  promise 2026-03-31 100,000",
        '2026-03-16 call globex "Promised to pay"',
        "  promise 2026-04-01 100.00", // globex's open invoice on 03-16 is MO-7, in USD
        "2026-03-20 plan KT-398",
        "  installment 2026-04-30 500,000",
        "2026-03-21 payment MO-7 12.50 EUR", // the written code wins (a currency-mismatch, but still euros)
        "2026-03-22 invoice TY-1 KT-33 1000", // no contract KT-33: the currency is not known
      ),
    );
  });

  it("takes the default currency from the settings", () => {
    const { text } = format({ "case.dun": file("2026-03-02 invoice MO-7 globex 850000"), "parties.dun": PARTIES }, "case.dun", undefined, { currency: "JPY" });
    expect(text).toBe(file("2026-03-02 invoice MO-7 globex 850,000"));
  });

  it("sends one edit per changed line and none for the lines already canonical", () => {
    const { edits, text } = format({ "case.dun": file('party a "A"', "    self", '  email "a@a"', "", "", 'party b "B"') }, "case.dun");
    expect(text).toBe(file('party a "A"', "  self", '  email "a@a"', "", 'party b "B"'));
    // Line 1 is re-indented, line 4 (the second blank line) goes.
    expect(edits).toEqual([
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } }, newText: "  self" },
      { range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, newText: "" },
    ]);
  });

  it("keeps CRLF line ends and adds the missing final line break", () => {
    const { text } = format({ "case.dun": 'party a  "A"\r\n\tself\r\n\r\n\r\nparty b "B"' }, "case.dun");
    expect(text).toBe('party a "A"\r\n  self\r\n\r\nparty b "B"\r\n');
  });

  it("leaves broken lines as they are", () => {
    const broken = file("2026-03-05  paymnet  INV-1   100  ", "    via   wire", 'party  a "A"', '    colour   "red"');
    const { text } = format({ "case.dun": broken }, "case.dun");
    expect(text).toBe(file("2026-03-05  paymnet  INV-1   100  ", "    via   wire", 'party a "A"', '    colour   "red"'));
  });
});

describe("edits", () => {
  it("applied, give exactly the formatter's text, whatever the text (200 seeded cases)", () => {
    // No amounts, so the analysis has no currency to add. (No lone carriage returns either:
    // an editor counts one as a line break, the engine does not.)
    const pieces = ["party", "p", '"x"', ";c", "; c  ", " ", "  ", "\t", "\n", "\n\n\n", "\r\n", "\uFEFF", "self", "email", '"a@b"', "2026-01-01", "note", "é", "  self", "\tvia post"];
    const text = fc
      .tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom("", " ", "\n", "\n  ")), { maxLength: 30 }))
      .map(([bom, parts]) => (bom ? "\uFEFF" : "") + parts.map(([a, b]) => a + b).join(""));
    fc.assert(
      fc.property(text, (messy) => {
        expect(format({ "case.dun": messy }, "case.dun").text).toBe(formatDun(messy));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe("Format Selection", () => {
  const messy = file(
    "party  a  \"A\"", // line 0
    "    self", // 1
    "", // 2
    "party  b  \"B\"", // 3
    "    email   \"b@b\"", // 4
    "    phone   \"555\"", // 5
    "", // 6
    "", // 7
    "party  c  \"C\"", // 8
  );

  it("formats the whole entry a selection touches, and nothing else", () => {
    // A cursor-wide selection in the email line of party b: its header and both properties change.
    const range = { start: { line: 4, character: 6 }, end: { line: 4, character: 6 } };
    const { text } = format({ "case.dun": messy }, "case.dun", range);
    expect(text).toBe(file("party  a  \"A\"", "    self", "", 'party b "B"', '  email "b@b"', '  phone "555"', "", "", "party  c  \"C\""));
  });

  it("leaves out a line the selection only ends at the start of", () => {
    // Lines 6 and 7 selected whole (the selection ends at the start of line 8): one blank line goes, party c stays.
    const range = { start: { line: 6, character: 0 }, end: { line: 8, character: 0 } };
    const { text } = format({ "case.dun": messy }, "case.dun", range);
    expect(text).toBe(file("party  a  \"A\"", "    self", "", "party  b  \"B\"", "    email   \"b@b\"", "    phone   \"555\"", "", "party  c  \"C\""));
  });

  it("formats every entry a selection spans", () => {
    const range = { start: { line: 1, character: 2 }, end: { line: 3, character: 1 } };
    const { text } = format({ "case.dun": messy }, "case.dun", range);
    expect(text).toBe(file('party a "A"', "  self", "", 'party b "B"', '  email "b@b"', '  phone "555"', "", "", "party  c  \"C\""));
  });
});

describe("the examples", () => {
  const examples = resolve(__dirname, "../../examples");
  for (const folder of readdirSync(examples, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    it(`are in canonical layout: ${folder.name}`, () => {
      const names = readdirSync(join(examples, folder.name)).filter((name) => name.endsWith(".dun"));
      const files = Object.fromEntries(names.map((name) => [name, readFileSync(join(examples, folder.name, name), "utf8")]));
      for (const name of names) {
        const { text, edits } = format(files, name);
        // The one line written otherwise: two spaces before a trailing comment.
        const expectedEdits = folder.name === "acme-security" && name === "parties.dun" ? 1 : 0;
        expect(edits, name).toHaveLength(expectedEdits);
        expect(parseDun(text).entries.length).toBe(parseDun(files[name]!).entries.length);
        expect(format({ ...files, [name]: text }, name).edits, `${name} formatted twice`).toEqual([]);
      }
    });
  }
});
