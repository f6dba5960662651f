/** Completion: what the editor offers at each place of a header or property line. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type TextEdit } from "vscode-languageserver";
import { pathToUri } from "../../server/lsp/convert";
import { entryAbove, provideCompletion } from "../../server/lsp/features/completion";
import { parseDun } from "../../grammar/parse";
import type { DunFile } from "../../grammar";
// @ts-expect-error: a plain ES module without types
import { generateWorkspace } from "../../bench/generate.mjs";
import { Session } from "../../server/lsp/session";
import { DEFAULT_SETTINGS } from "../../server/settings";
import { featureContext, withCursor } from "./featureHelpers";

const TODAY = "2026-05-04";

// INV-1000 (500.00) is paid in full on 01-20: balance 0.00, state paid.
// INV-1001 (16,000.00) has no payment: balance 16,000.00, state open.
const WORLD = `party acme "Acme Security LLC"
  self

party globex "Globex Corporation"

policy gentle "Gentle reminders"
  step reminder 7d via email

2026-01-05 contract C-7 globex "Security services"
  terms net 30

2026-01-10 invoice INV-1000 C-7 500.00

2026-01-20 payment INV-1000 500.00

2026-02-01 invoice INV-1001 C-7 16,000.00
`;

const CHANNELS = ["email", "post", "certified-mail", "courier", "hand", "portal", "phone", "message"];
const COMMON_CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD"];
const INVOICE_PROPERTIES = ["due", "number", "item", "evidence"];
const CONTRACT_HEAD = `2026-05-04 contract C-8 globex\n`;

/** The items offered at the `<|>` of a `case.dun` beside WORLD. */
function complete(marked: string): CompletionItem[] {
  const { text, position } = withCursor(marked);
  const context = featureContext({ "case.dun": text, "world.dun": WORLD }, TODAY, { file: "case.dun" });
  return provideCompletion(context, { textDocument: { uri: context.uri }, position });
}

/** Labels in the order the editor shows them before any filtering: by sortText, then label. */
function inShownOrder(items: CompletionItem[]): string[] {
  const key = (item: CompletionItem) => item.sortText ?? item.label;
  return [...items].sort((a, b) => key(a).localeCompare(key(b)) || a.label.localeCompare(b.label)).map((item) => item.label);
}

const sorted = (labels: string[]) => [...labels].sort();

interface Case {
  name: string;
  input: string;
  /** Exactly these labels, in any order. */
  exactly?: string[];
  /** The first labels in the order shown. */
  first?: string[];
  /** Labels that must be among the items. */
  offers?: string[];
}

