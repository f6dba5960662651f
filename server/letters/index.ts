/**
 * Letters: first demands, final demands (letters before action) and statements of account,
 * written from what the ledger records.
 *
 * The pure part — facts, templates, Markdown — goes from an `Analysis` and a request to a
 * document and touches nothing; the language server and the command line both call
 * `composeLetter`. Disk access is kept to small named helpers the caller chooses to use:
 * `loadTemplate` (a workspace's `templates/<kind>.md`), `writeLetterFiles` (exclusive
 * create, never overwriting), `appendEntry` (recording the demand) and `letterPdf` (which
 * reads the embedded fonts).
 */
import type { Analysis, InvoiceReport } from "../engine";
import { formatMoney } from "../engine/money";
import { demandFacts, type DemandFacts } from "./demand";
import type { LetterKind } from "./kinds";
import { selectInvoices, type Selection } from "./selection";
import { statementFacts, type StatementFacts } from "./statement";
import { defaultTemplate, renderTemplate, type Template } from "./templates";
import { fileSafe, type Paper } from "./wording";

export { LETTER_KINDS, templateName, type LetterKind } from "./kinds";
export { LetterError, selectInvoices, type Selection } from "./selection";
export { defaultTemplate, loadTemplate, overridePath, renderTemplate, TemplateError, type Template } from "./templates";
export { DEFAULT_TEMPLATES } from "./defaults";
export { checkLetterFolder, writeLetterFiles, type LetterFile } from "./write";
export { appendEntry, appendedText, demandEntry, recordFile } from "./record";
export { letterPdf, findFontsDir, type PdfOptions } from "./pdf";
export { houseStyle, writtenDate, type DateStyle, type Paper } from "./wording";
export type { DemandFacts } from "./demand";
export type { StatementFacts } from "./statement";

export interface LetterRequest {
  kind: LetterKind;
  /** A debtor's party id, or invoice ids of one debtor. */
  targets: string[];
  /** Paper size for the PDF; by default US Letter in the US and Canada, A4 elsewhere. */
  paper?: Paper;
}

export type LetterFacts = DemandFacts | StatementFacts;

export interface Letter {
  kind: LetterKind;
  facts: LetterFacts;
  /** The letter as Markdown. */
  markdown: string;
  /** The file name without extension: `2026-05-04-globex-demand`. */
  stem: string;
  /** The debtor's party id. */
  debtor: string;
  /** The ids of the invoices it covers (for the `demand` entry). */
  invoices: string[];
  paper: Paper;
  /** "Formal demand for payment: Invoices 1001 and 1002", for the PDF's title. */
  title: string;
  creditorName: string;
}

/** Every fact of the letter, figures and dates written out. Throws `LetterError` when it cannot be written. */
export function letterFacts(analysis: Analysis, request: LetterRequest): LetterFacts {
  return gather(analysis, request).facts;
}

function gather(analysis: Analysis, request: LetterRequest): { selection: Selection; facts: LetterFacts } {
  const selection = selectInvoices(analysis, request.kind, request.targets);
  const facts =
    request.kind === "statement"
      ? statementFacts(analysis, selection, request.paper)
      : demandFacts(analysis, selection, request.kind === "final-demand", request.paper);
  return { selection, facts };
}

/**
 * The letter for a request, rendered with `template` (the shipped default unless given).
 * Throws `LetterError` (nothing to demand, unknown id, two debtors…) or `TemplateError`.
 */
export function composeLetter(analysis: Analysis, request: LetterRequest, template: Template = defaultTemplate(request.kind)): Letter {
  const { selection, facts } = gather(analysis, request);
  const markdown = renderTemplate(template, facts);
  const subject = "subject" in facts ? `: ${facts.subject}` : ` of ${facts.debtor.name}`;
  return {
    kind: request.kind,
    facts,
    markdown,
    stem: `${facts.isoDate}-${fileSafe(selection.debtor.id)}-${request.kind}`,
    debtor: selection.debtor.id,
    invoices: selection.reports.map((r) => r.invoice.id),
    paper: facts.paper,
    title: `${facts.title}${subject}`,
    creditorName: facts.creditor.name,
  };
}

/** Debtors with an open, undisputed balance (for a quick pick), by id. */
export function debtorsWithOpenBalances(analysis: Analysis): { id: string; name: string; owed: string }[] {
  const byDebtor = new Map<string, InvoiceReport[]>();
  for (const report of analysis.reports.values()) {
    const debtor = report.invoice.debtor;
    if (!debtor || report.state !== "open") continue;
    byDebtor.set(debtor.id, [...(byDebtor.get(debtor.id) ?? []), report]);
  }
  return [...byDebtor].map(([id, reports]) => {
    const owed = new Map<string, number>();
    for (const r of reports) owed.set(r.invoice.currency, (owed.get(r.invoice.currency) ?? 0) + r.figures.totalDue);
    return { id, name: analysis.ledger.parties.get(id)!.name, owed: [...owed].map(([c, u]) => formatMoney(u, c)).join(", ") };
  }).sort((a, b) => (a.id < b.id ? -1 : 1));
}
