/**
 * `dun status` of many files, by parts, as `dun check` goes (./checkParts.ts, without its worker
 * and its runs): every file is read and parsed for its facts, and its tree dropped; the parts are
 * found; then each group of parts is parsed again, analysed with the context, and only each
 * invoice's status line kept (plain data: no model, no tree). The lines, put back in the order of
 * the invoices in the files, are those of one analysis of the whole workspace, so the report is
 * the same, byte for byte (test/unit/statusParts.test.ts); the whole ledger is never held.
 */
import { parseDun } from "../../../grammar";
import { buildLedger } from "../../engine/ledgerBuilder";
import { analyzeParts, contextFileOf, readFacts, suggestionIds } from "../../engine/parts";
import { Reporter } from "../../engine/reporter";
import { statusLine, type StatusLine } from "../../engine/status";
import { LineIndex } from "../../../grammar/lineIndex";
import type { SourceFile } from "../../engine";
import { readDunFile } from "../../node/disk";
import { exposeGc } from "../../node/gc";
import { analysisOptions, checkPolicy, displayFrom, type Found } from "../load";
import type { CommonOptions } from "../options";
import { partition } from "./partition";

/** Every invoice's status line, in the order of the invoices in the files (path, then place). */
export function statusLinesByParts(common: CommonOptions, cwd: string, found: Found, groupSize?: number): StatusLine[] {
  const display = displayFrom(cwd);
  const paths = found.paths;
  const texts = paths.map((path) => readDunFile(path, display(path)));
  const facts = texts.map((text) => readFacts(parseDun(text)));
  const data = partition(paths, facts, texts.map((text) => text.length), groupSize);
  // The first pass's trees are garbage now (as in `dun check` by parts).
  exposeGc()?.();
  const source = (index: number): SourceFile => {
    const text = texts[index]!;
    return { path: paths[index]!, text, tree: parseDun(text), lines: new LineIndex(text) };
  };
  const contextIds = new Set(data.contextIds);
  const context = data.contextFiles.map((index) => contextFileOf(source(index), contextIds));
  const options = { ...analysisOptions(common, found.root, found.listings), suggestionIds: suggestionIds(() => data.firstDefinitions) };
  // Policies are context: the context files alone hold every one the whole ledger would.
  checkPolicy(common.policy, buildLedger(context, options, new Reporter()).policies);
  const fileIndex = new Map(paths.map((path, index) => [path, index]));
  const lines: { file: number; start: number; line: StatusLine }[] = [];
  for (const group of data.groups) {
    const analysis = analyzeParts(group.map(source), context, options);
    for (const report of analysis.reports.values()) {
      lines.push({ file: fileIndex.get(report.invoice.file)!, start: report.invoice.entry.start, line: statusLine(report, common.today) });
    }
  }
  return lines.sort((a, b) => a.file - b.file || a.start - b.start).map(({ line }) => line);
}
