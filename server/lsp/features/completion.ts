/** TODO(issue 3): being written. */
import type { CompletionParams, CompletionItem } from "vscode-languageserver";
import type { FeatureContext } from "./context";

export function provideCompletion(_context: FeatureContext, _params: CompletionParams): CompletionItem[] {
  return [];
}
