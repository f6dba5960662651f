/**
 * The statement table of a demand: one row per invoice (number, date, due date, amount,
 * paid, credited, balance, late fees, interest, total due), one table per currency with its
 * totals, and the interest one more day adds. Money of different currencies is never added.
 */
import type { InvoiceReport, IsoDate } from "../engine";
import { dailyInterest } from "../engine/figures";
import { formatMoney, groupedAmount } from "../engine/money";
import { invoiceNumber } from "./history";
import { writtenDate, type DateStyle } from "./wording";

export interface InvoiceRow {
  id: string;
  number: string;
  date: string;
  due: string;
  daysLate: number;
  amount: string;
  paid: string;
  credited: string;
  balance: string;
  lateFees: string;
  interest: string;
  totalDue: string;
}

export interface AccountFacts {
  currency: string;
  rows: InvoiceRow[];
  /** Column totals, grouped without the currency (the table names it once). */
  totals: Omit<InvoiceRow, "id" | "number" | "date" | "due" | "daysLate">;
  /** "16,804.38 USD". */
  totalDue: string;
  totalDueUnits: number;
  /** Interest one more day adds at today's balances, "15.72 USD"; empty when no interest runs. */
  perDay: string;
  perDayUnits: number;
}

const COLUMNS = ["amount", "paid", "credited", "balance", "lateFees", "interest", "totalDue"] as const;

export function accounts(reports: InvoiceReport[], today: IsoDate, style: DateStyle): AccountFacts[] {
  const currencies = [...new Set(reports.map((r) => r.invoice.currency))];
  return currencies.map((currency) => {
    const mine = reports.filter((r) => r.invoice.currency === currency);
    const sums = Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Record<(typeof COLUMNS)[number], number>;
    const rows = mine.map(({ invoice, figures }) => {
      const units = {
        amount: invoice.amount, paid: figures.paid, credited: figures.credited, balance: figures.balance,
        lateFees: figures.lateFees, interest: figures.interest, totalDue: figures.totalDue,
      };
      for (const column of COLUMNS) sums[column] += units[column];
      const shown = Object.fromEntries(COLUMNS.map((c) => [c, groupedAmount(units[c], currency)])) as Record<(typeof COLUMNS)[number], string>;
      return {
        id: invoice.id, number: invoiceNumber(invoice), date: writtenDate(invoice.date, style),
        due: writtenDate(invoice.due, style), daysLate: figures.daysLate, ...shown,
      };
    });
    const perDay = mine.reduce((sum, r) => sum + dailyInterest(r.invoice, today), 0);
    return {
      currency,
      rows,
      totals: Object.fromEntries(COLUMNS.map((c) => [c, groupedAmount(sums[c], currency)])) as AccountFacts["totals"],
      totalDue: formatMoney(sums.totalDue, currency),
      totalDueUnits: sums.totalDue,
      perDay: perDay > 0 ? formatMoney(perDay, currency) : "",
      perDayUnits: perDay,
    };
  });
}
