/**
 * The typed syntax tree of a `.dun` file.
 *
 * Every node carries its exact source range inline, as the offsets `start` and `end` of the
 * file's text (a `LineIndex` turns them into lines and columns): no separate range object per
 * node, which in a large workspace was half of the tree's objects. A node is therefore a
 * `Range` itself and can be passed wherever one is wanted; whatever keeps a range beyond the
 * tree (a diagnostic, a syntax error) copies `{ start, end }` into a plain object of its own.
 * Entries alone keep one object more, `header`, the span of their header line.
 *
 * Values are kept as written and in a decoded form that never needs the rest of the
 * workspace: an amount keeps its digits, not its minor units, because the currency that gives
 * it its exponent may be named in another file.
 */

/** Half-open range of offsets into the document text: `[start, end)`. */
export interface Range {
  start: number;
  end: number;
}

/** Every node of the tree: its half-open range `[start, end)`, inline. */
export interface Node {
  start: number;
  end: number;
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

/** An amount as written (`text`) and as a decimal: the node is its own `DecimalValue` (one object, not two). */
export interface AmountNode extends Node, DecimalValue {
  text: string;
}

export interface IdNode extends Node {
  name: string;
}

/** An amount with the currency code written right after it, if any. */
export interface MoneyNode extends Node {
  amount: AmountNode;
  currency?: IdNode;
}

/** A percentage as written (`5%`) and as a decimal (the number before `%`), in one object. */
export interface PercentNode extends Node, DecimalValue {
  text: string;
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

/** A property's keyword (`evidence`) is not stored: it is `name`, at `start` (see `propertyKeyword`). */
interface PropertyBase extends Node {}

/** One union member per property name, so that `switch (property.name)` narrows exactly. */
type Prop<N extends string, T> = N extends unknown ? PropertyBase & T & { name: N } : never;

export type Property =
  | Prop<"self" | "attorney-fees" | "inbound" | "final", {}>
  | Prop<"address" | "email" | "phone" | "pay" | "registration" | "scope" | "number" | "ref" | "with", { text: StringNode }>
  | Prop<"evidence" | "receipt", { path: StringNode }>
  | Prop<"contact", { person: StringNode; role?: StringNode }>
  | Prop<"jurisdiction" | "creditor" | "policy" | "currency" | "via", { id: IdNode }>
  | Prop<"step", { step: IdNode; offset: DaysNode; deadline?: DaysNode; final?: KeywordNode; via?: IdNode }>
  | Prop<"terms", { net?: AmountNode; dueOnReceipt?: KeywordNode }>
  | Prop<"late-fee", { fixed?: MoneyNode; percent?: PercentNode; period: KeywordNode }>
  | Prop<"interest", { rate: PercentNode; period: KeywordNode }>
  | Prop<"due" | "hearing", { date: DateNode }>
  | Prop<"item", { text: StringNode; money: MoneyNode }>
  | Prop<"promise", { date: DateNode; money?: MoneyNode }>
  | Prop<"re", { invoices: IdNode[] }>
  | Prop<"deadline", { date?: DateNode; days?: DaysNode }>
  | Prop<"installment", { date: DateNode; money: MoneyNode }>
  | Prop<"fee", { rate: PercentNode }>;

export type PropertyName = Property["name"];
export type PropertyOf<N extends PropertyName> = Extract<Property, { name: N }>;

// ---------------------------------------------------------------------------------------
// Entries: a header line and its properties.

interface EntryBase extends Node {
  /** The header line alone (the entry's `start`–`end` also covers its property lines). */
  header: Range;
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

/** One union member per kind, so that `switch (entry.kind)` narrows to exactly that kind. */
type Each<K extends string, T> = K extends unknown ? T & { kind: K } : never;

export type Entry =
  | Each<"party", EntryBase & { id: IdNode; name?: StringNode }>
  | Each<"policy", EntryBase & { id: IdNode; title?: StringNode }>
  | Each<"contract", DatedEntryBase & { id: IdNode; party: IdNode; title?: StringNode }>
  | Each<"work", DatedEntryBase & { contract: IdNode; text: StringNode }>
  | Each<"invoice", DatedEntryBase & { id: IdNode; target: IdNode; money: MoneyNode }>
  | Each<"sent" | "reminder" | "demand", DatedEntryBase & { invoices: IdNode[]; channel: IdNode }>
  /** `text`: the notes, which a call may lack (reported as `missing-evidence`). */
  | Each<ContactKind, DatedEntryBase & { party: IdNode; text?: StringNode }>
  | Each<"dispute" | "resolve" | "write-off", DatedEntryBase & { invoice: IdNode; text: StringNode }>
  | Each<"plan", DatedEntryBase & { invoices: IdNode[] }>
  | Each<"suspend" | "resume", DatedEntryBase & { contract: IdNode; text?: StringNode }>
  | Each<"collections" | "claim", DatedEntryBase & { invoices: IdNode[]; text: StringNode }>
  | Each<"judgment", DatedEntryBase & { invoices: IdNode[]; money: MoneyNode }>
  | Each<"payment", DatedEntryBase & { target: IdNode; money: MoneyNode }>
  | Each<"credit", DatedEntryBase & { invoice: IdNode; money: MoneyNode; text: StringNode }>
  | Each<"note", DatedEntryBase & { target: IdNode; text: StringNode }>;

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
  /** A plain `{ start, end }` of its own, never a node. */
  range: Range;
  message: string;
}

/**
 * The kind word of an entry's header (`invoice`, `call`, …): `kind`, written first or right
 * after the date. Derived rather than stored, as a property's keyword is: a node for each was a
 * quarter of the tree's objects, and only highlighting and outlines ask where the word stands.
 */
export function entryKeyword(entry: Entry, text: string): KeywordNode {
  let start = entry.start;
  if ("date" in entry) {
    start = entry.date.end;
    while (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9) start++;
  }
  return { start, end: start + entry.kind.length, word: entry.kind };
}

/** A property's keyword (`evidence`, `due`): its `name`, where the property starts. */
export function propertyKeyword(property: Property): KeywordNode {
  return { start: property.start, end: property.start + property.name.length, word: property.name };
}

export interface DunFile {
  entries: (Entry | BrokenEntry)[];
  comments: Comment[];
  errors: SyntaxError[];
}
