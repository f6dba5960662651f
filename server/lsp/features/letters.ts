/**
 * "Dun: Generate demand letter" (and final demand, statement of account), "Dun: Export letter
 * as PDF": the server writes the letter into `dun.lettersFolder` beside the case file (never
 * overwriting) and returns the `demand` entry to record as one edit the editor applies, so the
 * user can undo it.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { ErrorCodes, ResponseError, type Position, type WorkspaceEdit } from "vscode-languageserver";
import type { Entry } from "../../../grammar";
import type { Analysis } from "../../engine";
import { entryOccurrences, occurrenceAt } from "../../engine";
import type { DemandFacts, LetterFile, Paper } from "../../letters";
import { loadLetters } from "../../letters/lazy";
import { pathToUri, toOffset, uriToPath } from "../convert";
import type { Session } from "../session";
import { NEEDS_DEBTOR, type GenerateLetterParams } from "../../settings";

export type { GenerateLetterParams };

export interface GenerateLetterResult {
  debtor: string;
  /** URIs of the files written: the Markdown letter first, then its PDF. */
  written: string[];
  /** The `demand` entry appended to the case (first and final demands only). */
  record?: WorkspaceEdit;
}


/** Debtors with an open, undisputed balance, for the quick pick. */
export function debtors(analysis: Analysis): { id: string; name: string; owed: string }[] {
  return loadLetters().debtorsWithOpenBalances(analysis);
}

/** The debtor (or invoice) the cursor is in: the id under it, else its entry's, else the file's only debtor. */
function targetsAt(session: Session, analysis: Analysis, uri: string, position: Position): string[] | undefined {
  const file = session.workspace.getFile(uriToPath(uri));
  if (!file) return undefined;
  const offset = toOffset(file, position);
  const occurrence = occurrenceAt(file.tree, offset);
  const { ledger } = analysis;
  if (occurrence) {
    const name = occurrence.node.name;
    if (ledger.invoices.has(name) || (ledger.parties.has(name) && !ledger.parties.get(name)!.self)) return [name];
    const contract = ledger.contracts.get(name);
    if (contract?.debtor) return [contract.debtor.id];
  }
  const entry = file.tree.entries.find((e): e is Entry => e.kind !== "broken" && e.start <= offset && offset <= e.end);
  const debtor = entry ? debtorOfEntry(analysis, entry) : undefined;
  if (debtor) return [debtor];
  const partiesHere = [...ledger.parties.values()].filter((p) => p.file === file.path && !p.self && p.invoices.length > 0);
  return partiesHere.length === 1 ? [partiesHere[0]!.id] : undefined;
}

/** The debtor an entry is about: through the first id it names (an invoice, a contract or a party). */
function debtorOfEntry(analysis: Analysis, entry: Entry): string | undefined {
  const { ledger } = analysis;
  for (const { node } of entryOccurrences(entry)) {
    const party = ledger.parties.get(node.name);
    if (party) return party.self ? undefined : party.id;
    const debtor = ledger.invoices.get(node.name)?.debtor ?? ledger.contracts.get(node.name)?.debtor;
    if (debtor) return debtor.id;
  }
  return undefined;
}

function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

function paperSetting(session: Session): Paper | undefined {
  const paper = session.settings.letterPaper;
  return paper === "a4" || paper === "letter" ? paper : undefined;
}

