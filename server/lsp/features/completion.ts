/**
 * Completion: what may come next at the cursor, decided from the text of the line up to it.
 * A header line offers today's date, then the entry kinds, then ids of the kind each position
 * takes (a payment's target is an invoice or a party, never a contract); a property line offers
 * the properties its entry still lacks, then the values each property takes; the quotes of
 * `evidence` and `receipt` offer the files beside the document. Anywhere else: nothing.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import currencyCodes from "currency-codes";
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionParams, type Range } from "vscode-languageserver";
import { CHANNELS, DATED_KINDS, PROPERTIES_BY_KIND, REPEATABLE_PROPERTIES, STEP_KINDS, type EntryKind, type PropertyName } from "../../../grammar";
import type { LineIndex } from "../../../grammar/lineIndex";
import { groupedAmount, type Analysis } from "../../engine";
import type { Session } from "../session";

type DatedKind = Exclude<EntryKind, "party" | "policy">;

/** What each dated kind records, and the rest of its header as a snippet. */
const KINDS: Record<DatedKind, [detail: string, snippet: string]> = {
  contract: ["an agreement with a debtor", '${1:ID} ${2:PARTY} "${3:Title}"'],
  work: ["proof that we did our part", '${1:CONTRACT} "${2:what was delivered}"'],
  invoice: ["an invoice, under a contract or straight to a party", "${1:ID} ${2:CONTRACT-or-PARTY} ${3:AMOUNT}"],
  sent: ["the invoice was delivered", `\${1:INVOICE} via \${2|${CHANNELS.join(",")}|}`],
  reminder: ["a payment reminder", `\${1:INVOICE} via \${2|${CHANNELS.join(",")}|}`],
  call: ["a phone call", '${1:PARTY} "${2:notes}"'],
  email: ["an email to or from the debtor", '${1:PARTY} "${2:notes}"'],
  letter: ["a letter to or from the debtor", '${1:PARTY} "${2:notes}"'],
  meeting: ["a meeting with the debtor", '${1:PARTY} "${2:notes}"'],
  message: ["a message to or from the debtor", '${1:PARTY} "${2:notes}"'],
  demand: ["a formal demand letter", `\${1:INVOICE} via \${2|${CHANNELS.join(",")}|}`],
  dispute: ["the debtor disputes an invoice", '${1:INVOICE} "${2:their reason}"'],
  resolve: ["a dispute ends", '${1:INVOICE} "${2:how it was settled}"'],
  plan: ["an agreed payment plan", "${1:INVOICE}"],
  suspend: ["work or credit stopped", "${1:CONTRACT}"],
  resume: ["work resumed", "${1:CONTRACT}"],
  collections: ["referred to a collection agency", '${1:INVOICE} "${2:agency}"'],
  claim: ["a court claim filed", '${1:INVOICE} "${2:court}"'],
  judgment: ["a judgment awarded", "${1:INVOICE} ${2:AMOUNT}"],
  payment: ["money received", "${1:INVOICE-or-PARTY} ${2:AMOUNT}"],
  credit: ["an agreed reduction (credit note)", '${1:INVOICE} ${2:AMOUNT} "${3:reason}"'],
  "write-off": ["we give up on the balance", '${1:INVOICE} "${2:reason}"'],
  note: ["anything else worth keeping", '${1:PARTY-or-CONTRACT-or-INVOICE} "${2:text}"'],
};

/** Each property's shape, shown beside it. */
const PROPERTIES: Record<PropertyName, string> = {
  self: "this party is us, the creditor", address: 'address "line" (one per line)', email: 'email "address"',
  phone: 'phone "number"', contact: 'contact "Name" ["Role"], the decision-maker first', jurisdiction: "jurisdiction CODE",
  pay: 'pay "payment instructions line"', registration: 'registration "number"', step: "step KIND Nd [deadline Nd] [final] [via CHANNEL]",
  creditor: "creditor PARTY (default: the self party)", terms: "terms net N | due-on-receipt", "late-fee": "late-fee AMOUNT-or-PERCENT monthly|once",
  interest: "interest PERCENT yearly", "attorney-fees": "attorney fees may be claimed", currency: "currency CUR", policy: "policy ID (the escalation ladder)",
  scope: 'scope "what the agreement covers"', evidence: 'evidence "path" (relative to this file)', due: "due DATE (default: date + terms)",
  number: 'number "printed or case number"', item: 'item "description" AMOUNT', receipt: 'receipt "path" (proof of delivery)',
  promise: "promise DATE [AMOUNT]", re: "re INVOICE+ (default: the party's open invoices)", with: 'with "person spoken to"',
  inbound: "they contacted us", deadline: "deadline DATE | Nd", final: "final demand, letter before action", installment: "installment DATE AMOUNT",
  fee: "fee PERCENT (the agency's fee)", hearing: "hearing DATE", via: "via METHOD (wire, check, …)", ref: 'ref "payment reference"',
};

