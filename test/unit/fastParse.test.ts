/**
 * The fast path of the parser (grammar/fastParse.ts) against the reference, chevrotain
 * (`parseDunChevrotain`): on every real ledger it is used and builds the very same tree; on
 * random and mutated texts, whenever it answers, its tree is the reference's; and it gives
 * every text with a syntax error to chevrotain, so errors keep their messages.
 *
 * Today the fast path declines exactly the texts with a syntax error (it handles every valid
 * construct), and the properties below assert that both ways. Should it one day decline some
 * valid text on purpose, loosen `expectSameParse` and say which texts here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTRY_KINDS, KEYWORDS, parseDun, PROPERTIES_BY_KIND, REPEATABLE_PROPERTIES } from "../../grammar";
import { fastParseDun, regionReader } from "../../grammar/fastParse";
import { parseDunChevrotain } from "../../grammar/chevrotainParse";
import { mutations, applyMutations } from "../hostile/arbitraries";
import { budget, sampleLedgers } from "../hostile/support";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

/** The fast path's answer for `text` checked against chevrotain's; returns whether it answered. */
function expectSameParse(text: string): boolean {
  const reference = parseDunChevrotain(text);
  const fast = fastParseDun(text);
  if (reference.errors.length > 0) {
    expect(fast, `the fast path answered a text with errors: ${JSON.stringify(reference.errors[0])}`).toBeUndefined();
    return false;
  }
  expect(fast, "the fast path declined a text with no syntax error").toBeDefined();
  expect(fast).toStrictEqual(reference);
  return true;
}

function dunFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".dun"))
    .map((d) => join(d.parentPath, d.name));
}

