/** TODO(issue 3): being written. */
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver";
import type { FeatureContext } from "./context";

export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [], tokenModifiers: [] };

export function provideSemanticTokens(_context: FeatureContext): SemanticTokens {
  return { data: [] };
}
