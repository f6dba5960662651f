/**
 * The engine's entry point: `analyze(workspace, options)` builds the ledger as of today,
 * works out every invoice's figures and ladder once, and runs every rule over them.
 * The language server, the command line and the tests all call this.
 */
import { buildLedger, type LedgerOptions } from "./ledgerBuilder";
import { invoiceFigures, type InvoiceFigures } from "./figures";
import { ladderState, openDispute, planKept, type LadderState } from "./ladder";
import type { InvoiceModel, Ledger } from "./ledger";
import type { Diagnostic, RuleSettings } from "./diagnostics";
import { Reporter } from "./reporter";
import type { Workspace, WorkspaceFiles } from "./workspace";
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
  diagnostics: Diagnostic[];
}

export function analyze(workspace: Workspace, options: AnalysisOptions): Analysis {
  const reporter = new Reporter(options.rules);
  const files = workspace.allFiles();
  const ledger = buildLedger(files, options, reporter);
  const reports = new Map<string, InvoiceReport>();
  // An invoice dated after today exists (references to it resolve) but takes part in no figure.
  for (const invoice of ledger.invoices.values()) {
    if (invoice.date <= options.today) reports.set(invoice.id, reportInvoice(ledger, invoice));
  }
  runRules({ ledger, reports, files, reporter, workspaceFiles: options.files, today: options.today });
  return { ledger, reports, diagnostics: sortDiagnostics(reporter.diagnostics) };
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

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start || a.range.end - b.range.end),
  );
}
