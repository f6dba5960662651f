/**
 * An invoice's balance on a given day (LANGUAGE.md §5, "open principal"): the amount less the
 * payments and credits dated on or before that day.
 */
import type { IsoDate } from "./dates";
import type { InvoiceModel } from "./ledger";

/** Amount − payments − credits dated on or before `date` (may be negative when overpaid). */
export function balanceOn(invoice: InvoiceModel, date: IsoDate): number {
  let balance = invoice.amount;
  for (const event of invoice.money) if (event.date <= date) balance -= event.units;
  return balance;
}

/** Open on a day: issued, not written off, balance above zero. */
export function isOpenOn(invoice: InvoiceModel, date: IsoDate): boolean {
  if (invoice.date > date) return false;
  if (invoice.writtenOffOn !== undefined && invoice.writtenOffOn <= date) return false;
  return balanceOn(invoice, date) > 0;
}

/** Sums of the payments and of the credits (all of them: the ledger holds only those up to today). */
export function paidAndCredited(invoice: InvoiceModel): { paid: number; credited: number } {
  let paid = 0;
  let credited = 0;
  for (const event of invoice.money) {
    if (event.kind === "payment") paid += event.units;
    else credited += event.units;
  }
  return { paid, credited };
}

/** Payments and credits on these invoices dated from `from` through `to`. */
export function receivedBetween(invoices: InvoiceModel[], from: IsoDate, to: IsoDate): number {
  let sum = 0;
  for (const invoice of invoices) {
    for (const event of invoice.money) if (event.date >= from && event.date <= to) sum += event.units;
  }
  return sum;
}
