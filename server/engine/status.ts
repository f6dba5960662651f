/**
 * The status of invoices as `dun status --format json` prints it (LANGUAGE.md §6), and the
 * aging of open balances by debtor.
 */
import type { Analysis, InvoiceReport, InvoiceState } from "./analysis";
import type { IsoDate } from "./dates";
import { plainAmount } from "./money";

export interface InvoiceStatus {
  id: string;
  debtor: string | null;
  creditor: string | null;
  currency: string;
  amount: string;
  paid: string;
  credited: string;
  balance: string;
  due: IsoDate;
  daysLate: number;
  lateFees: string;
  interest: string;
  totalDue: string;
  state: InvoiceState;
  nextStep: { kind: string; final: boolean; due: IsoDate } | null;
}

export function invoiceStatus(report: InvoiceReport): InvoiceStatus {
  const { invoice, figures, ladder } = report;
  const money = (units: number) => plainAmount(units, invoice.currency);
  const next = report.open && !ladder.pausedBy && ladder.next ? ladder.next : undefined;
  return {
    id: invoice.id,
    debtor: invoice.debtor?.id ?? null,
    creditor: invoice.creditor?.id ?? null,
    currency: invoice.currency,
    amount: money(invoice.amount),
    paid: money(figures.paid),
    credited: money(figures.credited),
    balance: money(figures.balance),
    due: invoice.due,
    daysLate: figures.daysLate,
    lateFees: money(figures.lateFees),
    interest: money(figures.interest),
    totalDue: money(figures.totalDue),
    state: report.state,
    nextStep: next ? { kind: next.step.kind, final: next.step.final, due: next.due } : null,
  };
}

/** Every invoice's status, by invoice date then id. */
export function statusOf(analysis: Analysis): InvoiceStatus[] {
  return [...analysis.reports.values()]
    .sort((a, b) => (a.invoice.date < b.invoice.date ? -1 : a.invoice.date > b.invoice.date ? 1 : a.invoice.id < b.invoice.id ? -1 : 1))
    .map(invoiceStatus);
}

export const AGING_BUCKETS = ["current", "1-30", "31-60", "61-90", "90+"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucket(daysLate: number): AgingBucket {
  if (daysLate <= 0) return "current";
  if (daysLate <= 30) return "1-30";
  if (daysLate <= 60) return "31-60";
  if (daysLate <= 90) return "61-90";
  return "90+";
}

/** Open balances (in minor units) by debtor and currency, in aging buckets. */
export interface AgingRow {
  debtor: string;
  currency: string;
  buckets: Record<AgingBucket, number>;
  total: number;
}

export function agingByDebtor(analysis: Analysis): AgingRow[] {
  const rows = new Map<string, AgingRow>();
  for (const report of analysis.reports.values()) {
    if (!report.open) continue;
    const debtor = report.invoice.debtor?.id ?? "(unknown)";
    const key = `${debtor}\u0000${report.invoice.currency}`;
    let row = rows.get(key);
    if (!row) {
      row = { debtor, currency: report.invoice.currency, buckets: { current: 0, "1-30": 0, "31-60": 0, "61-90": 0, "90+": 0 }, total: 0 };
      rows.set(key, row);
    }
    row.buckets[agingBucket(report.figures.daysLate)] += report.figures.balance;
    row.total += report.figures.balance;
  }
  return [...rows.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : b.total - a.total));
}