const CASES: Case[] = [
  // Header lines.
  { name: "an empty line in column 1: today, party, policy", input: "<|>", exactly: ["2026-05-04", "party", "policy"] },
  { name: "digits typed in column 1: today's date", input: "20<|>", offers: ["2026-05-04"] },
  {
    name: "after a date: every dated kind, no party or policy",
    input: "2026-05-04 <|>",
    exactly: [
      "contract", "work", "invoice", "sent", "reminder", "call", "email", "letter", "meeting", "message", "demand",
      "dispute", "resolve", "plan", "suspend", "resume", "collections", "claim", "judgment", "payment", "credit",
      "write-off", "note",
    ],
  },
  { name: "a payment's target: invoices and parties, not contracts", input: "2026-05-04 payment <|>", exactly: ["INV-1000", "INV-1001", "acme", "globex"] },
  { name: "a reminder: invoices only, the open one first, no `via` before an invoice", input: "2026-05-04 reminder <|>", exactly: ["INV-1001", "INV-1000"], first: ["INV-1001", "INV-1000"] },
  { name: "sent after an invoice: `via` first, then the invoices not yet named", input: "2026-05-04 sent INV-1001 <|>", exactly: ["via", "INV-1000"], first: ["via"] },
  { name: "a demand after `via`: the channels", input: "2026-05-04 demand INV-1001 via <|>", exactly: CHANNELS },
  { name: "a demand after its channel: nothing", input: "2026-05-04 demand INV-1001 via post <|>", exactly: [] },
  { name: "an invoice's own new id: nothing", input: "2026-05-04 invoice <|>", exactly: [] },
  { name: "an invoice's second id: contracts and parties", input: "2026-05-04 invoice INV-1002 <|>", exactly: ["C-7", "acme", "globex"] },
  { name: "a contract's debtor: parties", input: "2026-05-04 contract C-8 <|>", exactly: ["acme", "globex"] },
  { name: "a call, while typing the party: parties", input: "2026-05-04 call gl<|>", exactly: ["acme", "globex"] },
  { name: "a suspend: contracts", input: "2026-05-04 suspend <|>", exactly: ["C-7"] },
  { name: "a dispute: invoices", input: "2026-05-04 dispute <|>", exactly: ["INV-1000", "INV-1001"] },
  { name: "a note: every id", input: "2026-05-04 note <|>", exactly: ["C-7", "INV-1000", "INV-1001", "acme", "globex"] },
  { name: "a call's notes: nothing", input: '2026-05-04 call globex "Said next <|>', exactly: [] },
  { name: "after an amount: currency codes, the common ones first", input: "2026-05-04 payment INV-1001 100.00 <|>", first: COMMON_CURRENCIES, offers: ["SEK", "INR"] },
  { name: "in a comment: nothing", input: "2026-05-04 payment ; paid <|>", exactly: [] },
  { name: "a header starting with an unknown word: nothing", input: "globex <|>", exactly: [] },

  // Property lines.
  { name: "under an invoice: its properties, not `via`", input: "2026-05-04 invoice INV-1002 C-7 100.00\n  <|>", exactly: INVOICE_PROPERTIES },
  {
    name: "a present `due` is not offered again, a present `item` is",
    input: '2026-05-04 invoice INV-1002 C-7 100.00\n  due 2026-06-01\n  item "Patrols" 100.00\n  <|>',
    exactly: ["number", "item", "evidence"],
  },
  { name: "under a header that does not parse yet: its kind's properties", input: "2026-05-04 invoice INV-1002\n  <|>", exactly: INVOICE_PROPERTIES },
  { name: "with no header above: nothing", input: "  <|>", exactly: [] },
  { name: "a payment's `via`: payment methods", input: "2026-05-04 payment INV-1001 100.00\n  via <|>", exactly: ["wire", "check", "card", "cash", "transfer"] },
  { name: "a step's `via`: the channels", input: "policy fast\n  step demand 14d via <|>", exactly: CHANNELS },
  { name: "a step's kind: the step kinds", input: "policy fast\n  step <|>", exactly: ["reminder", "call", "demand", "suspend", "collections", "claim"] },
  { name: "`creditor`: parties", input: `${CONTRACT_HEAD}  creditor <|>`, exactly: ["acme", "globex"] },
  { name: "`policy`: the policies, the built-in `standard` too", input: `${CONTRACT_HEAD}  policy <|>`, exactly: ["gentle", "standard"] },
  { name: "`currency`: the common codes first", input: `${CONTRACT_HEAD}  currency <|>`, first: COMMON_CURRENCIES, offers: ["SEK"] },
  { name: "`terms`: the usual terms", input: `${CONTRACT_HEAD}  terms <|>`, exactly: ["net 30", "net 14", "net 45", "due-on-receipt"] },
  { name: "`terms net 30`: no currency after the 30", input: `${CONTRACT_HEAD}  terms net 30 <|>`, exactly: [] },
  { name: "`late-fee` after a percent: the periods", input: `${CONTRACT_HEAD}  late-fee 1.5% <|>`, exactly: ["monthly", "once"] },
  { name: "`interest`: example rates", input: `${CONTRACT_HEAD}  interest <|>`, offers: ["8% yearly"] },
  { name: "`jurisdiction`: a few codes", input: `${CONTRACT_HEAD}  jurisdiction <|>`, exactly: ["US-CA", "US-NY", "GB", "DE", "FR"] },
  { name: "`due`: today's date", input: "2026-05-04 invoice INV-1002 C-7 100.00\n  due <|>", exactly: ["2026-05-04"] },
  { name: "`promise` after its date: nothing", input: '2026-05-04 call globex "ok"\n  promise 2026-05-20 <|>', exactly: [] },
  { name: "`re`: invoices not yet named", input: '2026-05-04 call globex "ok"\n  re INV-1001 <|>', exactly: ["INV-1000"] },
  { name: "an item's amount: currency codes", input: '2026-05-04 invoice INV-1002 C-7 100.00\n  item "Patrols" 100 <|>', first: COMMON_CURRENCIES },
  { name: "a non-path string property: nothing", input: '2026-05-04 invoice INV-1002 C-7 100.00\n  number "<|>', exactly: [] },
];

