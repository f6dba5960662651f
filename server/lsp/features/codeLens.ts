/** TODO(issue 3): being written. */
import type { CodeLens } from "vscode-languageserver";
import type { FeatureContext } from "./context";

export function provideCodeLenses(_context: FeatureContext): CodeLens[] {
  return [];
}
