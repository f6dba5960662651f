/**
 * `dun letter`: writes a first demand, a final demand or a statement of account for a
 * debtor from what the ledger records, as Markdown (and PDF), never overwriting a letter,
 * and with `--record` appends the matching `demand` entry to the case.
 */
import { dirname, join, relative, resolve, sep } from "node:path";
import type { DemandFacts, LetterFile, LetterKind, Paper } from "../letters";
import { loadLetters } from "../letters/lazy";
import { UsageError, workspaceRoot } from "../node/disk";
import { loadForTargets } from "./load";
import type { Output } from "./output";
import { parseCommon } from "./options";

export const LETTER_HELP = `Usage: dun letter <debtor | invoice…> [options]

Writes a formal demand for payment to a debtor (a party id), covering all its open invoices
except those under an open dispute, a promise not yet due or a payment plan being kept; or
covering the invoices named (of one debtor). The letter recites the contract and the work
delivered, a statement table with late fees and interest, the history of earlier contact,
a deadline (the ladder's: 10 days, 7 for a final demand), how to pay and what follows.

Writes DIR/YYYY-MM-DD-<debtor>-demand.md (-final-demand, -statement), and never overwrites:
a name that is taken gets -2, -3, … Prints the path of each file written.

Options:
  --final              a final demand (letter before action): names the next step and its date
  --statement          a statement of account: every invoice, payment and credit, running balance
  --out DIR            where to write (default: letters/ beside the file defining the debtor)
  --pdf                also write the letter as a PDF (fonts embedded)
  --paper a4|letter    PDF paper (default: letter in the US and Canada, a4 elsewhere)
  --record             append the \`demand\` entry (date, invoices, channel, deadline, evidence)
                       to the .dun file holding the debtor's latest entry
  --in PATH            the .dun files or folders to read (repeatable; default: the
                       current folder, as for dun check)
  --today YYYY-MM-DD   the letter's date and the day figures are computed for (default: today)
  --root DIR           the workspace, where templates/<kind>.md may override a template
                       (default: the top of the git repository, else the current folder)
  --currency CUR       currency of amounts that name none (default: USD)
  --policy ID          the ladder for invoices whose contract names none (default: standard)
  --format text|json   how to report what was written (default: text)
  -h, --help           show this help

Exit status: 0 when the letter was written, 2 when it cannot be (nothing to demand, an
unknown id, a broken template) or for a usage error.`;

const EXTRA = {
  final: { type: "boolean" },
  statement: { type: "boolean" },
  out: { type: "string" },
  pdf: { type: "boolean" },
  paper: { type: "string" },
  record: { type: "boolean" },
  in: { type: "string", multiple: true },
} as const;

export function runLetter(args: string[], cwd: string, out: Output): number {
  const { common, values } = parseCommon(args, EXTRA);
  if (common.help) {
    out.stdout(LETTER_HELP);
    return 0;
  }
  // parseCommon reads positionals as paths and defaults them to "."; here they are ids.
  const targets = common.paths.length === 1 && common.paths[0] === "." && !args.includes(".") ? [] : common.paths;
  if (targets.length === 0) throw new UsageError("dun letter: name a debtor (party id) or invoices; see 'dun letter --help'");
  if (values.final && values.statement) throw new UsageError("dun letter: --final and --statement cannot be used together");
  if (values.record && values.statement) throw new UsageError("dun letter: --record records a demand; a statement is not recorded");
  const paper = values.paper as string | undefined;
  if (paper !== undefined && paper !== "a4" && paper !== "letter") throw new UsageError(`dun letter: --paper ${paper}: expected a4 or letter`);
  const kind: LetterKind = values.statement ? "statement" : values.final ? "final-demand" : "demand";
  const root = workspaceRoot(common.root, cwd);
  const display = (path: string) => relative(cwd, path) || path;

  // A folder for the letters that leads out of the workspace is refused before any work.
  if (values.out !== undefined) {
    const { checkLetterFolder, LetterError } = loadLetters();
    try {
      checkLetterFolder(resolve(cwd, values.out as string), root);
    } catch (error) {
      if (error instanceof LetterError) throw new UsageError(`dun letter: ${error.message}`);
      throw error;
    }
  }

  // Every file is read, but only the part holding the targets is analysed (server/cli/load.ts).
  const { analysis } = loadForTargets({ ...common, paths: (values.in as string[] | undefined) ?? ["."] }, cwd, targets);
  const { appendEntry, composeLetter, demandEntry, LetterError, letterPdf, loadTemplate, recordFile, TemplateError, writeLetterFiles } = loadLetters();
  let letter;
  try {
    letter = composeLetter(analysis, { kind, targets, paper: paper as Paper | undefined }, loadTemplate(kind, root));
  } catch (error) {
    if (error instanceof TemplateError) throw new UsageError(`dun letter: ${error.path.startsWith("(") ? error.path : display(error.path)}:${error.line}: ${error.detail}`);
    if (error instanceof LetterError) throw new UsageError(`dun letter: ${error.message}`);
    throw error;
  }

  const party = analysis.ledger.parties.get(letter.debtor)!;
  const dir = values.out !== undefined ? resolve(cwd, values.out as string) : join(dirname(party.file), "letters");
  const caseFile = values.record ? recordFile(analysis, letter.debtor) : undefined;
  if (caseFile && (relative(root, dir) === ".." || relative(root, dir).startsWith(`..${sep}`))) {
    throw new UsageError(`dun letter: --record: ${display(dir)} is outside the workspace ${display(root)}, where evidence cannot point`);
  }
  const files: LetterFile[] = [{ ext: "md", data: letter.markdown }];
  if (values.pdf) {
    let pdf: Buffer;
    try {
      pdf = letterPdf(letter.markdown, { paper: letter.paper, title: letter.title, author: letter.creditorName, date: letter.facts.isoDate });
    } catch (error) {
      throw new UsageError(`dun letter: --pdf: ${(error as Error).message}`); // e.g. the fonts are not installed
    }
    files.push({ ext: "pdf", data: pdf });
  }
  let written: string[];
  try {
    written = writeLetterFiles(dir, letter.stem, files, root);
  } catch (error) {
    if (error instanceof LetterError) throw new UsageError(`dun letter: ${error.message}`);
    throw error;
  }

  let recorded: { file: string; entry: string } | undefined;
  if (caseFile) {
    const evidence = [...written].reverse().map((path) => relative(dirname(caseFile), path).split(sep).join("/"));
    const entry = demandEntry(letter.facts as DemandFacts, letter.invoices, evidence);
    appendEntry(caseFile, entry);
    recorded = { file: display(caseFile), entry };
  }
  if (common.format === "json") {
    out.stdout(JSON.stringify({ kind, debtor: letter.debtor, invoices: letter.invoices, written: written.map(display), recorded: recorded ?? null }, null, 2));
    return 0;
  }
  for (const path of written) out.stdout(display(path));
  if (recorded) out.stdout(`recorded in ${recorded.file}: ${recorded.entry.split("\n")[0]}`);
  return 0;
}
