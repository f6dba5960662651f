/**
 * Quick fixes for Dun's diagnostics: record the ladder step that is due, record the invoice's
 * delivery, add the missing `evidence` or `receipt` line (or cite a file that looks like
 * evidence), and take the suggested id of an unknown reference. Each fix is the entry or line
 * a careful clerk would type, dated today, with empty paths left for the user to fill in.
 *
 * The diagnostics the editor sends back are matched against the current analysis, so a fix is
 * never built from stale data: a step or delivery by its invoice (the invoice's file may be
 * another than the one asked about), every other code by its range in this file.
 */
import { readdirSync } from "node:fs";
import { posix } from "node:path";
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import { quote, type Entry, type Range } from "../../../grammar";
import { stepName, type Diagnostic, type InvoiceModel, type SourceFile } from "../../engine";
import type { DiagnosticData } from "../../engine/diagnostics";
import { pathToUri, toLspRange, toOffset } from "../convert";
import type { FeatureContext } from "./context";

type StepData = Extract<DiagnosticData, { kind: "step" }>;
type MissingData = Extract<DiagnosticData, { kind: "missing" }>;

/** Quick fixes for the `dun` diagnostics of a code-action request. */
export function provideCodeActions(context: FeatureContext, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((kind) => kind === "" || kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`))) return [];
  const actions: CodeAction[] = [];
  for (const shown of params.context.diagnostics) {
    if (shown.source !== "dun") continue;
    const found = currentDiagnostic(context, shown);
    if (found) actions.push(...fixesFor(new Fixer(context, params.textDocument.uri, shown), found));
  }
  return actions;
}

/** The engine's diagnostic, in today's analysis, that the editor's one stands for. */
function currentDiagnostic(context: FeatureContext, shown: LspDiagnostic): Diagnostic | undefined {
  const { analysis, file } = context;
  if (shown.code === "step-due" || shown.code === "no-delivery") {
    const invoice = (shown.data as { invoice?: unknown } | undefined)?.invoice;
    const matches = (d: Diagnostic) => d.code === shown.code && d.data !== undefined && "invoice" in d.data && d.data.invoice === invoice;
    const home = typeof invoice === "string" ? analysis.ledger.invoices.get(invoice)?.file : undefined;
    return (
      analysis.diagnosticsOf(file.path).find(matches) ??
      (home ? analysis.diagnosticsOf(home).find(matches) : undefined) ??
      analysis.diagnostics.find(matches)
    );
  }
  const start = toOffset(file, shown.range.start);
  const end = toOffset(file, shown.range.end);
  return analysis.diagnosticsOf(file.path).find((d) => d.code === shown.code && d.range.start === start && d.range.end === end && d.data);
}

/**
 * For a demand step: write the letter itself (the extension's command writes it, opens it and
 * records the `demand` entry, which takes the step).
 */
function letterAction(debtor: string, final: boolean): CodeAction {
  const title = final ? `Generate the final demand to ${debtor} and record it` : `Generate the demand letter to ${debtor} and record it`;
  return {
    title,
    kind: CodeActionKind.QuickFix,
    isPreferred: true,
    command: { title, command: final ? "dun.generateFinalDemand" : "dun.generateDemandLetter", arguments: [{ targets: [debtor] }] },
  };
}

function fixesFor(fix: Fixer, diagnostic: Diagnostic): CodeAction[] {
  const data = diagnostic.data;
  const ledger = fix.context.analysis.ledger;
  if (diagnostic.code === "step-due" && data?.kind === "step") {
    const invoice = ledger.invoices.get(data.invoice);
    const lines = invoice && stepEntry(data, invoice, ledger.today);
    const record = lines ? fix.newEntry(`Record the ${stepName({ kind: data.step, final: data.final })} for ${invoice.id} (today)`, invoice.file, lines) : [];
    return invoice?.debtor && data.step === "demand" ? [letterAction(invoice.debtor.id, data.final), ...record] : record;
  }
  if (diagnostic.code === "no-delivery" && data?.kind === "invoice") {
    const invoice = ledger.invoices.get(data.invoice);
    const lines = [`${ledger.today} sent ${data.invoice} via email`, `  evidence ""`];
    return invoice ? fix.newEntry(`Record that ${invoice.id} was sent (today, via email)`, invoice.file, lines) : [];
  }
  if (diagnostic.code === "unknown-ref" && data?.kind === "suggestion") {
    return [fix.replace(`Change to \`${data.replacement}\``, diagnostic.range, data.replacement)];
  }
  if ((diagnostic.code === "missing-evidence" || diagnostic.code === "missing-receipt") && data?.kind === "missing") {
    const entry = fix.context.file.tree.entries.find((e): e is Entry => e.kind !== "broken" && e.header.start === diagnostic.range.start);
    return entry ? propertyFixes(fix, entry, data) : [];
  }
  return [];
}

/** The lines of the entry that takes a ladder step, as the reference writes them (LANGUAGE.md §2). */
function stepEntry(step: StepData, invoice: InvoiceModel, today: string): string[] | undefined {
  const id = invoice.id;
  const channel = step.channel ?? "email";
  switch (step.step) {
    case "reminder":
      return [`${today} reminder ${id} via ${channel}`, `  evidence ""`];
    case "call":
      return invoice.debtor ? [`${today} call ${invoice.debtor.id} ""`, `  with ""`, `  re ${id}`] : undefined;
    case "demand":
      return [
        `${today} demand ${id} via ${channel}`,
        `  deadline ${step.deadlineDays ?? (step.final ? 7 : 10)}d`,
        ...(step.final ? ["  final"] : []),
        `  evidence ""`,
        ...(channel === "certified-mail" ? [`  receipt ""`] : []),
      ];
    case "suspend":
      return invoice.contract ? [`${today} suspend ${invoice.contract.id}`, `  evidence ""`] : undefined;
    case "collections":
      return [`${today} collections ${id} "agency"`, `  evidence ""`];
    case "claim":
      return [`${today} claim ${id} "court"`, `  evidence ""`];
  }
  return undefined;
}

