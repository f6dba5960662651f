/**
 * The basis of a claim, as a demand recites it: each contract with its date, title, scope and
 * terms, the work delivered under it, the clauses late fees and interest are charged under;
 * invoices with no contract, with their items. "Confirmation that you've fulfilled your end of
 * the deal", and "charging a late fee or interest can't be added on without notice".
 */
import type { ContractModel, InvoiceModel, InvoiceReport } from "../engine";
import { formatMoney } from "../engine/money";
import { currencyExponent, formatPercent, toMinorUnits } from "../engine/money";
import { invoiceNumber } from "./history";
import { evidenceOf, invoicesPhrase, quoted, textOf, writtenDate, type DateStyle } from "./wording";

export interface ContractFacts {
  id: string;
  date: string;
  title?: string;
  scope?: string;
  /** "contract C-7 of 5 January 2026, “Security services, Building 4”". */
  described: string;
  /** "payment within 30 days of each invoice"; empty without a `terms` line. */
  terms: string;
  work: { date: string; text: string }[];
  hasWork: boolean;
  /** The covered invoices issued under it: "invoices 1001, 1002 and 1003". */
  invoices: string;
  attorneyFees: boolean;
}

export interface UncontractedFacts {
  number: string;
  date: string;
  items: { text: string; amount: string }[];
  hasItems: boolean;
}

export interface EnclosureFacts {
  /** The file name. */
  name: string;
  /** What it is: "contract C-7", "invoice 1001", "our formal demand of 24 March 2026". */
  what: string;
}

export function contractsOf(reports: InvoiceReport[]): ContractModel[] {
  return [...new Set(reports.flatMap((r) => (r.invoice.contract ? [r.invoice.contract] : [])))];
}

/**
 * The work a letter recites under a contract: what was delivered up to the latest invoice it
 * covers (later work belongs to invoices the letter is not about).
 */
export function workFor(contract: ContractModel, covered: InvoiceModel[]): ContractModel["work"] {
  const last = covered.filter((i) => i.contract === contract).reduce((max, i) => (i.date > max ? i.date : max), "");
  return contract.work.filter((w) => w.date <= last);
}

export function contractFacts(contract: ContractModel, covered: InvoiceModel[], style: DateStyle): ContractFacts {
  const date = writtenDate(contract.date, style);
  const title = contract.entry.title?.value;
  const terms = contract.netDays === undefined ? "" : contract.netDays === 0 ? "payment on receipt of each invoice" : `payment within ${contract.netDays} days of each invoice`;
  const work = workFor(contract, covered).map((w) => ({ date: writtenDate(w.date, style), text: w.entry.kind === "work" ? w.entry.text.value : "" }));
  return {
    id: contract.id,
    date,
    title,
    scope: textOf(contract.entry, "scope"),
    described: `contract ${contract.id} of ${date}${title ? `, ${quoted(title)}` : ""}`,
    terms,
    work,
    hasWork: work.length > 0,
    invoices: invoicesPhrase(covered.filter((i) => i.contract === contract).map(invoiceNumber)),
    attorneyFees: contract.attorneyFees,
  };
}

export function uncontracted(invoice: InvoiceModel, style: DateStyle): UncontractedFacts {
  const items = invoice.entry.properties.flatMap((p) => {
    if (p.name !== "item") return [];
    const currency = p.money.currency?.name ?? invoice.currency;
    const exponent = currencyExponent(currency);
    const units = exponent === undefined ? undefined : toMinorUnits(p.money.amount, exponent);
    return [{ text: p.text.value, amount: units?.ok ? formatMoney(units.units, currency) : `${p.money.amount.text} ${currency}` }];
  });
  return { number: invoiceNumber(invoice), date: writtenDate(invoice.date, style), items, hasItems: items.length > 0 };
}

/** "Late fees: … under the late-fee clause of contract C-7 of 5 January 2026." and the same for interest. */
export function clauses(contracts: ContractModel[], style: DateStyle): string[] {
  const found: string[] = [];
  for (const contract of contracts) {
    const where = `contract ${contract.id} of ${writtenDate(contract.date, style)}`;
    const fee = contract.lateFee;
    if (fee) {
      const amount = fee.fixed ? formatMoney(fee.fixed.units, fee.fixed.currency) : `${formatPercent(fee.percent!)} of the unpaid balance`;
      const when = fee.period === "monthly" ? "for each full month an invoice remains unpaid after its due date" : "once, on the first day an invoice is late";
      found.push(`Late fees: ${amount} ${when}, under the late-fee clause of ${where}.`);
    }
    if (contract.interest) {
      found.push(`Interest: simple interest at ${formatPercent(contract.interest)} a year on the unpaid balance from the day after the due date, under the interest clause of ${where}.`);
    }
  }
  return found;
}

/** The evidence files a demand encloses: contracts, work, invoices and earlier letters, each once. */
export function enclosures(reports: InvoiceReport[], style: DateStyle): EnclosureFacts[] {
  const found: EnclosureFacts[] = [];
  const seen = new Set<string>();
  const add = (paths: string[], what: string) => {
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      found.push({ name: path.slice(path.lastIndexOf("/") + 1), what });
    }
  };
  for (const contract of contractsOf(reports)) {
    add(evidenceOf(contract.entry), `contract ${contract.id}`);
    for (const work of workFor(contract, reports.map((r) => r.invoice))) add(evidenceOf(work.entry), `work delivered, ${writtenDate(work.date, style)}`);
  }
  for (const { invoice } of reports) add(evidenceOf(invoice.entry), `invoice ${invoiceNumber(invoice)}`);
  const letters = reports
    .flatMap((r) => r.invoice.actions)
    .filter((a) => a.kind === "demand" || (a.kind === "letter" && a.outbound))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const letter of letters) {
    const what = letter.kind === "demand" ? (letter.final ? "our final demand" : "our formal demand") : "our letter";
    add(evidenceOf(letter.entry), `${what} of ${writtenDate(letter.date, style)}`);
  }
  return found;
}
