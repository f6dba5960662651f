/** TODO(issue 3): being written. */
import type { Hover, HoverParams } from "vscode-languageserver";
import type { FeatureContext } from "./context";

export function provideHover(_context: FeatureContext, _params: HoverParams): Hover | null {
  return null;
}
