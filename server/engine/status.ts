/**
 * The status of invoices as `dun status --format json` prints it (LANGUAGE.md §6), and the
 * aging of open balances by debtor.
 */
import type { Analysis, InvoiceReport, InvoiceState } from "./analysis";
import type { IsoDate } from "./dates";
import { plainAmount } from "./money";
import { stepName } from "../rules/escalation";

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
  return statusOfLines(statusLines(analysis));
}

/**
 * What the status report reads of one invoice, as plain data that holds no model and no tree:
 * `dun status` of a large workspace keeps these, a group of cases analysed at a time.
 */
export interface StatusLine {
  status: InvoiceStatus;
  /** The invoice's date (the JSON's order). */
  date: IsoDate;
  open: boolean;
  /** In minor units. */
  balance: number;
  totalDue: number;
  /** The next step as a clerk reads it (`nextStepText`). */
  nextStep: string;
}

/** Each invoice's line, in the order of the analysis's reports (the invoices' order in the files). */
export function statusLines(analysis: Analysis): StatusLine[] {
  const today = analysis.ledger.today;
  return [...analysis.reports.values()].map((report) => statusLine(report, today));
}

export function statusLine(report: InvoiceReport, today: IsoDate): StatusLine {
  return {
    status: invoiceStatus(report),
    date: report.invoice.date,
    open: report.open,
    balance: report.figures.balance,
    totalDue: report.figures.totalDue,
    nextStep: nextStepText(report, today),
  };
}

/** Every invoice's status, by invoice date then id. */
export function statusOfLines(lines: readonly StatusLine[]): InvoiceStatus[] {
  return [...lines]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.status.id < b.status.id ? -1 : 1))
    .map((line) => line.status);
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

/** Open balances by debtor and currency, from invoices' lines in the order of the analysis's reports (ties keep it). */
export function agingOfLines(lines: readonly StatusLine[]): AgingRow[] {
  const rows = new Map<string, AgingRow>();
  for (const line of lines) {
    if (!line.open) continue;
    const debtor = line.status.debtor ?? "(unknown)";
    const currency = line.status.currency;
    const key = `${debtor}\u0000${currency}`;
    let row = rows.get(key);
    if (!row) {
      row = { debtor, currency, buckets: { current: 0, "1-30": 0, "31-60": 0, "61-90": 0, "90+": 0 }, total: 0 };
      rows.set(key, row);
    }
    row.buckets[agingBucket(line.status.daysLate)] += line.balance;
    row.total += line.balance;
  }
  return [...rows.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : b.total - a.total));
}

/** The next step as a clerk reads it: what, and since or from when; or why there is none. */
export function nextStepText(report: InvoiceReport, today: string): string {
  const { ladder, invoice } = report;
  if (ladder.pausedBy === "dispute") return "paused: disputed";
  if (ladder.pausedBy === "plan") return "paused: payment plan being kept";
  if (ladder.pausedBy === "promise") {
    const promise = invoice.promises.filter((p) => p.madeOn <= today && today <= p.by).sort((a, b) => (a.by < b.by ? 1 : -1))[0];
    return `paused: promised by ${promise?.by ?? "?"}`;
  }
  if (!ladder.next) return "every step taken";
  const when = ladder.next.due <= today ? `due since ${ladder.next.due}` : `on ${ladder.next.due}`;
  return `${stepName(ladder.next.step)} ${when}`;
}
