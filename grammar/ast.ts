/**
 * The typed syntax tree of a `.dun` file.
 *
 * Every node keeps its exact source range as offsets into the file's text (a `LineIndex`
 * turns them into lines and columns). Values are kept as written and in a decoded form that
 * never needs the rest of the workspace: an amount keeps its digits, not its minor units,
 * because the currency that gives it its exponent may be named in another file.
 */

/** Half-open range of offsets into the document text: `[start, end)`. */
export interface Range {
  start: number;
  end: number;
}

export interface Node {
  range: Range;
}

export interface DateNode extends Node {
  text: string;
  /** False for an impossible calendar date such as `2026-02-30` (reported as `bad-date`). */
  valid: boolean;
}

/** A decimal number as written: `-1,234.50` → negative, digits "123450", scale 2. */
export interface DecimalValue {
  negative: boolean;
  /** All digits without grouping or point, leading zeros removed ("0" for zero). */
  digits: string;
  /** How many of those digits stand after the point. */
  scale: number;
}

export interface AmountNode extends Node {
  text: string;
  value: DecimalValue;
}

export interface IdNode extends Node {
  name: string;
}

/** An amount with the currency code written right after it, if any. */
export interface MoneyNode extends Node {
  amount: AmountNode;
  currency?: IdNode;
}

export interface PercentNode extends Node {
  text: string;
  value: DecimalValue;
}

export interface DaysNode extends Node {
  text: string;
  days: number;
}

export interface StringNode extends Node {
  /** The text between the quotes, escapes resolved. */
  value: string;
}

export interface KeywordNode extends Node {
  word: string;
}

// ---------------------------------------------------------------------------------------
// Properties: the indented lines under a header.

interface PropertyBase extends Node {
  /** The property's keyword, e.g. `evidence`. */
  keyword: KeywordNode;
}

export type Property =
  | (PropertyBase & { name: "self" | "attorney-fees" | "inbound" | "final" })
  | (PropertyBase & {
      name: "address" | "email" | "phone" | "pay" | "registration" | "scope" | "number" | "ref" | "with";
      text: StringNode;
    })
  | (PropertyBase & { name: "evidence" | "receipt"; path: StringNode })
  | (PropertyBase & { name: "contact"; person: StringNode; role?: StringNode })
  | (PropertyBase & { name: "jurisdiction" | "creditor" | "policy" | "currency"; id: IdNode })
  | (PropertyBase & { name: "via"; id: IdNode })
  | (PropertyBase & {
      name: "step";
      step: IdNode;
      offset: DaysNode;
      deadline?: DaysNode;
      final?: KeywordNode;
      via?: IdNode;
    })
  | (PropertyBase & { name: "terms"; net?: AmountNode; dueOnReceipt?: KeywordNode })
  | (PropertyBase & {
      name: "late-fee";
      fixed?: MoneyNode;
      percent?: PercentNode;
      period: KeywordNode;
    })
  | (PropertyBase & { name: "interest"; rate: PercentNode; period: KeywordNode })
  | (PropertyBase & { name: "due" | "hearing"; date: DateNode })
  | (PropertyBase & { name: "item"; text: StringNode; money: MoneyNode })
  | (PropertyBase & { name: "promise"; date: DateNode; money?: MoneyNode })
  | (PropertyBase & { name: "re"; invoices: IdNode[] })
  | (PropertyBase & { name: "deadline"; date?: DateNode; days?: DaysNode })
  | (PropertyBase & { name: "installment"; date: DateNode; money: MoneyNode })
  | (PropertyBase & { name: "fee"; rate: PercentNode });

export type PropertyName = Property["name"];
export type PropertyOf<N extends PropertyName> = Extract<Property, { name: N }>;

// ---------------------------------------------------------------------------------------
// Entries: a header line and its properties.

interface EntryBase extends Node {
  /** The header line alone (the entry's `range` also covers its property lines). */
  header: Range;
  /** The kind word of the header (`invoice`, `call`, …). */
  keyword: KeywordNode;
  properties: Property[];
  /** True when one of the entry's property lines did not parse (the formatter leaves those lines alone). */
  hasBrokenLines: boolean;
}

interface DatedEntryBase extends EntryBase {
  date: DateNode;
}

/** The kinds of contact with the debtor that share the `call` shape. */
export const CONTACT_KINDS = ["call", "email", "letter", "meeting", "message"] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export type Entry =
  | (EntryBase & { kind: "party"; id: IdNode; name?: StringNode })
  | (EntryBase & { kind: "policy"; id: IdNode; title?: StringNode })
  | (DatedEntryBase & { kind: "contract"; id: IdNode; party: IdNode; title?: StringNode })
  | (DatedEntryBase & { kind: "work"; contract: IdNode; text: StringNode })
  | (DatedEntryBase & { kind: "invoice"; id: IdNode; target: IdNode; money: MoneyNode })
  | (DatedEntryBase & { kind: "sent" | "reminder" | "demand"; invoices: IdNode[]; channel: IdNode })
  | (DatedEntryBase & { kind: ContactKind; party: IdNode; text: StringNode })
  | (DatedEntryBase & { kind: "dispute" | "resolve" | "write-off"; invoice: IdNode; text: StringNode })
  | (DatedEntryBase & { kind: "plan"; invoices: IdNode[] })
  | (DatedEntryBase & { kind: "suspend" | "resume"; contract: IdNode; text?: StringNode })
  | (DatedEntryBase & { kind: "collections" | "claim"; invoices: IdNode[]; text: StringNode })
  | (DatedEntryBase & { kind: "judgment"; invoices: IdNode[]; money: MoneyNode })
  | (DatedEntryBase & { kind: "payment"; target: IdNode; money: MoneyNode })
  | (DatedEntryBase & { kind: "credit"; invoice: IdNode; money: MoneyNode; text: StringNode })
  | (DatedEntryBase & { kind: "note"; target: IdNode; text: StringNode });

export type EntryKind = Entry["kind"];
export type EntryOf<K extends EntryKind> = Extract<Entry, { kind: K }>;
export type DatedEntry = Exclude<Entry, { kind: "party" | "policy" }>;

/** A header line that did not parse. Kept so that its lines are left alone and its id still counts as defined. */
export interface BrokenEntry extends Node {
  kind: "broken";
  header: Range;
  /** The id this header seems to define (`invoice INV-1 …`), so references to it are not reported too. */
  definedId?: string;
}

export interface Comment extends Node {
  /** The comment's text including the leading `;`. */
  text: string;
}

/** A problem found while reading the text: reported with the code `syntax`. */
export interface SyntaxError {
  range: Range;
  message: string;
}

export interface DunFile {
  entries: (Entry | BrokenEntry)[];
  comments: Comment[];
  errors: SyntaxError[];
}
