/**
 * The facts of a statement of account: every invoice, payment and credit of a debtor in date
 * order with a running balance, then the late fees and interest to date, one account per
 * currency. Invoices under an open dispute are listed apart and kept out of the balance.
 */
import type { Analysis, InvoiceReport, IsoDate } from "../engine";
import { formatMoney, groupedAmount } from "../engine/money";
import { balanceOn } from "../engine/balances";
import { openDispute } from "../engine/ladder";
import type { Entry } from "../../grammar";
import { heading, type HeadingFacts } from "./heading";
import { invoiceNumber } from "./history";
import type { Selection } from "./selection";
import { idOf, moneyList, quoted, textOf, writtenDate, type Paper } from "./wording";

export interface StatementLine {
  date: string;
  description: string;
  /** Grouped amounts without the currency (the account names it); empty where none. */
  charge: string;
  credit: string;
  balance: string;
}

export interface StatementAccount {
  currency: string;
  lines: StatementLine[];
  /** "58,762.13 USD". */
  closing: string;
  closingUnits: number;
}

export interface StatementFacts extends HeadingFacts {
  accounts: StatementAccount[];
  hasAccounts: boolean;
  /** The closing balances: "58,762.13 USD". */
  total: string;
  disputed: { number: string; date: string; amount: string; balance: string; since: string; reason: string }[];
  hasDisputed: boolean;
}

interface Posting {
  date: IsoDate;
  /** Invoices first, then money, then the charges to date. */
  order: number;
  description: string;
  units: number;
}

export function statementFacts(analysis: Analysis, selection: Selection, paper?: Paper): StatementFacts {
  const today = analysis.ledger.today;
  const head = heading(selection, "statement", "Statement of account", today, paper);
  const date = (iso: IsoDate) => writtenDate(iso, head.dateStyle);
  const inDispute = selection.reports.filter((r) => r.open && openDispute(r.invoice, today));
  const undisputed = selection.reports.filter((r) => !inDispute.includes(r));
  const currencies = [...new Set(undisputed.map((r) => r.invoice.currency))];
  const accounts = currencies.map((currency) => account(undisputed.filter((r) => r.invoice.currency === currency), currency, today, date));
  const disputed = inDispute.map(({ invoice, figures }) => {
    const dispute = openDispute(invoice, today)!;
    return {
      number: invoiceNumber(invoice),
      date: date(invoice.date),
      amount: formatMoney(invoice.amount, invoice.currency),
      balance: formatMoney(figures.balance, invoice.currency),
      since: date(dispute.date),
      reason: quoted(dispute.entry.text.value),
    };
  });
  return {
    ...head,
    accounts,
    hasAccounts: accounts.length > 0,
    total: moneyList(new Map(accounts.map((a) => [a.currency, a.closingUnits]))),
    disputed,
    hasDisputed: disputed.length > 0,
  };
}

function account(reports: InvoiceReport[], currency: string, today: IsoDate, date: (iso: IsoDate) => string): StatementAccount {
  const postings: Posting[] = [];
  const money = new Map<Entry, Posting>();
  for (const { invoice, figures } of reports) {
    const number = invoiceNumber(invoice);
    postings.push({ date: invoice.date, order: 0, description: `Invoice ${number}, due ${date(invoice.due)}`, units: invoice.amount });
    for (const event of invoice.money) {
      const known = money.get(event.entry);
      if (known) {
        known.units -= event.units;
        continue;
      }
      const posting = { date: event.date, order: 1, description: moneyDescription(event.entry, number), units: -event.units };
      money.set(event.entry, posting);
      postings.push(posting);
    }
    if (invoice.writtenOffOn) {
      const left = balanceOn(invoice, invoice.writtenOffOn);
      if (left > 0) postings.push({ date: invoice.writtenOffOn, order: 2, description: `Invoice ${number} written off`, units: -left });
      continue;
    }
    if (figures.lateFees > 0) postings.push({ date: today, order: 3, description: `Late fees on invoice ${number} to date`, units: figures.lateFees });
    if (figures.interest > 0) postings.push({ date: today, order: 3, description: `Interest on invoice ${number} to date`, units: figures.interest });
  }
  postings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  let balance = 0;
  const lines = postings.map((p) => {
    balance += p.units;
    return {
      date: date(p.date),
      description: p.description,
      charge: p.units > 0 ? groupedAmount(p.units, currency) : "",
      credit: p.units < 0 ? groupedAmount(-p.units, currency) : "",
      balance: groupedAmount(balance, currency),
    };
  });
  return { currency, lines, closing: formatMoney(balance, currency), closingUnits: balance };
}

function moneyDescription(entry: Entry, number: string): string {
  if (entry.kind === "credit") return `Credit on invoice ${number}: ${entry.text.value}`;
  const method = idOf(entry, "via");
  const ref = textOf(entry, "ref");
  return `Payment received${method ? ` by ${method.replace(/-/g, " ")}` : ""}${ref ? `, reference ${ref}` : ""}`;
}
