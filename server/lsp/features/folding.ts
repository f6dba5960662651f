/**
 * Folding: an entry folds to its header line, so a long case reads as its list of events;
 * a block of comment lines (three or more in a row) folds too.
 */
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import type { FeatureContext } from "./context";

/** Comment-only lines in a row needed before they fold: two lines are not worth a fold. */
const MIN_COMMENT_BLOCK = 3;

/**
 * One region per entry with property lines (header line to last property line), broken
 * entries included, and one comment fold per run of comment-only lines.
 */
export function provideFoldingRanges(context: FeatureContext): FoldingRange[] {
  const { tree, lines, text } = context.file;
  const ranges: FoldingRange[] = [];
  for (const entry of tree.entries) {
    const startLine = lines.positionAt(entry.start).line;
    const endLine = lines.positionAt(entry.end).line;
    if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Region });
  }
  let runStart = -1;
  let runEnd = -1;
  const closeRun = () => {
    if (runStart >= 0 && runEnd - runStart + 1 >= MIN_COMMENT_BLOCK) ranges.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
  };
  for (const comment of tree.comments) {
    const position = lines.positionAt(comment.start);
    const before = text.slice(lines.lineStart(position.line), comment.start);
    if (before.trim() !== "") continue; // a comment after an entry's words (trim also drops a BOM)
    if (position.line !== runEnd + 1 || runStart < 0) {
      closeRun();
      runStart = position.line;
    }
    runEnd = position.line;
  }
  closeRun();
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
