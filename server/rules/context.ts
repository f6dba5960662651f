/** What every rule family reads: the ledger, the per-invoice reports, and where to report. */
import type { InvoiceReport } from "../engine/analysis";
import type { Ledger } from "../engine/ledger";
import type { Reporter } from "../engine/reporter";
import type { SourceFile, WorkspaceFiles } from "../engine/workspace";
import type { IsoDate } from "../engine/dates";

export interface RuleContext {
  ledger: Ledger;
  reports: Map<string, InvoiceReport>;
  files: SourceFile[];
  reporter: Reporter;
  workspaceFiles?: WorkspaceFiles;
  today: IsoDate;
}