describe("real ledgers: the fast path is used and builds chevrotain's tree", () => {
  let generated: string;
  beforeAll(() => {
    generated = mkdtempSync(join(tmpdir(), "dun-fastparse-"));
    generateWorkspace(40, { out: join(generated, "cases") });
    generateWorkspace(40, { out: join(generated, "single"), single: true });
  });
  afterAll(() => rmSync(generated, { recursive: true, force: true }));

  it("every example and fixture", () => {
    const samples = sampleLedgers();
    expect(samples.length).toBeGreaterThan(40);
    let answered = 0;
    for (const { path, text } of samples) {
      try {
        if (expectSameParse(text)) answered++;
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`);
      }
      expect(parseDun(text)).toStrictEqual(parseDunChevrotain(text));
    }
    // Only the fixtures of syntax errors (test/fixtures/rules/syntax-*.dun and the like) are declined.
    expect(answered).toBeGreaterThan(50);
  });

  it("a generated workspace, one file per case and one single file", () => {
    const paths = dunFiles(generated);
    expect(paths.length).toBe(42);
    for (const path of paths) {
      const text = readFileSync(path, "utf8");
      expect(expectSameParse(text), path).toBe(true);
      // The same with CRLF line ends, tab indentation and a byte-order mark.
      expect(expectSameParse(`\uFEFF${text.replace(/\n/g, "\r\n").replace(/^ +/gm, "\t")}`), path).toBe(true);
    }
  });
});

describe("regions of a text: the entries of the whole text's tree, node for node", () => {
  it("any choice of regions of every ledger the fast path reads, CRLF and BOM ones too", () => {
    const texts = sampleLedgers()
      .flatMap(({ text }) => [text, `\uFEFF${text.replace(/\n/g, "\r\n")}`])
      .filter((text) => fastParseDun(text) !== undefined && fastParseDun(text)!.entries.length > 1);
    expect(texts.length).toBeGreaterThan(40);
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), (which, cuts, kept) => {
        const text = texts[which]!;
        const entries = fastParseDun(text)!.entries;
        // Regions start at an entry and end where another starts (or at the end of the text).
        const starts = [0, ...entries.map((_, i) => i).filter((i) => i > 0 && cuts[i % cuts.length])];
        const regions = starts.map((from, n) => [entries[from]!.start, n + 1 < starts.length ? entries[starts[n + 1]!]!.start : text.length] as const);
        const chosen = regions.map((region, n) => [region, n] as const).filter(([, n]) => kept[n % kept.length]);
        const expected = chosen.flatMap(([, n]) => entries.slice(starts[n]!, n + 1 < starts.length ? starts[n + 1]! : entries.length));
        expect(regionReader(text)(chosen.map(([region]) => region))).toStrictEqual(expected);
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });

  it("declines a region that does not start at a header", () => {
    const text = `party acme "Acme"\n  self\n2026-01-02 invoice I-1 acme 10.00\n`;
    expect(regionReader(text)([[text.indexOf("  self"), text.length]])).toBeUndefined();
  });
});

describe("edge cases read as chevrotain reads them", () => {
  const valid: [string, string][] = [
    ["an empty text", ""],
    ["a byte-order mark alone", "\uFEFF"],
    ["blank and comment-only lines", "\n  \n\t; note\n; top\r\n \r\n"],
    ["a header with no line break at the end", 'party p "P"'],
    ["a header and properties, range to the last property", 'party p "P" ; who\n  self\n\n  ; between\n  email "a@b" ; mail\nparty q\n'],
    ["a byte-order mark before the first header", '\uFEFFparty p "P"\n  self\n'],
    ["CRLF and tabs", '2026-01-05 contract C-7 p "T"\r\n\tterms net 30\r\n\tlate-fee 1.5% monthly\r\n'],
    ["a lone CR as white space", "party p\r\"P\"\r\n  self\r\r\n"],
    ["byte-order marks where a token could start", '\uFEFFparty \uFEFFp \uFEFF"P"\uFEFF\n\uFEFF  self\n2026-01-01 payment p \uFEFF5\n'],
    ["a comment ended by a lone CR, then more tokens", 'party p ;c\r"P"\n'],
    ["a property line that starts after a comment and a CR", "party p\n;c\rself\n"],
    ["tokens glued to strings", 'party p"P"\n  contact"A""B"\n'],
    ["escapes", 'party p "say \\"hi\\" \\\\ \\n \\é ;"\n'],
    ["soft keywords as ids", 'party demand "D"\n2026-01-01 invoice via demand 5\n2026-01-01 sent via.x invoice via email\n'],
    ["currencies and three-capital ids", "party ABC\n2026-01-01 invoice USD ABC 1,234.50 EUR\n2026-01-01 payment USD 0 JPY\n"],
    ["amounts", "2026-01-01 payment p -0\n2026-01-01 payment p 007.50\n2026-01-01 payment p 1,000,000\n2026-01-01 payment p 0.000\n2026-01-01 payment p -12,345.6789\n"],
    ["percentages and days", 'policy x\n  step demand 0d deadline 99999999999999999999d final via post final\n2026-01-01 contract C p\n  late-fee -0.5% once\n  interest 007% yearly\n'],
    ["lines of many tokens", `2026-01-01 plan ${Array.from({ length: 100 }, (_, i) => `I${i}`).join(" ")}\n2026-01-02 call p\n  re ${Array.from({ length: 70 }, (_, i) => `I${i}`).join("\t")}\n`],
    ["impossible and leap dates", "2026-02-30 note p \"x\"\n2024-02-29 note p \"x\"\n0000-02-29 note p \"x\"\n9999-13-01 note p \"x\"\n1900-02-29 note p \"x\"\n"],
    ["every entry kind", [
      'party p "P"', "  self", '  address "a"', '  contact "A" "B"', "  jurisdiction US-CA", '  pay "x"', '  registration "r"', '  phone "1"',
      'policy x "X"', "  step reminder 1d via email", "  step call 3d",
      '2026-01-01 contract C p "T"', "  creditor p", "  terms due-on-receipt", "  late-fee 25.00 USD monthly", "  interest 8% yearly", "  attorney-fees", "  currency USD", "  policy x", '  scope "s"', '  evidence "e"', '  evidence "f"',
      '2026-01-02 work C "w"', '2026-01-03 invoice I C 5', "  due 2026-02-01", '  number "1"', '  item "i" 5 USD', '  item "j" 0',
      "2026-01-04 sent I J via email", '  receipt "r"', "2026-01-05 reminder I via post", "  promise 2026-01-09 2.50",
      '2026-01-06 call p "n"', "  re I J", '  with "A"', "  inbound", "  promise 2026-01-07", "2026-01-06 email p", "2026-01-06 letter p", "2026-01-06 meeting p", "2026-01-06 message p",
      "2026-01-07 demand I via certified-mail", "  deadline 10d", "  final", "2026-01-07 demand I via hand", "  deadline 2026-02-01",
      '2026-01-08 dispute I "d"', '2026-01-09 resolve I "r"', "2026-01-10 plan I J", "  installment 2026-02-01 1", "  installment 2026-03-01 4",
      "2026-01-11 suspend C", '2026-01-12 resume C "ok"', '2026-01-13 collections I J "A"', "  fee 25%", '2026-01-14 claim I "court"', '  number "SC-1"', "  hearing 2026-05-01",
      "2026-01-15 judgment I J 5 USD", "2026-01-16 payment p 5", "  via wire", '  ref "W"', '2026-01-17 credit I 1 "c"', '2026-01-18 write-off I "gone"', '2026-01-19 note C "n"',
    ].join("\n")],
  ];
  it.each(valid)("%s", (_, text) => {
    expect(expectSameParse(text)).toBe(true);
  });

  // Each of these has a syntax error: the fast path declines, parseDun keeps chevrotain's messages.
  const broken: [string, string][] = [
    ["a typo'd kind", '2026-01-01 invoce X C 5\n'],
    ["an unknown property", "2026-01-01 payment I 5\n  installment 2026-02-01 5\n"],
    ["a property given twice", '2026-01-01 invoice I C 5\n  number "1"\n  number "2"\n'],
    ["an unknown channel", "2026-01-01 sent I via fax\n"],
    ["a bad step kind and channel", "policy x\n  step invoice 1d via fax\n"],
    ["an unterminated string", 'party p "Acme\n'],
    ["a string cut by a lone CR", 'party p "Ac\rme"\n'],
    ["an escaped line separator", 'party p "a\\\u2028"\n'],
    ["a glued currency", "2026-01-01 payment I 42.00USD\n"],
    ["a lower-case currency", "2026-01-01 payment I 42.00 usd\n"],
    ["bad numbers", "2026-01-01 payment I 1,2\n2026-01-01 payment I 1234,567\n2026-01-01 payment I .5\n2026-01-01 payment I 5.\n"],
    ["a percentage with grouping", "2026-01-01 contract C p\n  late-fee 1,000.5% once\n"],
    ["a date with more after it", "2026-01-01x note p \"x\"\n"],
    ["negative days", "policy x\n  step call -3d\n"],
    ["a byte-order mark glued to a word", 'party p\uFEFF "P"\n'],
    ["a second byte-order mark", '\uFEFF\uFEFFparty p "P"\n'],
    ["non-breaking space", 'party\u00a0p "P"\n'],
    ["a property with no header", '  self\nparty p\n'],
    ["a header after a BOM-indented line", "\uFEFF party p\n"],
    ["an empty id list", "2026-01-01 sent via email\n"],
    ["a plan ended by via", "2026-01-01 plan I via\n"],
    ["leftovers", 'party p "P" "Q"\n'],
  ];
  it.each(broken)("%s: declined, chevrotain's errors kept", (_, text) => {
    expect(fastParseDun(text)).toBeUndefined();
    const reference = parseDunChevrotain(text);
    expect(reference.errors.length).toBeGreaterThan(0);
    expect(parseDun(text)).toStrictEqual(reference);
  });

  it("keeps the 'did you mean' of a typo'd kind", () => {
    expect(parseDun("2026-01-01 invoce X C 5\n").errors[0]!.message).toContain("did you mean `invoice`?");
  });
});

// --- random texts ----------------------------------------------------------------------------------

const hostileUnit = fc.constantFrom(
  " ", "  ", "\t", "\n", "\r\n", "\r", '"', ";", "\\", "\uFEFF", "\u2028", "\u00a0", "\0", "é", "𝄞", "\ud800",
  "-", ",", ".", "%", "d", "0", "9", "_", "/", "x", "X", "#",
);
const idWord = fc.oneof(
  fc.constantFrom("acme", "C-7", "INV-1001", "inv/2026/017", "_x", "a.b", "USD", "EUR", "usd", "ABCD", "Ab1", "p", "I", "C"),
  fc.constantFrom(...KEYWORDS),
  fc.constantFrom("email", "post", "certified-mail", "courier", "hand", "portal", "phone", "message", "fax"),
);
const dateWord = fc.oneof(
  fc.constantFrom("2026-01-05", "2024-02-29", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "2026-1-5"),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
    ([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
  ),
);
/** Numbers of every shape the lexer knows, and near misses. */
const numberWord = fc.oneof(
  fc.constantFrom("0", "-0", "007", "42,000.00", "1,234,567.891", "1,2", "1234,567", ".5", "5.", "-5", "1e5", "12.5.3", "99999999999999999999"),
  fc.constantFrom("1.5%", "-3%", "%", "10%%", "1,000%", "14d", "0d", "-3d", "1,000d", "99999999999999999999d", "d", "5%d"),
  fc.stringMatching(/^-?[0-9]{1,5}(,[0-9]{1,4}){0,2}(\.[0-9]{0,3})?[%d]?$/),
);
const stringWord = fc.oneof(
  fc.constantFrom('"Acme"', '""', '"a ; b"', '"say \\"hi\\""', '"C:\\\\"', '"\\n\\é"', '"é ☃ 𝄞"', '"tab\there"', '"unterminated'),
  fc.string({ unit: fc.constantFrom("a", " ", ";", "\\", '"', "é", "\t"), maxLength: 8 }).map((s) => `"${s}"`),
);
const anyWord = fc.oneof({ weight: 4, arbitrary: idWord }, { weight: 2, arbitrary: dateWord }, { weight: 3, arbitrary: numberWord }, { weight: 2, arbitrary: stringWord });

/** A header or property line that is valid or nearly so: the right shape with random values. */
const fragment = fc.oneof(
  fc.tuple(fc.constantFrom("party", "policy"), idWord, fc.option(stringWord, { nil: undefined })).map((parts) => parts.filter(Boolean).join(" ")),
  fc.tuple(dateWord, fc.constantFrom(...KEYWORDS), fc.array(anyWord, { maxLength: 5 })).map(([d, k, rest]) => [d, k, ...rest].join(" ")),
  fc.tuple(dateWord, fc.constantFrom("invoice", "payment", "judgment"), idWord, idWord, numberWord, fc.constantFrom("", " USD", " usd", " JPY")).map(
    ([d, k, a, b, n, c]) => `${d} ${k} ${a}${k === "invoice" ? ` ${b}` : ""} ${n}${c}`,
  ),
  fc.tuple(dateWord, fc.constantFrom("sent", "reminder", "demand"), fc.array(idWord, { minLength: 1, maxLength: 3 }), idWord).map(
    ([d, k, ids, channel]) => `${d} ${k} ${ids.join(" ")} via ${channel}`,
  ),
  fc.tuple(fc.constantFrom("  ", "\t", " "), fc.constantFrom(...KEYWORDS), fc.array(anyWord, { maxLength: 4 })).map(([indent, k, rest]) => indent + [k, ...rest].join(" ")),
  fc.tuple(fc.constantFrom("  ", "\t"), fc.constantFrom("item", "installment", "promise", "late-fee", "terms net", "deadline", "fee", "interest"), fc.option(dateWord, { nil: undefined }), fc.option(stringWord, { nil: undefined }), numberWord, fc.constantFrom("", " USD", " monthly", " once", " yearly")).map(
    ([indent, k, d, s, n, tail]) => `${indent}${k}${d ? ` ${d}` : ""}${s ? ` ${s}` : ""} ${n}${tail}`,
  ),
  fc.tuple(fc.constantFrom("  ", "\t"), idWord, numberWord, fc.array(fc.constantFrom("deadline 7d", "final", "via email", "via fax", "deadline x"), { maxLength: 3 })).map(
    ([indent, kind, offset, rest]) => `${indent}step ${kind} ${offset} ${rest.join(" ")}`.trimEnd(),
  ),
  fc.constantFrom("", "  ", "; a comment", "  ; indented comment", "\t;"),
);

// Valid entries with random values: every kind, its properties, every form of every value.
const spaces = fc.constantFrom(" ", " ", " ", "  ", "\t", " \r ", " \uFEFF");
const vId = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_\-./]{0,8}$/),
  fc.constantFrom(...KEYWORDS.filter((k) => k !== "via")),
  fc.stringMatching(/^[A-Z]{3}$/),
).filter((id) => id !== "via");
const vDate = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
  ([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
);
const vAmount = fc.oneof(fc.stringMatching(/^-?(\d{1,3}(,\d{3}){1,3}|\d{1,14})(\.\d{1,4})?$/), fc.constantFrom("0", "-0", "00", "-0.00", "0.5"));
const vMoney = fc.tuple(vAmount, fc.option(fc.stringMatching(/^[A-Z]{3}$/), { nil: undefined }), spaces).map(([a, c, s]) => (c ? a + s + c : a));
const vPercent = fc.stringMatching(/^-?\d{1,4}(\.\d{1,3})?%$/);
const vDays = fc.oneof(fc.stringMatching(/^\d{1,5}d$/), fc.constant("99999999999999999999d"));
const vString = fc
  .array(fc.oneof(fc.constantFrom("a", "B", " ", ";", "\t", "é", "𝄞", "\u2028", "\uFEFF", "'"), fc.constantFrom('\\"', "\\\\", "\\n", "\\é", "\\ ")), { maxLength: 6 })
  .map((parts) => `"${parts.join("")}"`);
const vIds = fc.array(vId, { minLength: 1, maxLength: 3 });
const vChannel = fc.constantFrom("email", "post", "certified-mail", "courier", "hand", "portal", "phone", "message");
const line = (parts: fc.Arbitrary<string>[]): fc.Arbitrary<string> =>
  fc.tuple(fc.tuple(...parts), fc.array(spaces, { minLength: parts.length, maxLength: parts.length })).map(([words, gaps]) =>
    words.filter((w) => w !== "").map((w, i) => (i === 0 ? w : gaps[i]! + w)).join(""),
  );
const opt = (value: fc.Arbitrary<string>) => fc.option(value, { nil: "" });
const ids = vIds.map((list) => list.join(" "));

const HEADERS: Record<string, fc.Arbitrary<string>[]> = {
  contract: [vId, vId, opt(vString)],
  work: [vId, vString],
  invoice: [vId, vId, vMoney],
  sent: [ids, fc.constant("via"), vChannel],
  call: [vId, opt(vString)],
  dispute: [vId, vString],
  plan: [ids],
  suspend: [vId, opt(vString)],
  collections: [ids, vString],
  judgment: [ids, vMoney],
  payment: [vId, vMoney],
  credit: [vId, vMoney, vString],
  note: [vId, vString],
};
const SAME_SHAPE: Record<string, string> = {
  reminder: "sent", demand: "sent", email: "call", letter: "call", meeting: "call", message: "call",
  resolve: "dispute", "write-off": "dispute", resume: "suspend", claim: "collections",
};
const stepTail = fc.array(fc.oneof(fc.tuple(fc.constant("deadline"), vDays).map((p) => p.join(" ")), fc.constant("final"), vChannel.map((c) => `via ${c}`)), { maxLength: 3 });
const PROPERTIES: Record<string, fc.Arbitrary<string>[]> = {
  self: [], "attorney-fees": [], inbound: [], final: [],
  contact: [vString, opt(vString)],
  step: [fc.constantFrom("reminder", "call", "demand", "suspend", "collections", "claim"), vDays, stepTail.map((t) => t.join(" "))],
  terms: [fc.oneof(vAmount.map((a) => `net ${a}`), fc.constant("due-on-receipt"))],
  "late-fee": [fc.oneof(vMoney, vPercent), fc.constantFrom("monthly", "once")],
  interest: [vPercent, fc.constant("yearly")],
  item: [vString, vMoney],
  promise: [vDate, opt(vMoney)],
  re: [ids],
  deadline: [fc.oneof(vDate, vDays)],
  installment: [vDate, vMoney],
  fee: [vPercent],
};
for (const name of ["address", "email", "phone", "pay", "registration", "scope", "number", "ref", "with", "evidence", "receipt"]) PROPERTIES[name] = [vString];
for (const name of ["jurisdiction", "creditor", "policy", "currency", "via"]) PROPERTIES[name] = [vId];
for (const name of ["due", "hearing"]) PROPERTIES[name] = [vDate];

const validEntry = fc.constantFrom(...ENTRY_KINDS).chain((kind) => {
  const header =
    kind === "party" || kind === "policy"
      ? line([fc.constant(kind), vId, opt(vString)])
      : line([vDate, fc.constant(kind), ...HEADERS[SAME_SHAPE[kind] ?? kind]!]);
  const names = fc
    .array(fc.constantFrom(...PROPERTIES_BY_KIND[kind]), { maxLength: 5 })
    .map((list) => list.filter((name, i) => REPEATABLE_PROPERTIES.has(name) || list.indexOf(name) === i));
  const properties = names.chain((list) =>
    fc.tuple(...list.map((name) => fc.tuple(fc.constantFrom("  ", "\t", " ", "\uFEFF "), line([fc.constant(name), ...PROPERTIES[name]!])).map(([indent, l]) => indent + l))),
  );
  return fc.tuple(header, properties).map(([h, props]) => [h, ...props].join("\n"));
});

const realLines = sampleLedgers().flatMap(({ text }) => text.split(/\r?\n/)).filter((line) => line.trim() !== "");

/** Lines, a trailing comment now and then, joined by LF or CRLF, a byte-order mark at times. */
const linesText = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof({ weight: 3, arbitrary: validEntry }, fragment, fc.constantFrom(...realLines)), fc.constantFrom("", "", "", " ; note", ";x", "\t; é")), { maxLength: 25 }),
    fc.constantFrom("\n", "\n", "\r\n"),
    fc.boolean(),
  )
  .map(([lines, eol, bom]) => (bom ? "\uFEFF" : "") + lines.map(([line, comment]) => line + comment).join(eol));

/** Small edits: a character inserted, deleted or replaced, a keyword swapped for another. */
const edit = fc.oneof(
  fc.tuple(fc.nat(), hostileUnit).map(([at, unit]) => (t: string) => t.slice(0, at % (t.length + 1)) + unit + t.slice(at % (t.length + 1))),
  fc.nat().map((at) => (t: string) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + 1)),
  fc.tuple(fc.nat(), hostileUnit).map(([at, unit]) => (t: string) => t.slice(0, at % (t.length + 1)) + unit + t.slice((at % (t.length + 1)) + 1)),
  fc.tuple(fc.constantFrom(...KEYWORDS), fc.constantFrom(...KEYWORDS)).map(([a, b]) => (t: string) => t.replace(a, b)),
  fc.nat().map((seed) => (t: string) => {
    const lines = t.split("\n");
    const i = seed % lines.length;
    const j = Math.floor(seed / lines.length) % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join("\n");
  }),
);

describe("random texts: whenever the fast path answers, it is chevrotain's tree", () => {
  it("valid entries of every kind with random values", () => {
    fc.assert(
      fc.property(fc.array(validEntry, { minLength: 1, maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\n\n"), (entries, eol) => {
        expect(expectSameParse(entries.join(eol))).toBe(true);
      }),
      budget(1500, 700),
    );
  });

  it("valid-ish lines with random values, CRLF, comments and byte-order marks", () => {
    fc.assert(
      fc.property(linesText, (text) => {
        expectSameParse(text);
      }),
      budget(2500, 701),
    );
  });

  it("the same, edited: characters inserted, deleted and replaced, keywords swapped, lines swapped", () => {
    fc.assert(
      fc.property(linesText, fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
        expectSameParse(edits.reduce((t, apply) => apply(t), text));
      }),
      budget(2500, 702),
    );
  });

  it("real ledgers mutated the ways people break them", () => {
    const samples = sampleLedgers();
    fc.assert(
      fc.property(fc.constantFrom(...samples), mutations, ({ text }, list) => {
        expectSameParse(applyMutations(text, list));
      }),
      budget(600, 703),
    );
  });

  it("one word of every shape where a value is expected", () => {
    const templates = [
      (w: string) => `party ${w}\n`,
      (w: string) => `2026-01-01 payment p ${w}\n`,
      (w: string) => `2026-01-01 invoice I C ${w} USD\n`,
      (w: string) => `policy x\n  step call ${w}\n`,
      (w: string) => `2026-01-01 demand I via email\n  deadline ${w}\n`,
      (w: string) => `2026-01-01 contract C p\n  late-fee ${w} once\n`,
      (w: string) => `2026-01-01 plan I\n  installment ${w} 5\n`,
    ];
    const word = fc.oneof(anyWord, fc.string({ unit: hostileUnit, minLength: 1, maxLength: 6 }), fc.tuple(anyWord, hostileUnit, anyWord).map((parts) => parts.join("")));
    fc.assert(
      fc.property(fc.constantFrom(...templates), word, (template, w) => {
        expectSameParse(template(w));
      }),
      budget(3000, 704),
    );
  });
});
