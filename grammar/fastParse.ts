/**
 * `fastParseDun(text)`: a hand-written parser for files with no syntax error at all, the
 * common case: three to four times faster than chevrotain on a large ledger, with no token
 * objects (what remains is mostly the cost of allocating the tree itself). It builds
 * exactly the tree `parseDunChevrotain` builds (same nodes, values, offsets, comments and key
 * order) and returns `undefined` the moment it meets anything that tree would not hold or
 * that would be a syntax error; `parseDun` then parses the text with chevrotain, which
 * stays the reference grammar and the one source of error messages.
 *
 * Line by line, as the chevrotain path: a line whose first token stands in column 1 is a
 * header, any other line with tokens a property of the header above it.
 */
import type { DateNode, DaysNode, DunFile, Entry, IdNode, KeywordNode, MoneyNode, PercentNode, Property, PropertyName } from "./ast";
import { NodeReader } from "./fastNodes";
import { AMOUNT, DATE, DECLINE, marksOf, PERCENT } from "./fastScan";
import { CHANNELS, DATED_KINDS, PROPERTIES_BY_KIND, REPEATABLE_PROPERTIES, STEP_KINDS } from "./schema";
import { KEYWORDS, type Keyword } from "./keywords";

/** The tree of a text with no syntax error, as chevrotain would build it; `undefined` for any other text. */
export function fastParseDun(text: string): DunFile | undefined {
  try {
    return new FastParser(text).file();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

/**
 * Reads regions of one text: the entries of the regions given, as `fastParseDun(text)` would
 * have them (same nodes, same offsets), `undefined` where it would decline them. Each region,
 * in text order, starts where a line starts (an entry's header, or the text's start) and ends
 * where another line starts (or at the text's end): `dun check` of a large file parses only a
 * group of its entries at a time, as often as it likes.
 */
export type RegionReader = (regions: readonly (readonly [start: number, end: number])[]) => Entry[] | undefined;

export function regionReader(text: string): RegionReader {
  const marks = marksOf(text);
  return (regions) => {
    try {
      const parser = new FastParser(text, marks);
      const entries: Entry[] = [];
      for (const [start, end] of regions) parser.region(start, end, entries);
      return entries;
    } catch (error) {
      if (error === DECLINE) return undefined;
      throw error;
    }
  };
}

/**
 * The entries and comments of one region of a text (from a line's start to where another line
 * starts, or the text's end), as `fastParseDun(text)` would have them; `undefined` where it
 * would decline them. Read without the text's marks: one region, one search for each.
 */
export function fastParseRegion(text: string, start: number, end: number): Pick<DunFile, "entries" | "comments"> | undefined {
  try {
    const parser = new FastParser(text);
    const entries: Entry[] = [];
    parser.region(start, end, entries);
    return { entries, comments: parser.comments };
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

const channels: readonly string[] = CHANNELS;
const stepKinds: readonly string[] = STEP_KINDS;
const keywordCount = KEYWORDS.length;

/** By keyword index: true for the kinds of entry that start with a date. */
const isDatedKind = KEYWORDS.map((word) => (DATED_KINDS as readonly string[]).includes(word));

/** By kind index × keyword count + property index: true where that kind takes that property. */
const takesProperty: boolean[] = new Array<boolean>(keywordCount * keywordCount).fill(false);
/** By keyword index: one bit for each property that may stand only once in an entry, 0 for the others. */
const onceBit: number[] = new Array<number>(keywordCount).fill(0);
let onceBits = 0;
for (const [kind, names] of Object.entries(PROPERTIES_BY_KIND)) {
  for (const name of names) {
    const index = KEYWORDS.indexOf(name);
    takesProperty[KEYWORDS.indexOf(kind as Keyword) * keywordCount + index] = true;
    if (!REPEATABLE_PROPERTIES.has(name) && onceBit[index] === 0) onceBit[index] = 1 << onceBits++;
  }
}
if (onceBits > 31) throw new Error("fastParse: more once-only properties than bits in a number");

/**
 * What an entry's `properties` holds until the entry ends (never seen outside: the parser
 * then gives each entry its own array of exactly its properties, a quarter of the memory of
 * an array grown by pushes).
 */
const NO_PROPERTIES_YET: Property[] = Object.freeze([]) as unknown as Property[];

class FastParser extends NodeReader {
  /** The index in `KEYWORDS` of the current entry's kind. */
  private kindIndex = -1;
  /** The current entry's properties so far: the first `propertyCount` of `properties`. */
  private readonly properties: Property[] = [];
  private propertyCount = 0;

  file(): DunFile {
    const entries: Entry[] = [];
    // A byte-order mark is skipped: the first line's column 1 is just after it.
    this.region(this.text.charCodeAt(0) === 0xfeff ? 1 : 0, this.length, entries);
    return { entries, comments: this.comments, errors: [] };
  }

  /**
   * The entries of the lines from `start` (a line's start) up to `end` (where a line starts, or
   * the text's end), added to `entries`: a line whose first token stands in column 1 is a
   * header, any other line with tokens a property of the header above it.
   */
  region(start: number, end: number, entries: Entry[]): void {
    let entry: Entry | undefined;
    /** End of the current entry's last property line; -1 while it has none. */
    let entryEnd = -1;
    /** The properties given so far in the current entry that may stand only once. */
    let seen = 0;
    let lineStart = start;
    for (;;) {
      this.scanLine(lineStart);
      if (this.count > 0) {
        if (this.tokStart === lineStart) {
          if (entry) this.endEntry(entry, entryEnd);
          entry = this.header();
          entries.push(entry);
          entryEnd = -1;
          seen = 0;
        } else {
          if (!entry) throw DECLINE;
          seen = this.property(seen);
          entryEnd = this.lastEnd;
        }
      }
      if (this.lineEnd + 1 >= end) break;
      lineStart = this.lineEnd + 1;
    }
    if (entry) this.endEntry(entry, entryEnd);
  }

  /** Completes an entry: its end to its last property line (`end`, -1 for none), its properties. */
  private endEntry(entry: Entry, end: number): void {
    if (end >= 0) entry.end = end;
    entry.properties = this.propertyCount === 0 ? [] : this.properties.slice(0, this.propertyCount);
    this.propertyCount = 0;
  }

  // --- header lines ---------------------------------------------------------------------------

  /** A header line; sets `kindIndex`. */
  private header(): Entry {
    const start = this.tokStart;
    if (this.tok === DATE) {
      const date = this.date();
      const kindIndex = (this.kindIndex = this.keywordIndex());
      if (kindIndex < 0 || !isDatedKind[kindIndex]) throw DECLINE;
      this.skipKeyword();
      return this.datedHeader(KEYWORDS[kindIndex] as Entry["kind"], date, start);
    }
    const kindIndex = (this.kindIndex = this.keywordIndex());
    const word = KEYWORDS[kindIndex];
    if (word !== "party" && word !== "policy") throw DECLINE;
    this.skipKeyword();
    const id = this.id();
    const text = this.optionalString();
    const header = this.lineRange(start);
    if (word === "party") {
      return { kind: "party", id, name: text, start, end: header.end, header, properties: NO_PROPERTIES_YET, hasBrokenLines: false };
    }
    return { kind: "policy", id, title: text, start, end: header.end, header, properties: NO_PROPERTIES_YET, hasBrokenLines: false };
  }

  /** The rest of a header after its date and kind: the fields of `parser.ts`, in its key order. */
  private datedHeader(kind: Entry["kind"], date: DateNode, start: number): Entry {
    const properties = NO_PROPERTIES_YET;
    switch (kind) {
      case "contract": {
        const id = this.id();
        const party = this.id();
        const title = this.optionalString();
        const header = this.lineRange(start);
        return { kind, id, party, title, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "work": {
        const contract = this.id();
        const text = this.string();
        const header = this.lineRange(start);
        return { kind, contract, text, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "invoice": {
        const id = this.id();
        const target = this.id();
        const money = this.money();
        const header = this.lineRange(start);
        return { kind, id, target, money, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "sent":
      case "reminder":
      case "demand": {
        const invoices = this.idList();
        if (!this.isWord("via")) throw DECLINE;
        this.t++;
        const channel = this.id();
        if (!channels.includes(channel.name)) throw DECLINE;
        const header = this.lineRange(start);
        return { kind, invoices, channel, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "call":
      case "email":
      case "letter":
      case "meeting":
      case "message": {
        const party = this.id();
        const text = this.optionalString();
        const header = this.lineRange(start);
        return { kind, party, text, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "dispute":
      case "resolve":
      case "write-off": {
        const invoice = this.id();
        const text = this.string();
        const header = this.lineRange(start);
        return { kind, invoice, text, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "plan": {
        const invoices = this.idList();
        const header = this.lineRange(start);
        return { kind, invoices, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "suspend":
      case "resume": {
        const contract = this.id();
        const text = this.optionalString();
        const header = this.lineRange(start);
        return { kind, contract, text, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "collections":
      case "claim": {
        const invoices = this.idList();
        const text = this.string();
        const header = this.lineRange(start);
        return { kind, invoices, text, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "judgment": {
        const invoices = this.idList();
        const money = this.money();
        const header = this.lineRange(start);
        return { kind, invoices, money, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "payment": {
        const target = this.id();
        const money = this.money();
        const header = this.lineRange(start);
        return { kind, target, money, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "credit": {
        const invoice = this.id();
        const money = this.money();
        const text = this.string();
        const header = this.lineRange(start);
        return { kind, invoice, money, text, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      case "note": {
        const target = this.id();
        const text = this.string();
        const header = this.lineRange(start);
        return { kind, target, text, date, start, end: header.end, header, properties, hasBrokenLines: false };
      }
      default:
        throw DECLINE;
    }
  }

  // --- property lines -------------------------------------------------------------------------

  /** Reads one property line of the current entry; returns the once-only properties seen, this one included. */
  private property(seen: number): number {
    const index = this.keywordIndex();
    if (index < 0 || !takesProperty[this.kindIndex * keywordCount + index]) throw DECLINE;
    const bit = onceBit[index]!;
    if ((seen & bit) !== 0) throw DECLINE;
    const name = KEYWORDS[index] as PropertyName;
    const start = this.tokStart;
    this.skipKeyword();
    this.properties[this.propertyCount++] = this.propertyBody(name, start);
    return seen | bit;
  }

  /** What follows a property's keyword: the fields of `parser.ts`, in its key order. */
  private propertyBody(name: PropertyName, start: number): Property {
    switch (name) {
      case "self":
      case "attorney-fees":
      case "inbound":
      case "final":
        return { name, start, end: this.endOfLine() };
      case "address":
      case "email":
      case "phone":
      case "pay":
      case "registration":
      case "scope":
      case "number":
      case "ref":
      case "with":
        return { name, text: this.string(), start, end: this.endOfLine() };
      case "evidence":
      case "receipt":
        return { name, path: this.string(), start, end: this.endOfLine() };
      case "contact":
        return { name, person: this.string(), role: this.optionalString(), start, end: this.endOfLine() };
      case "jurisdiction":
      case "creditor":
      case "policy":
      case "currency":
      case "via":
        return { name, id: this.id(), start, end: this.endOfLine() };
      case "step":
        return this.step(start);
      case "terms":
        if (this.isWord("net")) {
          this.t++;
          return { name, net: this.amount(), start, end: this.endOfLine() };
        }
        if (!this.isWord("due-on-receipt")) throw DECLINE;
        return { name, dueOnReceipt: this.keywordNode("due-on-receipt"), start, end: this.endOfLine() };
      case "late-fee": {
        let fixed: MoneyNode | undefined;
        let percent: PercentNode | undefined;
        if (this.tok === AMOUNT) fixed = this.money();
        else if (this.tok === PERCENT) percent = this.percent();
        else throw DECLINE;
        const period = this.isWord("monthly") ? "monthly" : this.isWord("once") ? "once" : undefined;
        if (period === undefined) throw DECLINE;
        return { name, fixed, percent, period: this.keywordNode(period), start, end: this.endOfLine() };
      }
      case "interest": {
        const rate = this.percent();
        if (!this.isWord("yearly")) throw DECLINE;
        return { name, rate, period: this.keywordNode("yearly"), start, end: this.endOfLine() };
      }
      case "due":
      case "hearing":
        return { name, date: this.date(), start, end: this.endOfLine() };
      case "item":
        return { name, text: this.string(), money: this.money(), start, end: this.endOfLine() };
      case "promise":
        return { name, date: this.date(), money: this.tok === AMOUNT ? this.money() : undefined, start, end: this.endOfLine() };
      case "re":
        return { name, invoices: this.idList(), start, end: this.endOfLine() };
      case "deadline":
        if (this.tok === DATE) return { name, date: this.date(), start, end: this.endOfLine() };
        return { name, days: this.days(), start, end: this.endOfLine() };
      case "installment":
        return { name, date: this.date(), money: this.money(), start, end: this.endOfLine() };
      case "fee":
        return { name, rate: this.percent(), start, end: this.endOfLine() };
      default:
        throw DECLINE;
    }
  }

  /** `step KIND Nd` then `deadline Nd`, `final` and `via CHANNEL` in any order, any number of times. */
  private step(start: number): Property {
    const step = this.id();
    const offset = this.days();
    let deadline: DaysNode | undefined;
    let final: KeywordNode | undefined;
    let via: IdNode | undefined;
    for (;;) {
      if (this.isWord("deadline")) {
        this.t++;
        deadline = this.days();
      } else if (this.isWord("final")) {
        final = this.keywordNode("final");
      } else if (this.isWord("via")) {
        this.t++;
        via = this.id();
      } else {
        break;
      }
    }
    if (!stepKinds.includes(step.name) || (via && !channels.includes(via.name))) throw DECLINE;
    return { name: "step", step, offset, deadline, final, via, start, end: this.endOfLine() };
  }
}
