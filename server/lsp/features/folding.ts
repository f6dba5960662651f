/** TODO(issue 3): being written. */
import type { FoldingRange } from "vscode-languageserver";
import type { FeatureContext } from "./context";

export function provideFoldingRanges(_context: FeatureContext): FoldingRange[] {
  return [];
}
