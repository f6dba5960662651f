/**
 * fast-check generators of hostile `.dun` text: random UTF-16 (lone surrogates included),
 * random sequences of the language's own tokens, and real ledgers mutated the ways people
 * break them (deleted, duplicated and swapped lines, truncation, CRLF, byte-order marks, tabs,
 * 10,000-character lines, unbalanced quotes).
 */
import fc from "fast-check";
import { KEYWORDS } from "../../grammar";

/** Any UTF-16 code unit, with white space and line breaks common enough to make lines. */
const codeUnit = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.constantFrom(" ", "\t", "\n", "\r\n", "\r", '"', ";", "\\", "\uFEFF", "\u2028", "\0") },
);

export const anyText = fc.string({ unit: codeUnit, maxLength: 400 });

/** Surrogate pairs, combining marks, right-to-left text: whole code points and graphemes. */
export const anyUnicode = fc.string({ unit: "grapheme", maxLength: 200 });

const date = fc.oneof(
  fc.constantFrom("2026-01-05", "2026-02-28", "2024-02-29", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "0001-01-01", "2026-1-5"),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 })).map(
    ([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
  ),
);
const amount = fc.oneof(
  fc.constantFrom("0", "-0", "42,000.00", "1,2", "1,234,567.891", "00.5", "-1", ".5", "5.", "9007199254740993", "1e5", "99999999999999999999999.99"),
  fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 4 })).map(([negative, n, scale]) => {
    const digits = n.toString().padStart(scale + 1, "0");
    return `${negative ? "-" : ""}${scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
  }),
);
const word = fc.oneof(
  fc.constantFrom(...KEYWORDS),
  fc.constantFrom("acme", "globex", "C-7", "INV-1001", "inv/2026/017", "_x", "a.b", "USD", "JPY", "BHD", "XYZ", "usd", "self", "net", "via"),
  fc.constantFrom("email", "post", "certified-mail", "courier", "hand", "portal", "phone", "message", "wire"),
  fc.constantFrom("1.5%", "-3%", "%", "10%%", "14d", "0d", "99999999999999999999d", "d", "US-CA", "GB"),
  fc.constantFrom('"Acme"', '""', '"a ; b"', '"say \\"hi\\""', '"unterminated', '"\\', '"\\"', '"tab\there"', '"é ☃ 𝄞"', "'single'"),
  fc.constantFrom(";", "; a comment", ';"', "\\", "-", ",", ".", "é", "\uFEFF", "\u0000", "\u00a0", "\ud800", "𝄞"),
);
const token = fc.oneof({ weight: 2, arbitrary: date }, { weight: 2, arbitrary: amount }, { weight: 6, arbitrary: word });
const separator = fc.constantFrom(" ", " ", " ", "  ", "\t", "\n", "\n", "\n  ", "\n  ", "\n\t", "\r\n", "\r\n  ", "\r", "\n\n", "");

/** The language's own tokens in random order, apart by random white space and line breaks. */
export const tokenSoup = fc
  .array(fc.tuple(token, separator), { maxLength: 80 })
  .map((parts) => parts.map(([t, s]) => t + s).join(""));

/** Plausible lines: a header or a property of the language with random values, to get past the first token. */
const plausibleLine = fc.oneof(
  fc.tuple(date, fc.constantFrom("invoice", "payment", "credit", "contract", "demand", "reminder", "sent", "call", "plan", "dispute", "write-off"), fc.array(token, { maxLength: 6 })).map(
    ([d, kind, rest]) => [d, kind, ...rest].join(" "),
  ),
  fc.tuple(fc.constantFrom("party", "policy"), fc.array(token, { maxLength: 4 })).map(([kind, rest]) => [kind, ...rest].join(" ")),
  fc.tuple(fc.constantFrom("  ", "\t", " "), fc.constantFrom(...KEYWORDS), fc.array(token, { maxLength: 5 })).map(([indent, name, rest]) => indent + [name, ...rest].join(" ")),
);

export const plausibleLines = fc.array(plausibleLine, { maxLength: 30 }).map((lines) => lines.join("\n"));

// --- mutations of real ledgers ------------------------------------------------------------------

export type Mutation = (text: string) => string;

const splitLines = (text: string) => text.split("\n");
const joinLines = (lines: string[]) => lines.join("\n");
const at = (length: number, fraction: number) => Math.min(length - 1, Math.max(0, Math.floor(fraction * length)));

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** One mutation, with where it strikes drawn as fractions of the text so it fits any text. */
export const mutation: fc.Arbitrary<{ name: string; apply: Mutation }> = fc.oneof(
  fraction.map((f) => ({
    name: "delete a line",
    apply: (t: string) => {
      const lines = splitLines(t);
      lines.splice(at(lines.length, f), 1);
      return joinLines(lines);
    },
  })),
  fc.tuple(fraction, fraction).map(([f, g]) => ({
    name: "duplicate a line",
    apply: (t: string) => {
      const lines = splitLines(t);
      lines.splice(at(lines.length, g), 0, lines[at(lines.length, f)]!);
      return joinLines(lines);
    },
  })),
  fc.tuple(fraction, fraction).map(([f, g]) => ({
    name: "swap two lines",
    apply: (t: string) => {
      const lines = splitLines(t);
      const i = at(lines.length, f);
      const j = at(lines.length, g);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return joinLines(lines);
    },
  })),
  fraction.map((f) => ({ name: "truncate", apply: (t: string) => t.slice(0, Math.floor(f * t.length)) })),
  fc.constant({ name: "CRLF", apply: (t: string) => t.replace(/\r?\n/g, "\r\n") }),
  fc.constant({ name: "lone CR line ends", apply: (t: string) => t.replace(/\r?\n/g, "\r") }),
  fc.constant({ name: "byte-order mark", apply: (t: string) => `\uFEFF${t}` }),
  fraction.map((f) => ({ name: "stray byte-order mark", apply: (t: string) => t.slice(0, at(t.length + 1, f)) + "\uFEFF" + t.slice(at(t.length + 1, f)) })),
  fc.constant({ name: "tabs for indentation", apply: (t: string) => t.replace(/^ +/gm, "\t") }),
  fc.constant({ name: "tabs between tokens", apply: (t: string) => t.replace(/(\S) (?=\S)/g, "$1\t") }),
  fc.constant({ name: "trailing white space", apply: (t: string) => t.replace(/\n/g, " \t \n") }),
  fc.tuple(fraction, fc.constantFrom("x", "9", '"', " ", "a b ", "é", "1,2")).map(([f, unit]) => ({
    name: "a 10,000-character line",
    apply: (t: string) => {
      const lines = splitLines(t);
      lines.splice(at(lines.length + 1, f), 0, unit.repeat(Math.ceil(10_000 / unit.length)).slice(0, 10_000));
      return joinLines(lines);
    },
  })),
  fc.tuple(fraction, fc.constantFrom("x", "9", "é", '\\"')).map(([f, unit]) => ({
    name: "a 10,000-character string or word inside a line",
    apply: (t: string) => {
      const i = t.indexOf('"', at(t.length + 1, f));
      const where = i < 0 ? t.length : i + 1;
      return t.slice(0, where) + unit.repeat(Math.ceil(10_000 / unit.length)) + t.slice(where);
    },
  })),
  fraction.map((f) => ({
    name: "unbalance a quote",
    apply: (t: string) => {
      const i = t.indexOf('"', at(t.length + 1, f));
      return i < 0 ? `${t}"` : t.slice(0, i) + t.slice(i + 1);
    },
  })),
  fc.tuple(fraction, fc.constantFrom('"', "\\", ";", "\n", "\r", "\t", " ", "-", "0", "\uFFFD", "\ud83d", "\0", "\u2028")).map(([f, c]) => ({
    name: `insert ${JSON.stringify(c)}`,
    apply: (t: string) => t.slice(0, at(t.length + 1, f)) + c + t.slice(at(t.length + 1, f)),
  })),
  fraction.map((f) => ({
    name: "delete a character",
    apply: (t: string) => t.slice(0, at(t.length, f)) + t.slice(at(t.length, f) + 1),
  })),
  fraction.map((f) => ({
    name: "indent or dedent a line",
    apply: (t: string) => {
      const lines = splitLines(t);
      const i = at(lines.length, f);
      lines[i] = /^[ \t]/.test(lines[i]!) ? lines[i]!.replace(/^[ \t]+/, "") : `  ${lines[i]}`;
      return joinLines(lines);
    },
  })),
  fc.tuple(fraction, fc.integer({ min: -40, max: 40 })).map(([f, shift]) => ({
    name: "shift a date",
    apply: (t: string) => {
      const dates = [...t.matchAll(/\d{4}-\d{2}-\d{2}/g)];
      if (dates.length === 0) return t;
      const m = dates[at(dates.length, f)]!;
      const day = Math.max(0, Math.min(99, Number(m[0].slice(8)) + shift));
      return t.slice(0, m.index! + 8) + String(day).padStart(2, "0") + t.slice(m.index! + 10);
    },
  })),
  fc.tuple(fraction, fc.constantFrom("0", "-5", "1e3", "99999999999999999999", "12.3456", "1,23")).map(([f, replacement]) => ({
    name: `replace an amount by ${replacement}`,
    apply: (t: string) => {
      const amounts = [...t.matchAll(/(?<=[ \t])-?\d[\d,]*(?:\.\d+)?(?=[ \t\r\n]|$)/g)];
      if (amounts.length === 0) return t;
      const m = amounts[at(amounts.length, f)]!;
      return t.slice(0, m.index!) + replacement + t.slice(m.index! + m[0].length);
    },
  })),
);

/** Several mutations, applied in order. */
export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

export function applyMutations(text: string, list: { apply: Mutation }[]): string {
  return list.reduce((t, m) => m.apply(t), text);
}