/** Writes the letter (and its PDF) and returns the files and the entry to record. */
export function generateLetter(session: Session, analysis: Analysis, params: GenerateLetterParams): GenerateLetterResult {
  const targets = params.targets?.length ? params.targets : params.uri && params.position ? targetsAt(session, analysis, params.uri, params.position) : undefined;
  if (!targets) throw new ResponseError(NEEDS_DEBTOR, "Which debtor? Put the cursor in a case, or pick a debtor.");
  const { appendedText, composeLetter, demandEntry, LetterError, letterPdf, loadTemplate, recordFile, TemplateError, writeLetterFiles } = loadLetters();
  const debtorFile = analysis.ledger.parties.get(targets[0]!)?.file ?? analysis.ledger.invoices.get(targets[0]!)?.file ?? "";
  const root = session.rootFor(debtorFile);
  let letter;
  try {
    letter = composeLetter(analysis, { kind: params.kind, targets, paper: paperSetting(session) }, loadTemplate(params.kind, root));
  } catch (error) {
    if (error instanceof TemplateError) throw new ResponseError(ErrorCodes.InvalidRequest, `${relative(root, error.path) || error.path}:${error.line}: ${error.detail}`);
    if (error instanceof LetterError) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
    throw error;
  }
  const party = analysis.ledger.parties.get(letter.debtor)!;
  const dir = resolve(dirname(party.file), session.settings.lettersFolder || "letters");
  if (!inside(dir, root)) {
    throw new ResponseError(ErrorCodes.InvalidRequest, `dun.lettersFolder "${session.settings.lettersFolder}" leads outside the workspace ${root}`);
  }
  const files: LetterFile[] = [{ ext: "md", data: letter.markdown }];
  if (params.pdf) {
    files.push({ ext: "pdf", data: letterPdf(letter.markdown, { paper: letter.paper, title: letter.title, author: letter.creditorName, date: letter.facts.isoDate }) });
  }
  let written: string[];
  try {
    written = writeLetterFiles(dir, letter.stem, files, root);
  } catch (error) {
    if (error instanceof LetterError) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
    throw error;
  }
  const result: GenerateLetterResult = { debtor: letter.debtor, written: written.map(pathToUri) };
  if (params.kind !== "statement") {
    const caseFile = recordFile(analysis, letter.debtor);
    const source = session.workspace.getFile(caseFile);
    const text = source?.text ?? (existsSync(caseFile) ? readFileSync(caseFile, "utf8") : "");
    const evidence = [...written].reverse().map((path) => relative(dirname(caseFile), path).split(sep).join("/"));
    const entry = demandEntry(letter.facts as DemandFacts, letter.invoices, evidence);
    const end = source ? source.lines.positionAt(text.length) : { line: text.split("\n").length - 1, character: text.length - text.lastIndexOf("\n") - 1 };
    result.record = { changes: { [pathToUri(caseFile)]: [{ range: { start: end, end }, newText: appendedText(text, entry) }] } };
  }
  return result;
}

/** Writes the PDF of an open Markdown letter beside it (never overwriting); returns its URI. */
export function exportLetterPdf(session: Session, params: { uri: string; text: string }): string {
  const path = uriToPath(params.uri);
  const root = session.rootFor(path);
  if (!inside(path, root)) throw new ResponseError(ErrorCodes.InvalidRequest, `${path} is outside the workspace`);
  const { houseStyle, LetterError, letterPdf, writeLetterFiles } = loadLetters();
  const title = /^#{1,2} (.+)$/m.exec(params.text.split("\n").slice(1).join("\n"))?.[1] ?? basename(path);
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(basename(path))?.[1];
  const paper = paperSetting(session) ?? houseStyle(jurisdictionOfLetter(session.current(), basename(path))).paper;
  const pdf = letterPdf(params.text, { paper, title, date });
  let written: string | undefined;
  try {
    [written] = writeLetterFiles(dirname(path), basename(path).replace(/\.md$/i, ""), [{ ext: "pdf", data: pdf }], root);
  } catch (error) {
    if (error instanceof LetterError) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
    throw error;
  }
  return pathToUri(written!);
}


const PARTY_JURISDICTION = (party: { entry: Entry } | undefined): string | undefined => {
  const property = party?.entry.properties.find((p) => p.name === "jurisdiction");
  return property?.name === "jurisdiction" ? property.id.name : undefined;
};

/**
 * The jurisdiction that sets a letter's paper, from its file name
 * (`2026-05-04-globex-demand.md`): the creditor's, else the debtor's contract's, else the
 * debtor's own; as the letter itself was written.
 */
function jurisdictionOfLetter(analysis: Analysis, name: string): string | undefined {
  const match = /^\d{4}-\d{2}-\d{2}-(.+?)-(?:final-demand|demand|statement)(?:-\d+)?\.md$/i.exec(name);
  const debtor = match ? analysis.ledger.parties.get(match[1]!) : undefined;
  const contract = [...analysis.ledger.contracts.values()].find((c) => c.debtor === debtor);
  const contractJurisdiction = contract?.entry.properties.find((p) => p.name === "jurisdiction");
  return (
    PARTY_JURISDICTION(contract?.creditor ?? analysis.ledger.self) ??
    (contractJurisdiction?.name === "jurisdiction" ? contractJurisdiction.id.name : undefined) ??
    PARTY_JURISDICTION(debtor)
  );
}
