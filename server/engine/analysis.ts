/**
 * The engine's entry point: `analyze(workspace, options)` builds the ledger as of today,
 * works out every invoice's figures and ladder once, and runs every rule over them.
 * The language server, the command line and the tests all call this.
 */
import { buildLedger, type LedgerOptions } from "./ledgerBuilder";
import { invoiceFigures, type InvoiceFigures } from "./figures";
import { ladderState, openDispute, planKept, type LadderState } from "./ladder";
import type { InvoiceModel, Ledger } from "./ledger";
import type { Code, Diagnostic, RuleSettings } from "./diagnostics";
import { Reporter } from "./reporter";
import type { SourceFile, Workspace, WorkspaceFiles } from "./workspace";
import { runRules } from "../rules";

export type InvoiceState = "paid" | "open" | "disputed" | "plan" | "written-off";

/** Everything worked out about one invoice as of today. */
export interface InvoiceReport {
  invoice: InvoiceModel;
  figures: InvoiceFigures;
  ladder: LadderState;
  state: InvoiceState;
  /** Balance above zero and not written off. */
  open: boolean;
}

export interface AnalysisOptions extends LedgerOptions {
  rules?: RuleSettings;
  /** The files around the ledger; evidence is not checked on disk without it. */
  files?: WorkspaceFiles;
}

export interface Analysis {
  ledger: Ledger;
  reports: Map<string, InvoiceReport>;
  /** Every diagnostic, by file path, then by range. */
  readonly diagnostics: Diagnostic[];
  /** One file's diagnostics, by range. */
  diagnosticsOf(path: string): Diagnostic[];
  /** How many diagnostics have this code. */
  countOf(code: Code): number;
  /** The open invoices past due, and what they owe (balance, fees, interest) by currency. */
  overdue(): OverdueTotals;
}

export interface OverdueTotals {
  invoices: number;
  /** Minor units by currency code. */
  byCurrency: Map<string, number>;
}

/** Adds (sign 1) or takes away (sign -1) these reports' share of the overdue totals. */
export function addOverdue(totals: OverdueTotals, reports: Iterable<InvoiceReport>, sign: 1 | -1 = 1): void {
  for (const report of reports) {
    if (!report.open || report.figures.daysLate <= 0) continue;
    totals.invoices += sign;
    const currency = report.invoice.currency;
    const units = (totals.byCurrency.get(currency) ?? 0) + sign * report.figures.totalDue;
    if (units === 0 && sign < 0) totals.byCurrency.delete(currency);
    else totals.byCurrency.set(currency, units);
  }
}

export function analyze(workspace: Workspace, options: AnalysisOptions): Analysis {
  return analyzeFiles(workspace.allFiles(), options);
}

/**
 * Analyses these files (in path order). Files in `context` are read only for what they define
 * (the `self` parties and policies every case may use): no rule runs on them and none of their
 * diagnostics is kept. Incremental analysis builds one group of related files this way.
 */
export function analyzeFiles(files: SourceFile[], options: AnalysisOptions, context?: ReadonlySet<string>): Analysis {
  const reporter = new Reporter(options.rules);
  const ledger = buildLedger(files, options, reporter);
  const reports = new Map<string, InvoiceReport>();
  // An invoice dated after today exists (references to it resolve) but takes part in no figure.
  for (const invoice of ledger.invoices.values()) {
    if (invoice.date > options.today) continue;
    const report = reportInvoice(ledger, invoice);
    reports.set(invoice.id, report);
    if (!exactlyComputable(report)) {
      reporter.report(invoice.file, invoice.entry.header, "bad-amount", `the figures of invoice \`${invoice.id}\` grow too large to compute exactly (past ${Number.MAX_SAFE_INTEGER} minor units)`);
    }
  }
  const own = context ? files.filter((file) => !context.has(file.path)) : files;
  runRules({ ledger, reports, files: own, reporter, workspaceFiles: options.files, today: options.today });
  const kept = context ? reporter.diagnostics.filter((d) => !context.has(d.file)) : reporter.diagnostics;
  const diagnostics = sortDiagnostics(kept);
  let byFile: Map<string, Diagnostic[]> | undefined;
  return {
    ledger,
    reports,
    diagnostics,
    diagnosticsOf(path) {
      byFile ??= groupByFile(diagnostics);
      return byFile.get(path) ?? [];
    },
    countOf(code) {
      let count = 0;
      for (const diagnostic of diagnostics) if (diagnostic.code === code) count++;
      return count;
    },
    overdue() {
      const totals: OverdueTotals = { invoices: 0, byCurrency: new Map() };
      addOverdue(totals, reports.values());
      return totals;
    },
  };
}

/** Sorted diagnostics grouped by file, each group keeping the order. */
export function groupByFile(diagnostics: Diagnostic[]): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const list = byFile.get(diagnostic.file);
    if (list) list.push(diagnostic);
    else byFile.set(diagnostic.file, [diagnostic]);
  }
  return byFile;
}

function reportInvoice(ledger: Ledger, invoice: InvoiceModel): InvoiceReport {
  const today = ledger.today;
  const figures = invoiceFigures(invoice, today);
  const ladder = ladderState(invoice, invoice.contract?.policy ?? ledger.defaultPolicy, today);
  const written = invoice.writtenOffOn !== undefined && invoice.writtenOffOn <= today;
  const state: InvoiceState =
    figures.balance <= 0
      ? "paid"
      : written
        ? "written-off"
        : openDispute(invoice, today)
          ? "disputed"
          : invoice.plans.some((plan) => planKept(plan, today))
            ? "plan"
            : "open";
  return { invoice, figures, ladder, state, open: figures.balance > 0 && !written };
}

/**
 * Money is exact while every figure, and every partial sum behind it, stays a safe integer:
 * guaranteed when the amount, the payments and credits, the fees and the interest together
 * stay below 2^53 minor units. Only absurd amounts or rates (trillions, or a 10^20 % fee) fail.
 */
function exactlyComputable({ invoice, figures }: InvoiceReport): boolean {
  if (!Number.isSafeInteger(figures.lateFees) || !Number.isSafeInteger(figures.interest)) return false;
  // Safe integers whose sum stays safe add up exactly as numbers; a sum that rounds past the
  // limit is at least 2^53, so only then is it counted again in BigInt.
  let sum = Math.abs(invoice.amount) + Math.abs(figures.lateFees) + Math.abs(figures.interest);
  for (const event of invoice.money) sum += Math.abs(event.units);
  if (sum <= Number.MAX_SAFE_INTEGER) return true;
  const size = (units: number) => BigInt(Math.abs(units));
  let total = size(invoice.amount) + size(figures.lateFees) + size(figures.interest);
  for (const event of invoice.money) total += size(event.units);
  return total <= BigInt(Number.MAX_SAFE_INTEGER);
}

/** By file path, then by range: grouped by file first, so paths are compared once per file, not per pair. */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const byFile = groupByFile(diagnostics);
  const paths = [...byFile.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sorted: Diagnostic[] = [];
  for (const path of paths) {
    const group = byFile.get(path)!.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    for (const diagnostic of group) sorted.push(diagnostic);
  }
  return sorted;
}