function propertyFixes(fix: Fixer, entry: Entry, data: MissingData): CodeAction[] {
  const file = fix.context.file;
  const property = data.property;
  const actions = [fix.newProperty(`Add an empty \`${property}\` line`, entry, `${property} ""`)];
  for (const path of evidenceCandidates(file, entry)) {
    const title = property === "evidence" ? `Cite ${path}` : `Cite ${path} as the receipt`;
    actions.push(fix.newProperty(title, entry, `${property} ${quote(path)}`));
  }
  return actions;
}

const EVIDENCE_EXTENSIONS = new Set([".pdf", ".eml", ".png", ".jpg", ".txt", ".md"]);

/**
 * Up to three files in the subfolders of the document's folder that look like evidence and
 * that the file does not cite yet, those whose path shares words with the entry's header first.
 */
function evidenceCandidates(file: SourceFile, entry: Entry): string[] {
  const folder = posix.dirname(file.path);
  const cited = new Set<string>();
  for (const e of file.tree.entries) {
    if (e.kind === "broken") continue;
    for (const p of e.properties) if (p.name === "evidence" || p.name === "receipt") cited.add(posix.normalize(p.path.value));
  }
  const found: string[] = [];
  const walk = (relative: string, depth: number): void => {
    let names;
    try {
      names = readdirSync(posix.join(folder, relative), { withFileTypes: true });
    } catch {
      return; // no such folder on disk (an unsaved document), or unreadable
    }
    for (const item of names) {
      if (found.length >= 500 || item.name.startsWith(".") || item.name === "node_modules") continue;
      const path = relative ? `${relative}/${item.name}` : item.name;
      if (item.isDirectory() && depth < 3) walk(path, depth + 1);
      else if (item.isFile() && relative && EVIDENCE_EXTENSIONS.has(posix.extname(item.name).toLowerCase()) && !cited.has(path)) found.push(path);
    }
  };
  walk("", 0);
  const words = file.text.slice(entry.header.start, entry.header.end).toLowerCase().split(/[\s"]+/).filter((w) => w.length >= 3);
  const score = (path: string) => words.filter((w) => path.toLowerCase().includes(w)).length;
  return found.sort((a, b) => score(b) - score(a) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 3);
}

/** Builds the edits of one diagnostic's fixes, in the line-end style of the file they change. */
class Fixer {
  constructor(
    readonly context: FeatureContext,
    private readonly documentUri: string,
    private readonly diagnostic: LspDiagnostic,
  ) {}

  /** A new entry after the last entry of a file, separated from it by one blank line. */
  newEntry(title: string, path: string, lines: string[]): CodeAction[] {
    const file = this.fileAt(path);
    const last = file?.tree.entries[file.tree.entries.length - 1];
    if (!file || !last) return [];
    const eol = lineEnd(file);
    const at = afterEntry(file, last);
    return [this.action(title, file, { start: at, end: at }, eol + eol + lines.join(eol))];
  }

  /** A property line at the end of an entry of the current file, indented as its others are. */
  newProperty(title: string, entry: Entry, text: string): CodeAction {
    const file = this.context.file;
    const first = entry.properties[0];
    const indent = first ? file.text.slice(file.lines.lineStart(file.lines.positionAt(first.start).line), first.start) : "  ";
    const at = afterEntry(file, entry);
    return this.action(title, file, { start: at, end: at }, lineEnd(file) + indent + text);
  }

  /** The suggested id in place of the unknown one: the one obvious fix, so preferred. */
  replace(title: string, range: Range, text: string): CodeAction {
    return { ...this.action(title, this.context.file, range, text), isPreferred: true };
  }

  private fileAt(path: string): SourceFile | undefined {
    return path === this.context.file.path ? this.context.file : this.context.session.workspace.getFile(path);
  }

  private action(title: string, file: SourceFile, range: Range, newText: string): CodeAction {
    const uri = file === this.context.file ? this.documentUri : pathToUri(file.path);
    const edit = { range: toLspRange(file, range), newText };
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [this.diagnostic], edit: { changes: { [uri]: [edit] } } };
  }
}

/** `\r\n` when the file's first line ends so, else `\n`. */
function lineEnd(file: SourceFile): string {
  const newline = file.text.indexOf("\n");
  return newline > 0 && file.text[newline - 1] === "\r" ? "\r\n" : "\n";
}

/** The end of an entry's last line (before its line break), past indented comment lines under it. */
function afterEntry(file: SourceFile, entry: Range): number {
  const { lines, text } = file;
  let line = lines.positionAt(entry.end).line;
  while (line + 1 < lines.lineCount && /^[ \t]+\S/.test(text.slice(lines.lineStart(line + 1), endOfLine(file, line + 1)))) line++;
  return endOfLine(file, line);
}

function endOfLine(file: SourceFile, line: number): number {
  const { lines, text } = file;
  const end = line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : text.length;
  return end > lines.lineStart(line) && text[end - 1] === "\r" ? end - 1 : end;
}
