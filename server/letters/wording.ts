/**
 * How letters write dates, lists, channels and money: one consistent house style per
 * letter, chosen by the jurisdiction the letter is written under (US and Canada write
 * "May 4, 2026" on US Letter paper; everyone else "4 May 2026" on A4).
 */
import type { Entry, PropertyName } from "../../grammar";
import { formatMoney } from "../engine/money";
import type { IsoDate } from "../engine";

export type DateStyle = "us" | "intl";
export type Paper = "letter" | "a4";

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** `2026-05-04` → "May 4, 2026" (us) or "4 May 2026" (intl). */
export function writtenDate(date: IsoDate, style: DateStyle): string {
  const year = date.slice(0, 4);
  const month = MONTHS[Number(date.slice(5, 7)) - 1]!;
  const day = String(Number(date.slice(8, 10)));
  return style === "us" ? `${month} ${day}, ${year}` : `${day} ${month} ${year}`;
}

/** The country of a jurisdiction code: `US-CA` → `US`. */
export function countryOf(code: string | undefined): string | undefined {
  return code?.split("-")[0]?.toUpperCase();
}

/** US and Canada: US-style dates and Letter paper; elsewhere international dates and A4. */
export function houseStyle(jurisdiction: string | undefined): { dates: DateStyle; paper: Paper } {
  const country = countryOf(jurisdiction);
  return country === "US" || country === "CA" ? { dates: "us", paper: "letter" } : { dates: "intl", paper: "a4" };
}

/** "a", "a and b", "a, b and c". */
export function listed(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "invoice 1001" or "invoices 1001 and 1002". */
export function invoicesPhrase(numbers: string[]): string {
  return `${numbers.length === 1 ? "invoice" : "invoices"} ${listed(numbers)}`;
}

/** Amounts of several currencies, never added together: "16,804.38 USD and 6,166.00 GBP". */
export function moneyList(amounts: Map<string, number>): string {
  return listed([...amounts].map(([currency, units]) => formatMoney(units, currency)));
}

/** How a letter went, for the line above the address. */
export function deliveryLine(channel: string | undefined, email: string | undefined): string {
  switch (channel) {
    case "email":
      return email ? `By email to ${email}` : "By email";
    case "post":
      return "By post";
    case "courier":
      return "By courier";
    case "hand":
      return "By hand";
    case "portal":
      return "Through your supplier portal";
    case "message":
      return "By message";
    case "certified-mail":
    default:
      return "By certified mail, return receipt requested";
  }
}

/** A channel inside a sentence: "by certified mail". */
export function byChannel(channel: string): string {
  switch (channel) {
    case "certified-mail":
      return "by certified mail";
    case "hand":
      return "by hand";
    case "portal":
      return "through your supplier portal";
    case "phone":
      return "by telephone";
    default:
      return `by ${channel.replace(/-/g, " ")}`;
  }
}

/** The text of every `name "…"` property of an entry, in order. */
export function textsOf(entry: Entry, name: PropertyName): string[] {
  const found: string[] = [];
  for (const property of entry.properties) {
    if (property.name === name && "text" in property) found.push(property.text.value);
  }
  return found;
}

/** The first `name "…"` property's text. */
export function textOf(entry: Entry, name: PropertyName): string | undefined {
  return textsOf(entry, name)[0];
}

/** The id of a `name ID` property (`jurisdiction US-CA`, `via wire`). */
export function idOf(entry: Entry, name: PropertyName): string | undefined {
  for (const property of entry.properties) {
    if (property.name === name && "id" in property) return property.id.name;
  }
  return undefined;
}

/** Every `evidence` path of an entry. */
export function evidenceOf(entry: Entry): string[] {
  return entry.properties.flatMap((p) => (p.name === "evidence" ? [p.path.value] : []));
}

/** Lines for a Markdown block: every line but the last ends in a hard break. */
export interface Line {
  text: string;
  last: boolean;
}

export function lines(texts: (string | undefined)[]): Line[] {
  const kept = texts.filter((text): text is string => !!text);
  return kept.map((text, index) => ({ text, last: index === kept.length - 1 }));
}

/** Quotes notes written in the ledger: “…”. */
export function quoted(text: string): string {
  return `“${text}”`;
}

/** Ids as file names: anything but letters, digits, `.`, `_` and `-` becomes `-`. */
export function fileSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, "-");
}
