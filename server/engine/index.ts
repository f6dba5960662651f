/**
 * The Dun engine: plain TypeScript over plain data. It imports no editor or protocol code and
 * touches no file system except through the `WorkspaceFiles` its caller passes in.
 */
export { analyze, type Analysis, type AnalysisOptions, type InvoiceReport, type InvoiceState } from "./analysis";
export { Workspace, type SourceFile, type WorkspaceFiles } from "./workspace";
export { CODES, DEFAULT_SEVERITY, isCode, type Code, type Diagnostic, type RuleSettings, type Severity } from "./diagnostics";
export { agingBucket, AGING_BUCKETS, invoiceStatus, statusOf, type AgingRow, type InvoiceStatus } from "./status";
export { formatMoney, groupedAmount, plainAmount, isKnownCurrency } from "./money";
export { isCalendarDate } from "../../grammar";
export { localToday, type IsoDate } from "./dates";
export { stepName } from "../rules/escalation";
export { entryOccurrences, fileOccurrences, occurrenceAt, type Occurrence, type DefinitionKind } from "./occurrences";
export type { Ledger, InvoiceModel, ContractModel, PartyModel, PolicyModel, LadderStep } from "./ledger";
export { dailyInterest } from "./figures";
export { STANDARD_POLICY_TEXT } from "./policies";
export { AGING_HEADER, agingTable, nextStepText, OPEN_INVOICES_HEADER, openInvoicesTable } from "./report";