const FLAGS: ReadonlySet<PropertyName> = new Set(["self", "attorney-fees", "inbound", "final"]);
const COMMON_CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD"];
const METHODS = ["wire", "check", "card", "cash", "transfer"];
const TERMS = ["net 30", "net 14", "net 45", "due-on-receipt"];
const LATE_FEES = ["1.5% monthly", "2% monthly", "5% once", "50.00 monthly"];
const INTEREST = ["8% yearly", "10% yearly", "12% yearly"];
const JURISDICTIONS = ["US-CA", "US-NY", "GB", "DE", "FR"];
/** Folder levels searched below the one typed so far, and an upper bound on what is listed. */
const PATH_DEPTH = 2;
const MAX_PATHS = 500;

/** `unclosed`: a string whose closing quote is not typed yet, so the cursor is inside it. */
type WordKind = "date" | "amount" | "percent" | "days" | "string" | "unclosed" | "word";

/** A finished word of the line before the cursor; `start` is its column. */
interface Word {
  text: string;
  kind: WordKind;
  start: number;
}

/**
 * What completion reads: the document's newest text as typed, not its tree (a large file being
 * typed in is not parsed again for each key; a `SourceFile` will do), and the last analysis.
 */
export interface CompletionContext {
  session: Session;
  analysis: Analysis;
  file: { path: string; text: string; lines: LineIndex };
}

/** Where the chosen item goes: the word typed so far is replaced. */
interface Place {
  context: CompletionContext;
  range: Range;
}

/** The items for the cursor position: empty in comments, closed strings and unknown places. */
export function provideCompletion(context: CompletionContext, params: CompletionParams): CompletionItem[] {
  const items = completionsAt(context, params);
  return context.session.snippetSupport ? items : items.map(withoutSnippet);
}

/** For clients without snippet support: the item's label as plain text. */
function withoutSnippet(item: CompletionItem): CompletionItem {
  if (item.insertTextFormat !== InsertTextFormat.Snippet || !item.textEdit) return item;
  const { insertTextFormat: _format, ...plain } = item;
  return { ...plain, textEdit: { ...item.textEdit, newText: item.label } };
}

function completionsAt(context: CompletionContext, params: CompletionParams): CompletionItem[] {
  const { file } = context;
  const { line, character } = params.position;
  if (line < 0 || line >= file.lines.lineCount) return [];
  const lineStart = file.lines.lineStart(line);
  let prefix = file.text.slice(lineStart, file.lines.offsetAt(params.position));
  const bom = line === 0 && prefix.startsWith("\uFEFF") ? 1 : 0;
  prefix = prefix.slice(bom);
  const words = scanWords(prefix);
  if (!words) return [];
  const last = words[words.length - 1];
  const column = (at: number) => at + bom;
  const placeFrom = (start: number): Place => ({
    context,
    range: { start: { line, character: column(start) }, end: { line, character } },
  });
  const indented = /^[ \t]/.test(prefix);

  if (last?.kind === "unclosed") {
    const keyword = words[0]?.text;
    if (!indented || words.length !== 2 || (keyword !== "evidence" && keyword !== "receipt")) return [];
    return pathCompletions(file, unescape(last.text.slice(1)), placeFrom(last.start + 1));
  }
  const typing = prefix.length > 0 && !/[ \t]$/.test(prefix) ? words.pop() : undefined;
  if (typing?.kind === "string") return [];
  const place = placeFrom(typing ? typing.start : prefix.length);
  if (!indented) return headerCompletions(place, words);
  const entry = entryAbove(file.text, lineStart);
  return entry ? propertyCompletions(place, words, entry.kind, entry.present) : [];
}

