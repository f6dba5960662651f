/** The grammar: lexer optimisations, grammar validity, ranges, recovery and messages. */
import { describe, expect, it } from "vitest";
import { LineIndex, parseDun, type Entry } from "../../grammar";
import { dunLexer } from "../../grammar/tokens";
import { dunParser } from "../../grammar/parser";

function entries(text: string): Entry[] {
  return parseDun(text).entries.filter((e): e is Entry => e.kind !== "broken");
}

describe("lexer and parser construction", () => {
  it("keeps chevrotain's first-character optimisation on for every token", () => {
    expect(() => dunLexer({ ensureOptimizations: true })).not.toThrow();
  });

  it("passes chevrotain's grammar validations", () => {
    expect(() => dunParser({ validate: true })).not.toThrow();
  });
});

describe("tokens and ranges", () => {
  const text = `2026-02-01 invoice INV-1001 C-7 42,000.00 USD ; the big one\n  due 2026-03-03\n`;

  it("keeps every node's exact source range", () => {
    const [invoice] = entries(text);
    if (invoice?.kind !== "invoice") throw new Error("expected an invoice");
    const slice = (r: { start: number; end: number }) => text.slice(r.start, r.end);
    expect(slice(invoice.date)).toBe("2026-02-01");
    expect(slice(invoice.id)).toBe("INV-1001");
    expect(slice(invoice.target)).toBe("C-7");
    expect(slice(invoice.money)).toBe("42,000.00 USD");
    expect(slice(invoice.money.amount)).toBe("42,000.00");
    expect(invoice.money.amount).toMatchObject({ text: "42,000.00", negative: false, digits: "4200000", scale: 2 });
    expect(slice(invoice.properties[0]!)).toBe("due 2026-03-03");
    // The entry spans its header and property lines.
    expect(slice(invoice)).toBe(text.slice(0, text.length - 1).replace(" ; the big one", " ; the big one"));
  });

  it("keeps comments for the formatter", () => {
    const file = parseDun(text);
    expect(file.comments.map((c) => c.text)).toEqual(["; the big one"]);
  });

  it("keeps offsets on the nodes themselves, and plain {start, end} ranges in syntax errors", () => {
    const [invoice] = entries(text);
    if (invoice?.kind !== "invoice") throw new Error("expected an invoice");
    expect(invoice.date).toEqual({ start: 0, end: 10, text: "2026-02-01", valid: true });
    expect(Object.keys(invoice.header)).toEqual(["start", "end"]);
    // A channel the language does not know is reported over the id node: the error copies its range.
    const broken = parseDun(`2026-01-01 sent INV-1 via fax\n`);
    expect(broken.errors.map((e) => e.range)).toEqual([{ start: 26, end: 29 }]);
    for (const error of broken.errors) expect(Object.keys(error.range)).toEqual(["start", "end"]);
  });

  it("treats keywords as ids where an id is expected (soft keywords)", () => {
    const [party] = entries(`party demand "Demand Ltd"\n`);
    expect(party).toMatchObject({ kind: "party", id: { name: "demand" } });
  });

  it("reads a three-capital id that is not after an amount as an id", () => {
    const [party] = entries(`party ABC "ABC Corp"\n`);
    expect(party).toMatchObject({ kind: "party", id: { name: "ABC" } });
  });

  it("reads ids with dots, slashes and dashes", () => {
    const [invoice] = entries(`2026-01-01 invoice inv/2026/017 acme.co 5\n`);
    expect(invoice).toMatchObject({ id: { name: "inv/2026/017" }, target: { name: "acme.co" } });
  });

  it("unescapes strings and keeps a ; inside them", () => {
    const [party] = entries(`party p "Say \\"hi\\"; C:\\\\"\n`);
    expect(party).toMatchObject({ name: { value: 'Say "hi"; C:\\' } });
  });

  it("accepts a byte-order mark, CRLF line ends and tab indentation", () => {
    const file = parseDun(`\uFEFFparty p "P"\r\n\temail "a@b.c"\r\n`);
    expect(file.errors).toEqual([]);
    expect(file.entries[0]).toMatchObject({ kind: "party", properties: [{ name: "email", text: { value: "a@b.c" } }] });
  });
});

