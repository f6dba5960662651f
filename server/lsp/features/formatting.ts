/**
 * Format Document and Format Selection: the canonical layout of `server/engine/format.ts`,
 * sent as one edit per changed line so the editor keeps cursors and folds where they were.
 * The editor's tab size and spaces-or-tabs are not asked: a `.dun` file has one layout.
 *
 * The formatter writes amounts with their currency's decimals only where it is told the
 * currency; this file tells it from the analysis, deciding each amount's currency as the
 * ledger does (ledgerBuilder.ts): an invoice's items, payments, credits, promises, plan
 * installments and judgments are in the invoice's currency, a contract's fixed late fee in
 * the contract's. Where the ledger could not tell (an unknown invoice, a typo in an id) the
 * amount stays as written.
 */
import type { FormattingOptions, Range, TextEdit } from "vscode-languageserver";
import type { EntryOf, IdNode, MoneyNode, Property, PropertyOf } from "../../../grammar";
import { isKnownCurrency, type InvoiceModel } from "../../engine";
import { formatLines } from "../../engine/format";
import type { FeatureContext } from "./context";

/**
 * The edits that put the document (or, with `range`, the entries that the range touches) in
 * canonical layout; none when it already is.
 */
export function provideFormatting(context: FeatureContext, _options: FormattingOptions, range?: Range): TextEdit[] {
  const { text, lines: index } = context.file;
  const currencies = moneyCurrencies(context);
  const formatted = formatLines(text, { currencyOf: (money) => currencies.get(money.start) });
  const [first, last] = range ? linesToFormat(context, range) : [0, formatted.lines.length - 1];
  const edits: TextEdit[] = [];
  for (let line = first; line <= Math.min(last, formatted.lines.length - 1); line++) {
    const start = index.lineStart(line) + (line === 0 && formatted.bom ? 1 : 0);
    const next = line + 1 < index.lineCount ? index.lineStart(line + 1) : text.length;
    const lineBreak = text.endsWith("\r\n", next) ? "\r\n" : text.endsWith("\n", next) ? "\n" : "";
    const end = next - lineBreak.length;
    const wanted = formatted.lines[line];
    const editRange = (to: number) => ({ start: index.positionAt(start), end: index.positionAt(to) });
    if (wanted === undefined) edits.push({ range: editRange(next), newText: "" });
    else if (lineBreak !== formatted.eol) edits.push({ range: editRange(next), newText: wanted + formatted.eol });
    else if (text.slice(start, end) !== wanted) edits.push({ range: editRange(end), newText: wanted });
  }
  return edits;
}

/**
 * The lines a Format Selection rewrites: those the range touches (a selection ending at the
 * start of a line leaves that line out), widened to whole entries.
 */
function linesToFormat(context: FeatureContext, range: Range): [number, number] {
  let first = range.start.line;
  let last = range.end.character === 0 && range.end.line > first ? range.end.line - 1 : range.end.line;
  const index = context.file.lines;
  for (const entry of context.file.tree.entries) {
    const top = index.positionAt(entry.start).line;
    const bottom = index.positionAt(entry.end).line;
    if (top <= last && bottom >= first) {
      first = Math.min(first, top);
      last = Math.max(last, bottom);
    }
  }
  return [first, last];
}

/** The currency of each amount of the file that the ledger can tell, by the amount's offset. */
function moneyCurrencies(context: FeatureContext): Map<number, string> {
  const { ledger } = context.analysis;
  const fallback = context.session.settings.currency;
  const invoice = (id: IdNode): InvoiceModel | undefined => ledger.invoices.get(id.name);
  const firstInvoice = (ids: IdNode[]) => ids.map(invoice).find((found) => found !== undefined);
  const promised = new Map<Property, string>();
  for (const model of ledger.invoices.values()) for (const promise of model.promises) promised.set(promise.property, promise.currency);

  const currencies = new Map<number, string>();
  const set = (money: MoneyNode | undefined, currency: string | undefined) => {
    if (money && currency) currencies.set(money.start, currency);
  };
  for (const entry of context.file.tree.entries) {
    switch (entry.kind) {
      case "contract": {
        const named = entry.properties.find((p) => p.name === "currency")?.id.name;
        const currency = named && isKnownCurrency(named) ? named : fallback;
        for (const property of entry.properties) if (property.name === "late-fee") set(property.fixed, currency);
        break;
      }
      case "invoice": {
        const currency = invoiceCurrency(context, entry, fallback);
        set(entry.money, currency);
        for (const property of entry.properties) if (property.name === "item") set(property.money, currency);
        break;
      }
      case "payment":
        set(entry.money, invoice(entry.target)?.currency ?? partyCurrency(context, entry.target, fallback));
        break;
      case "credit":
        set(entry.money, invoice(entry.invoice)?.currency);
        break;
      case "judgment":
        set(entry.money, firstInvoice(entry.invoices)?.currency);
        break;
      case "plan": {
        const currency = firstInvoice(entry.invoices)?.currency;
        for (const property of entry.properties) if (property.name === "installment") set(property.money, currency);
        break;
      }
      case "reminder":
      case "call":
      case "email":
      case "letter":
      case "meeting":
      case "message": {
        const re = entry.properties.find((p): p is PropertyOf<"re"> => p.name === "re");
        const covered = entry.kind === "reminder" ? entry.invoices : re?.invoices;
        const guess = covered ? firstInvoice(covered)?.currency : "party" in entry ? partyCurrency(context, entry.party, undefined) : undefined;
        for (const property of entry.properties) if (property.name === "promise") set(property.money, promised.get(property) ?? guess);
        break;
      }
    }
  }
  return currencies;
}

/** As the ledger decides it: the code written, else the contract's `currency`, else the default. */
function invoiceCurrency(context: FeatureContext, entry: EntryOf<"invoice">, fallback: string): string | undefined {
  const { contracts, parties } = context.analysis.ledger;
  const contract = contracts.get(entry.target.name);
  if (!contract && !parties.has(entry.target.name)) return undefined;
  return entry.money.currency?.name ?? contract?.currency ?? fallback;
}

/** A party's money: the one currency of its invoices, else `fallback`; undefined for an unknown party. */
function partyCurrency(context: FeatureContext, id: IdNode, fallback: string | undefined): string | undefined {
  const party = context.analysis.ledger.parties.get(id.name);
  if (!party) return undefined;
  const currencies = new Set(party.invoices.map((i) => i.currency));
  return currencies.size === 1 ? [...currencies][0] : fallback;
}
