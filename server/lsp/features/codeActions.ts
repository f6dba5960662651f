/** TODO(issue 3): being written. */
import type { CodeActionParams, CodeAction } from "vscode-languageserver";
import type { FeatureContext } from "./context";

export function provideCodeActions(_context: FeatureContext, _params: CodeActionParams): CodeAction[] {
  return [];
}
