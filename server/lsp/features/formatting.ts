/** TODO(issue 3): being written. */
import type { FormattingOptions, Range, TextEdit } from "vscode-languageserver";
import type { FeatureContext } from "./context";

export function provideFormatting(_context: FeatureContext, _options: FormattingOptions, _range?: Range): TextEdit[] {
  return [];
}
