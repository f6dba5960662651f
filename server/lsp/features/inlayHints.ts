/** TODO(issue 3): being written. */
import type { InlayHintParams, InlayHint } from "vscode-languageserver";
import type { FeatureContext } from "./context";

export function provideInlayHints(_context: FeatureContext, _params: InlayHintParams): InlayHint[] {
  return [];
}