describe("syntax errors in the user's words", () => {
  const messageOf = (text: string) => parseDun(text).errors.map((e) => e.message);

  it("names what was expected at the start of a header", () => {
    expect(messageOf(`invoice INV-1 C 5\n`)[0]).toMatch(/expected a date, `party` or `policy`.*found `invoice`/);
  });

  it("suggests the entry kind that was meant", () => {
    expect(messageOf(`2026-01-01 invoce X C 5\n`)[0]).toContain("did you mean `invoice`?");
  });

  it("names a missing amount without token ids", () => {
    const [message] = messageOf(`2026-01-01 payment INV-1\n`);
    expect(message).toBe("expected an amount, found the end of the line");
  });

  it("says an amount glued to its currency is not an amount", () => {
    expect(messageOf(`2026-01-01 payment INV-1 42.00USD\n`)[0]).toBe("expected an amount, found `42.00USD`");
  });

  it("lists the properties an entry kind takes", () => {
    const [message] = messageOf(`2026-01-01 payment INV-1 5\n  installment 2026-02-01 5\n`);
    expect(message).toContain("`installment` is not a property of a `payment` entry");
    expect(message).toContain("`via`, `ref` or `evidence`");
  });

  it("reports a property line with no header", () => {
    expect(messageOf(`  due 2026-01-01\n`)[0]).toContain("needs a header line above it");
  });

  it("reports an unterminated string", () => {
    expect(messageOf(`party p "Acme\n`)[0]).toContain('a text with no closing `"`');
  });

  it("reports an unknown channel", () => {
    expect(messageOf(`2026-01-01 sent INV-1 via fax\n`)[0]).toContain("found `fax`");
  });
});

describe("recovery", () => {
  it("costs a broken header only its own entry", () => {
    const text = [
      `2026-01-01 invoice A C 5`,
      `2026-01-02 invoice B C 5 5 5`,
      `  due 2026-02-01`,
      `2026-01-03 invoice D C 5`,
    ].join("\n");
    const file = parseDun(text);
    expect(file.errors).toHaveLength(1);
    expect(file.entries.map((e) => e.kind)).toEqual(["invoice", "broken", "invoice"]);
    expect(file.entries[1]).toMatchObject({ definedId: "B" });
  });

  it("costs a broken property line only itself", () => {
    const file = parseDun(`2026-01-01 invoice A C 5\n  due tomorrow\n  number "A-1"\n`);
    expect(file.errors).toHaveLength(1);
    expect(file.entries[0]).toMatchObject({ hasBrokenLines: true, properties: [{ name: "number" }] });
  });

  it("never throws on garbage and keeps every error range inside the text", () => {
    const pieces = ["2026-01-01", "invoice", '"', "\\", ";", "  ", "\t", "\n", "\r\n", "%", "1,2", "-", "é", "\u0000", "USD", "via", "14d", "x".repeat(50)];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 300; round++) {
      let text = "";
      for (let i = 0; i < 40; i++) text += pieces[Math.floor(random() * pieces.length)] + (random() < 0.5 ? " " : "");
      const file = parseDun(text);
      for (const error of file.errors) {
        expect(error.range.start).toBeGreaterThanOrEqual(0);
        expect(error.range.end).toBeLessThanOrEqual(text.length);
        expect(error.range.start).toBeLessThanOrEqual(error.range.end);
      }
    }
  });
});

describe("LineIndex", () => {
  it("maps offsets to 0-based lines and columns and back", () => {
    const index = new LineIndex("ab\ncd\r\nef");
    expect(index.positionAt(0)).toEqual({ line: 0, character: 0 });
    expect(index.positionAt(4)).toEqual({ line: 1, character: 1 });
    expect(index.positionAt(7)).toEqual({ line: 2, character: 0 });
    expect(index.offsetAt({ line: 2, character: 1 })).toBe(8);
    expect(index.positionAt(99)).toEqual({ line: 2, character: 2 });
  });

  it("finds a text's lines again only around an edit, as a whole reading does", () => {
    // Each case: the old text, the new one, and where the old text's [from, oldTo) was replaced.
    const cases: [string, string, number, number][] = [
      ["ab\ncd\nef\n", "ab\nc\nx\nd\nef\n", 4, 4], // a line break typed inside a line
      ["ab\ncd\nef\n", "ab\nef\n", 3, 6], // a whole line deleted
      ["ab\ncd\r\nef", "ab\ncd\r\nefgh\n", 9, 9], // typed at the end, CRLF before it
      ["ab\ncd\nef", "\n\nab\ncd\nef", 0, 0], // lines added at the very start
      ["ab\ncd\nef", "ab\ncd\nef", 9, 9], // nothing changed
      ["a\n\n\nb", "ab", 1, 4], // every line break deleted
    ];
    for (const [before, after, from, oldTo] of cases) {
      const index = LineIndex.afterEdit(new LineIndex(before), after, from, oldTo, after.length - before.length);
      expect(index).toStrictEqual(new LineIndex(after));
    }
    // The third case by hand: "ab\n" is 0-2, "cd\r\n" 3-6, "efgh\n" 7-11: lines start at 0, 3, 7 and 12.
    const typed = LineIndex.afterEdit(new LineIndex("ab\ncd\r\nef"), "ab\ncd\r\nefgh\n", 9, 9, 3);
    expect([0, 1, 2, 3].map((line) => typed.lineStart(line))).toEqual([0, 3, 7, 12]);
  });
});
