/**
 * The outline of a file and "go to symbol in workspace". The outline reads like the case:
 * parties, policies and contracts, each invoice with what happened to it in this file nested
 * under it (sent, reminders, calls about it, demands, payments…), and every other dated entry
 * in its place.
 */
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from "vscode-languageserver";
import { entryKeyword, type Entry, type EntryOf, type IdNode } from "../../../grammar";
import { entryOccurrences, formatMoney, type DefinitionKind, type SourceFile } from "../../engine";
import { definedKind } from "../../engine/parts";
import { pathToUri, toLspRange } from "../convert";
import type { Session } from "../session";
import type { FeatureContext } from "./context";

const KIND_OF_DEFINITION: Record<DefinitionKind, SymbolKind> = {
  party: SymbolKind.Class,
  policy: SymbolKind.Enum,
  contract: SymbolKind.Interface,
  invoice: SymbolKind.Object,
};

/** The header text after a node, as a symbol's detail: `globex "Security services"`. */
function headerAfter(file: SourceFile, entry: Entry, offset: number): string {
  return file.text.slice(offset, entry.header.end).trim();
}

function invoiceDetail(context: FeatureContext, entry: EntryOf<"invoice">): string {
  const report = context.analysis.reports.get(entry.id.name);
  if (!report || report.invoice.entry !== entry) return context.file.text.slice(entry.money.start, entry.money.end);
  return `${formatMoney(report.invoice.amount, report.invoice.currency)} · ${report.state}`;
}

function symbol(context: FeatureContext, entry: Entry): DocumentSymbol {
  const file = context.file;
  const range = toLspRange(file, entry);
  switch (entry.kind) {
    case "party":
    case "policy":
    case "contract":
    case "invoice": {
      const detail =
        entry.kind === "invoice" ? invoiceDetail(context, entry) : headerAfter(file, entry, entry.id.end);
      return { name: entry.id.name, detail, kind: KIND_OF_DEFINITION[entry.kind], range, selectionRange: toLspRange(file, entry.id) };
    }
    default:
      return {
        name: `${entry.date.text} ${entry.kind}`,
        detail: headerAfter(file, entry, entryKeyword(entry, file.text).end),
        kind: SymbolKind.Event,
        range,
        selectionRange: toLspRange(file, entry.date),
      };
  }
}

/** The invoices of this file an entry is about (by the ids it names, `re` included). */
function invoicesConcerned(entry: Entry, invoicesHere: Map<string, DocumentSymbol>): DocumentSymbol[] {
  const concerned: DocumentSymbol[] = [];
  for (const occurrence of entryOccurrences(entry)) {
    if (occurrence.role !== "reference" || !occurrence.kinds.includes("invoice")) continue;
    const invoice = invoicesHere.get(occurrence.node.name);
    if (invoice && !concerned.includes(invoice)) concerned.push(invoice);
  }
  return concerned;
}

/**
 * The outline of the file: definitions at the top level, each invoice with the entries of
 * this file that concern it as children (an entry about two invoices stands under both), and
 * every other dated entry at the top level. Broken entries are left out.
 */
export function provideDocumentSymbols(context: FeatureContext): DocumentSymbol[] {
  const entries = context.file.tree.entries.filter((entry): entry is Entry => entry.kind !== "broken");
  const invoicesHere = new Map<string, DocumentSymbol>();
  const invoiceSymbols = new Map<Entry, DocumentSymbol>();
  for (const entry of entries) {
    if (entry.kind !== "invoice" || invoicesHere.has(entry.id.name)) continue;
    const invoice: DocumentSymbol = { ...symbol(context, entry), children: [] };
    invoicesHere.set(entry.id.name, invoice);
    invoiceSymbols.set(entry, invoice);
  }
  const outline: DocumentSymbol[] = [];
  for (const entry of entries) {
    const invoice = invoiceSymbols.get(entry);
    if (invoice) {
      outline.push(invoice);
      continue;
    }
    const concerned = entry.kind === "invoice" ? [] : invoicesConcerned(entry, invoicesHere);
    if (concerned.length === 0) outline.push(symbol(context, entry));
    for (const about of concerned) about.children!.push(symbol(context, entry));
  }
  return outline;
}

/** True when every character of the query appears in the name in order (`i1` finds `INV-1`); both in lower case. */
function matches(haystack: string, query: string): boolean {
  let at = 0;
  for (const char of query) {
    at = haystack.indexOf(char, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** At most this many workspace symbols, the best matches first: enough to pick from, not a whole ledger (VS Code asks again as the query grows). */
export const MAX_WORKSPACE_SYMBOLS = 500;

/** How well an id matches the query: the id itself, then ids starting with it, containing it, then with its letters in order. */
const EXACT = 0;
const PREFIX = 1;
const SUBSTRING = 2;
const LETTERS = 3;

function matchTier(name: string, query: string): number | undefined {
  const lower = name.toLowerCase();
  if (query === "") return SUBSTRING;
  if (lower === query) return EXACT;
  if (lower.startsWith(query)) return PREFIX;
  if (lower.includes(query)) return SUBSTRING;
  return matches(lower, query) ? LETTERS : undefined;
}

/**
 * "Go to symbol in workspace": the parties, policies, contracts and invoices whose id matches
 * the query, regardless of case: the id itself first, then ids starting with the query,
 * containing it, and holding its letters in order; each in path order, then source order. At
 * most MAX_WORKSPACE_SYMBOLS.
 */
export function provideWorkspaceSymbols(session: Session, query: string): SymbolInformation[] {
  const wanted = query.trim().toLowerCase();
  const tiers: { file: SourceFile; id: IdNode; kind: DefinitionKind }[][] = [[], [], [], []];
  for (const file of session.latestFiles()) {
    for (const entry of file.tree.entries) {
      const kind = definedKind(entry);
      if (!kind) continue;
      const id = (entry as EntryOf<DefinitionKind>).id;
      const tier = matchTier(id.name, wanted);
      if (tier !== undefined) tiers[tier]!.push({ file, id, kind });
    }
  }
  return tiers
    .flat()
    .slice(0, MAX_WORKSPACE_SYMBOLS)
    .map(({ file, id, kind }) => ({
      name: id.name,
      kind: KIND_OF_DEFINITION[kind],
      location: { uri: pathToUri(file.path), range: toLspRange(file, id) },
      containerName: kind,
    }));
}