/** The words of a line prefix; undefined when the cursor is inside a comment. */
function scanWords(prefix: string): Word[] | undefined {
  const words: Word[] = [];
  for (const match of prefix.matchAll(/"(?:[^"\\]|\\.)*("?)|;.*|[^\s";]+/g)) {
    const text = match[0];
    if (text.startsWith(";")) return undefined;
    const kind = text.startsWith('"') ? (match[1] ? "string" : "unclosed") : wordKind(text);
    words.push({ text, kind, start: match.index ?? 0 });
  }
  return words;
}

function wordKind(text: string): WordKind {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return "date";
  if (/^-?\d+(?:\.\d+)?%$/.test(text)) return "percent";
  if (/^\d+d$/.test(text)) return "days";
  if (/^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(text)) return "amount";
  return "word";
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

function headerCompletions(place: Place, words: Word[]): CompletionItem[] {
  const [first, second, ...args] = words;
  if (!first) return lineStarts(place);
  if (first.kind !== "date") return [];
  if (!second) return datedKinds(place);
  const last = args[args.length - 1];
  if (last?.kind === "amount") return currencies(place);
  const position = args.length;
  const listed = new Set(args.map((word) => word.text));
  const idsOnly = args.every((word) => word.kind === "word");
  switch (second.text as DatedKind) {
    case "invoice":
      return position === 1 ? [...contracts(place), ...parties(place)] : [];
    case "contract":
      return position === 1 ? parties(place) : [];
    case "payment":
      return position === 0 ? [...invoices(place), ...parties(place)] : [];
    case "sent":
    case "reminder":
    case "demand": {
      const via = args.findIndex((word) => word.text === "via");
      if (via >= 0) return via === position - 1 ? keywords(place, CHANNELS, CompletionItemKind.EnumMember, "channel") : [];
      if (!idsOnly) return [];
      const viaKeyword = position > 0 ? [item(place, "via", CompletionItemKind.Keyword, { newText: "via ", detail: "via CHANNEL", sortText: "0" })] : [];
      return [...viaKeyword, ...invoices(place, listed)];
    }
    case "plan":
    case "collections":
    case "claim":
    case "judgment":
      return idsOnly ? invoices(place, listed) : [];
    case "dispute":
    case "resolve":
    case "write-off":
    case "credit":
      return position === 0 ? invoices(place) : [];
    case "call":
    case "email":
    case "letter":
    case "meeting":
    case "message":
      return position === 0 ? parties(place) : [];
    case "work":
    case "suspend":
    case "resume":
      return position === 0 ? contracts(place) : [];
    case "note":
      return position === 0 ? [...parties(place), ...contracts(place), ...invoices(place)] : [];
    default:
      return [];
  }
}

function propertyCompletions(place: Place, words: Word[], kind: EntryKind, present: PropertyName[]): CompletionItem[] {
  const [keyword, ...args] = words;
  if (!keyword) return propertyNames(place, kind, present);
  const position = args.length;
  const last = args[args.length - 1];
  const first = position === 0;
  const today = place.context.analysis.ledger.today;
  switch (keyword.text as PropertyName) {
    case "step":
      if (first) return keywords(place, STEP_KINDS, CompletionItemKind.EnumMember, "step kind");
      return last?.text === "via" ? keywords(place, CHANNELS, CompletionItemKind.EnumMember, "channel") : [];
    case "via":
      return first ? keywords(place, METHODS, CompletionItemKind.Value, "payment method") : [];
    case "creditor":
      return first ? parties(place) : [];
    case "policy":
      return first ? policies(place) : [];
    case "currency":
      return first ? currencies(place) : [];
    case "re":
      return args.every((word) => word.kind === "word") ? invoices(place, new Set(args.map((word) => word.text))) : [];
    case "terms":
      return first ? keywords(place, TERMS, CompletionItemKind.Value, "payment terms") : [];
    case "jurisdiction":
      return first ? keywords(place, JURISDICTIONS, CompletionItemKind.Value, "jurisdiction") : [];
    case "interest":
      if (first) return keywords(place, INTEREST, CompletionItemKind.Value, "simple interest");
      return last?.kind === "percent" ? keywords(place, ["yearly"], CompletionItemKind.Keyword) : [];
    case "late-fee": {
      if (first) return keywords(place, LATE_FEES, CompletionItemKind.Value, "late fee");
      const periods = keywords(place, ["monthly", "once"], CompletionItemKind.Keyword);
      if (last?.kind === "amount") return [...periods, ...currencies(place)];
      const afterCurrency = position === 2 && args[0]?.kind === "amount" && /^[A-Z]{3}$/.test(last?.text ?? "");
      return last?.kind === "percent" || afterCurrency ? periods : [];
    }
    case "deadline":
      return first ? [dateItem(place, today), ...keywords(place, ["10d", "14d"], CompletionItemKind.Value, "days from this entry's date")] : [];
    case "due":
    case "promise":
    case "installment":
    case "hearing":
      if (first) return [dateItem(place, today)];
      break;
    default:
      break;
  }
  return last?.kind === "amount" ? currencies(place) : [];
}

/**
 * The kind of the entry whose header stands nearest above the line, and its properties (the
 * line's own aside), read from the lines around it as the parser reads them: a header is a line
 * that starts with neither a blank nor a comment, and the property lines under it run to the
 * next header.
 */
export function entryAbove(text: string, lineStart: number): { kind: EntryKind; present: PropertyName[] } | undefined {
  let header = -1;
  for (let start = lineStart; start > 0 && header < 0; ) {
    start = text.lastIndexOf("\n", start - 2) + 1;
    if (startsHeader(text, start)) header = start;
  }
  if (header < 0) return undefined;
  // Its first two words (a date and a kind, or a kind): what follows may hold a string or a comment.
  const bom = header === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const head = /^[^\s";]+(?:[ \t]+[^\s";]+)?/.exec(text.slice(header + bom, lineEnd(text, header)))?.[0];
  const [first, second] = (head !== undefined && scanWords(head)) || [];
  const kind = first?.kind === "date" ? second?.text : first?.text;
  if (!kind || !(kind === "party" || kind === "policy" || (DATED_KINDS as string[]).includes(kind))) return undefined;
  const present: PropertyName[] = [];
  for (let start = lineEnd(text, header) + 1; start < text.length && !startsHeader(text, start); ) {
    const end = lineEnd(text, start);
    const name = start === lineStart ? undefined : /^[ \t]+([^\s";]+)/.exec(text.slice(start, end))?.[1];
    if (name !== undefined && Object.hasOwn(PROPERTIES, name)) present.push(name as PropertyName);
    start = end + 1;
  }
  return { kind: kind as EntryKind, present };
}

/** True when the line starting at `start` is a header: its first character is not a blank or a comment's `;` (after a byte-order mark, at the very start). */
function startsHeader(text: string, start: number): boolean {
  const at = start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : start;
  const c = text.charCodeAt(at);
  return at < text.length && c !== 10 && c !== 13 && c !== 32 && c !== 9 && c !== 59;
}

/** Where the line starting at `start` ends: its line feed, or the end of the text. */
function lineEnd(text: string, start: number): number {
  const end = text.indexOf("\n", start);
  return end < 0 ? text.length : end;
}

function item(place: Place, label: string, kind: CompletionItemKind, options: { detail?: string; sortText?: string; newText?: string; snippet?: boolean } = {}): CompletionItem {
  const result: CompletionItem = { label, kind, textEdit: { range: place.range, newText: options.newText ?? label } };
  if (options.detail) result.detail = options.detail;
  if (options.sortText) result.sortText = options.sortText;
  if (options.snippet) result.insertTextFormat = InsertTextFormat.Snippet;
  return result;
}

function keywords(place: Place, words: readonly string[], kind: CompletionItemKind, detail?: string): CompletionItem[] {
  // sortText keeps the order given: the commonest first.
  return words.map((word, index) => item(place, word, kind, { detail, sortText: String(index).padStart(3, "0") }));
}

function dateItem(place: Place, today: string): CompletionItem {
  return item(place, today, CompletionItemKind.Value, { detail: "today" });
}

function lineStarts(place: Place): CompletionItem[] {
  const today = place.context.analysis.ledger.today;
  return [
    item(place, today, CompletionItemKind.Value, { detail: "today: start a dated entry", newText: `${today} `, sortText: "0" }),
    item(place, "party", CompletionItemKind.Keyword, { detail: "a person or organisation", newText: 'party ${1:ID} "${2:Legal name}"', snippet: true, sortText: "1" }),
    item(place, "policy", CompletionItemKind.Keyword, { detail: "an escalation ladder", newText: 'policy ${1:ID} "${2:Title}"', snippet: true, sortText: "2" }),
  ];
}

function datedKinds(place: Place): CompletionItem[] {
  return (DATED_KINDS as DatedKind[]).map((kind) => {
    const [detail, snippet] = KINDS[kind];
    return item(place, kind, CompletionItemKind.Keyword, { detail, newText: `${kind} ${snippet}`, snippet: true });
  });
}

function propertyNames(place: Place, kind: EntryKind, present: PropertyName[]): CompletionItem[] {
  return PROPERTIES_BY_KIND[kind]
    .filter((name) => REPEATABLE_PROPERTIES.has(name) || !present.includes(name))
    .map((name, index) =>
      item(place, name, CompletionItemKind.Property, { detail: PROPERTIES[name], newText: FLAGS.has(name) ? name : `${name} `, sortText: String(index).padStart(3, "0") }),
    );
}

/** Invoices, open ones first, each with its balance and state. */
function invoices(place: Place, leaveOut: ReadonlySet<string> = new Set()): CompletionItem[] {
  const { ledger, reports } = place.context.analysis;
  const result: CompletionItem[] = [];
  for (const invoice of ledger.invoices.values()) {
    if (leaveOut.has(invoice.id)) continue;
    const report = reports.get(invoice.id);
    const balance = report ? report.figures.balance : invoice.amount;
    const detail = `${invoice.id} · ${groupedAmount(balance, invoice.currency)} ${invoice.currency} ${report?.state ?? "open"}`;
    result.push(item(place, invoice.id, CompletionItemKind.Reference, { detail, sortText: `3${report?.open === false ? 1 : 0}${invoice.id}` }));
  }
  return result;
}

function parties(place: Place): CompletionItem[] {
  return [...place.context.analysis.ledger.parties.values()].map((party) =>
    item(place, party.id, CompletionItemKind.Reference, { detail: `party · ${party.name}${party.self ? " (us)" : ""}`, sortText: `4${party.id}` }),
  );
}

function contracts(place: Place): CompletionItem[] {
  return [...place.context.analysis.ledger.contracts.values()].map((contract) => {
    const title = contract.entry.title ? ` · ${contract.entry.title.value}` : "";
    return item(place, contract.id, CompletionItemKind.Reference, { detail: `contract with ${contract.entry.party.name}${title}`, sortText: `2${contract.id}` });
  });
}

function policies(place: Place): CompletionItem[] {
  return [...place.context.analysis.ledger.policies.values()].map((policy) =>
    item(place, policy.id, CompletionItemKind.Reference, { detail: `policy · ${policy.title}`, sortText: policy.id === "standard" ? "1" : `2${policy.id}` }),
  );
}

/** Every ISO 4217 code, the common ones first. */
function currencies(place: Place): CompletionItem[] {
  return currencyCodes.codes().map((code) => {
    const common = COMMON_CURRENCIES.indexOf(code);
    const sortText = common >= 0 ? `0${common}` : `1${code}`;
    return item(place, code, CompletionItemKind.Unit, { detail: currencyCodes.code(code)?.currency, sortText });
  });
}

/** Files and folders beside the document, below the folder typed so far; nothing on any disk error. */
function pathCompletions(file: CompletionContext["file"], typed: string, place: Place): CompletionItem[] {
  const base = typed.slice(0, typed.lastIndexOf("/") + 1);
  if (base.startsWith("/")) return [];
  const found: CompletionItem[] = [];
  const walk = (folder: string, relative: string, depth: number): void => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (found.length >= MAX_PATHS) return;
      if (entry.name.startsWith(".") || entry.name.endsWith(".dun")) continue;
      const path = relative + entry.name;
      if (entry.isDirectory()) {
        found.push(item(place, `${path}/`, CompletionItemKind.Folder, { newText: escapePath(`${path}/`) }));
        if (depth < PATH_DEPTH) walk(join(folder, entry.name), `${path}/`, depth + 1);
      } else if (entry.isFile()) {
        found.push(item(place, path, CompletionItemKind.File, { newText: escapePath(path) }));
      }
    }
  };
  try {
    walk(join(dirname(file.path), base), base, 0);
  } catch {
    return [];
  }
  return found;
}

function escapePath(path: string): string {
  return path.replace(/[\\"]/g, "\\$&");
}