describe("completion", () => {
  it.each(CASES)("$name", ({ input, exactly, first, offers }) => {
    const items = complete(input);
    const labels = items.map((item) => item.label);
    if (exactly) expect(sorted(labels)).toEqual(sorted(exactly));
    if (first) expect(inShownOrder(items).slice(0, first.length)).toEqual(first);
    if (offers) expect(labels).toEqual(expect.arrayContaining(offers));
  });

  it("inserts today's date with a space after it, replacing the digits typed", () => {
    const date = complete("20<|>").find((item) => item.label === "2026-05-04")!;
    expect(date.textEdit).toEqual({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, newText: "2026-05-04 " });
  });

  it("inserts the rest of an invoice header as a snippet, and describes each kind", () => {
    const items = complete("2026-05-04 inv<|>");
    const invoice = items.find((item) => item.label === "invoice")!;
    expect(invoice.insertTextFormat).toBe(InsertTextFormat.Snippet);
    // "2026-05-04 " is 11 characters: the edit replaces "inv", characters 11 to 14.
    expect(invoice.textEdit).toEqual({
      range: { start: { line: 0, character: 11 }, end: { line: 0, character: 14 } },
      newText: "invoice ${1:ID} ${2:CONTRACT-or-PARTY} ${3:AMOUNT}",
    });
    expect(items.every((item) => (item.detail ?? "").length > 0)).toBe(true);
  });

  it("shows each invoice's balance and state, and replaces the id typed so far", () => {
    const items = complete("2026-05-04 payment IN<|>");
    expect(items.find((item) => item.label === "INV-1001")!.detail).toBe("INV-1001 · 16,000.00 USD open");
    // 500.00 − 500.00 paid on 01-20 = 0.00.
    expect(items.find((item) => item.label === "INV-1000")!.detail).toBe("INV-1000 · 0.00 USD paid");
    // "2026-05-04 payment " is 19 characters; "IN" runs to 21.
    for (const item of items) expect((item.textEdit as TextEdit).range).toEqual({ start: { line: 0, character: 19 }, end: { line: 0, character: 21 } });
  });

  it("offers every ISO 4217 code after an amount, with its name", () => {
    const items = complete("2026-05-04 payment INV-1001 100.00 <|>");
    expect(items.length).toBeGreaterThan(150);
    expect(items.find((item) => item.label === "EUR")!.detail).toBe("Euro");
  });

  it("never throws, wherever the cursor stands in odd text", () => {
    const odd = '\uFEFF2026-05-04 demand "x\\" via\n\t; c\n  evidence "a\\"b\n2026-13-99 pay 1,2,3 USD\n  step via via\nparty\n  re re re\n"';
    for (let offset = 0; offset <= odd.length; offset++) {
      const marked = `${odd.slice(0, offset)}<|>${odd.slice(offset)}`;
      expect(() => complete(marked)).not.toThrow();
    }
  });
});

