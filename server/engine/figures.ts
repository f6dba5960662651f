/**
 * The figures of LANGUAGE.md §5 for one invoice as of today: balance, days late, late fees,
 * interest and total due. Exact: minor units, BigInt where products grow, each fee rounded
 * once and the interest sum rounded once, half away from zero.
 */
import { addCalendarMonths, addDays, dayNumber, daysBetween, fromDayNumber, type IsoDate } from "./dates";
import type { InvoiceModel } from "./ledger";
import { balanceOn, isOpenOn, paidAndCredited } from "./balances";
import { divideRounded, percentOf } from "./money";

export interface InvoiceFigures {
  paid: number;
  credited: number;
  /** Amount − paid − credited (negative when overpaid). */
  balance: number;
  daysLate: number;
  lateFees: number;
  interest: number;
  totalDue: number;
}

export function invoiceFigures(invoice: InvoiceModel, today: IsoDate): InvoiceFigures {
  const { paid, credited } = paidAndCredited(invoice);
  const balance = invoice.amount - paid - credited;
  const daysLate = Math.max(0, daysBetween(invoice.due, today));
  const lateFees = lateFeesTo(invoice, today);
  const interest = interestTo(invoice, today);
  return { paid, credited, balance, daysLate, lateFees, interest, totalDue: Math.max(0, balance) + lateFees + interest };
}

/** Open principal on a day for fees and interest: never below zero, zero once written off. */
function principalOn(invoice: InvoiceModel, date: IsoDate): number {
  if (invoice.writtenOffOn !== undefined && invoice.writtenOffOn <= date) return 0;
  return Math.max(0, balanceOn(invoice, date));
}

/**
 * Late fees charged through today. `monthly`: one charge for each whole month late that
 * completes on or before today while the invoice is open (month k completes k calendar months
 * after the due date, clamped to the month's end). `once`: on the first day late.
 */
export function lateFeesTo(invoice: InvoiceModel, today: IsoDate): number {
  const fee = invoice.contract?.lateFee;
  if (!fee) return 0;
  if (fee.fixed && fee.fixed.currency !== invoice.currency) return 0;
  const charge = (day: IsoDate): number => {
    if (!isOpenOn(invoice, day)) return 0;
    return fee.fixed ? fee.fixed.units : percentOf(principalOn(invoice, day), fee.percent!);
  };
  if (fee.period === "once") {
    const firstDayLate = addDays(invoice.due, 1);
    return firstDayLate <= today ? charge(firstDayLate) : 0;
  }
  let total = 0;
  let previous = invoice.due;
  for (let month = 1; ; month++) {
    const completes = addCalendarMonths(invoice.due, month);
    // `<= previous`: past 9999-12-31 dates stop moving, and no further month completes.
    if (completes > today || completes <= previous) break;
    total += charge(completes);
    previous = completes;
  }
  return total;
}

/**
 * Simple interest, actual/365: for each day late (the day after the due date through today)
 * the yearly rate / 365 × that day's open principal; the sum rounded once. The principal only
 * changes on the dates of payments, credits and a write-off, so the days are summed in spans.
 */
export function interestTo(invoice: InvoiceModel, today: IsoDate): number {
  const rate = invoice.contract?.interest;
  if (!rate) return 0;
  const first = dayNumber(invoice.due) + 1;
  const last = dayNumber(today);
  if (last < first) return 0;
  const changes = new Set<number>();
  for (const event of invoice.money) changes.add(dayNumber(event.date));
  if (invoice.writtenOffOn) changes.add(dayNumber(invoice.writtenOffOn));
  const starts = [first, ...[...changes].filter((day) => day > first && day <= last).sort((a, b) => a - b)];
  let principalDays = 0n;
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const to = i + 1 < starts.length ? starts[i + 1]! - 1 : last;
    principalDays += BigInt(principalOn(invoice, fromDayNumber(from))) * BigInt(to - from + 1);
  }
  const rateNumerator = BigInt(rate.digits) * (rate.negative ? -1n : 1n);
  const denominator = 100n * 10n ** BigInt(rate.scale) * 365n;
  return Number(divideRounded(principalDays * rateNumerator, denominator));
}

/** Interest that one more day adds at today's principal (for letters: "interest per day from today"). */
export function dailyInterest(invoice: InvoiceModel, today: IsoDate): number {
  const rate = invoice.contract?.interest;
  if (!rate) return 0;
  const rateNumerator = BigInt(rate.digits) * (rate.negative ? -1n : 1n);
  return Number(divideRounded(BigInt(principalOn(invoice, today)) * rateNumerator, 100n * 10n ** BigInt(rate.scale) * 365n));
}