describe("completion of evidence paths", () => {
  let folder: string | undefined;

  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  /** A real folder: invoice.pdf, files/sent.eml, files/deep/a/b/far.txt, a dot-file and another .dun file. */
  function completeInFolder(marked: string): CompletionItem[] {
    folder = mkdtempSync(join(tmpdir(), "dun-completion-"));
    mkdirSync(join(folder, "files", "deep", "a", "b"), { recursive: true });
    for (const name of ["invoice.pdf", ".hidden", "other.dun", "files/sent.eml", "files/deep/a/b/far.txt"]) writeFileSync(join(folder, name), "x");
    const { text, position } = withCursor(marked);
    const path = `${folder}/case.dun`;
    writeFileSync(path, text);
    const session = new Session(() => false);
    session.folders = [folder];
    session.settings = { ...DEFAULT_SETTINGS, today: TODAY };
    session.documentChanged(path, text);
    const analysis = session.current();
    const file = session.workspace.getFile(path)!;
    return provideCompletion({ session, analysis, file }, { textDocument: { uri: pathToUri(path) }, position });
  }

  it("offers files and folders beside the document, two folder levels down, without dot-files or .dun files", () => {
    const items = completeInFolder('2026-05-04 invoice INV-1 globex 100.00\n  evidence "<|>"');
    // Level 0: invoice.pdf, files/; level 1: files/sent.eml, files/deep/; level 2: files/deep/a/ (not entered).
    expect(sorted(items.map((item) => item.label))).toEqual(["files/", "files/deep/", "files/deep/a/", "files/sent.eml", "invoice.pdf"]);
    expect(items.find((item) => item.label === "files/")!.kind).toBe(CompletionItemKind.Folder);
    expect(items.find((item) => item.label === "invoice.pdf")!.kind).toBe(CompletionItemKind.File);
  });

  it("lists below the folder typed so far and replaces the partial path", () => {
    const items = completeInFolder('2026-05-04 sent INV-1 via email\n  receipt "files/deep/a/<|>"');
    expect(sorted(items.map((item) => item.label))).toEqual(["files/deep/a/b/", "files/deep/a/b/far.txt"]);
    // `  receipt "` is 11 characters; "files/deep/a/" (13) runs to 24.
    expect((items[0]!.textEdit as TextEdit).range).toEqual({ start: { line: 1, character: 11 }, end: { line: 1, character: 24 } });
  });

  it("offers nothing for a folder that does not exist", () => {
    expect(completeInFolder('2026-05-04 invoice INV-1 globex 100.00\n  evidence "nope/<|>"')).toEqual([]);
  });
});

describe("the entry a property line belongs to, read from the text alone", () => {
  /** What the parsed tree says: the nearest entry whose header starts above the line, and its properties not on that line. */
  function fromTree(file: { text: string; tree: DunFile }, lineStart: number): { kind: string; present: string[] } | undefined {
    let found: DunFile["entries"][number] | undefined;
    for (const entry of file.tree.entries) {
      if (entry.header.start >= lineStart) break;
      found = entry;
    }
    if (!found || found.kind === "broken") return undefined;
    const end = file.text.indexOf("\n", lineStart);
    const onThisLine = (start: number) => start >= lineStart && (end < 0 || start <= end);
    return { kind: found.kind, present: found.properties.filter((p) => !onThisLine(p.start)).map((p) => p.name) };
  }

  it("is the tree's, on every indented line of the examples, the fixtures and a generated ledger", () => {
    const repo = join(__dirname, "..", "..");
    const texts = ["examples", join("test", "fixtures")].flatMap((dir) =>
      readdirSync(join(repo, dir), { withFileTypes: true, recursive: true })
        .filter((d) => d.isFile() && d.name.endsWith(".dun"))
        .map((d) => readFileSync(join(d.parentPath, d.name), "utf8")),
    );
    const out = mkdtempSync(join(tmpdir(), "dun-completion-"));
    try {
      generateWorkspace(40, { out, single: true });
      texts.push(readFileSync(join(out, "ledger.dun"), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    let compared = 0;
    for (const text of texts) {
      const tree = parseDun(text);
      // Where a line did not parse, the tree leaves it out and the text keeps it: only clean entries compare.
      if (tree.errors.length > 0 || tree.entries.some((e) => e.kind === "broken" || e.hasBrokenLines)) continue;
      for (let start = 0; start < text.length; start = text.indexOf("\n", start) + 1 || text.length) {
        if (!/^[ \t]+\S/.test(text.slice(start, start + 80))) continue;
        expect(entryAbove(text, start), JSON.stringify(text.slice(start, text.indexOf("\n", start)))).toEqual(fromTree({ text, tree }, start));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
