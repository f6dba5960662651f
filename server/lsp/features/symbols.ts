/** TODO(issue 3): being written. */
import type { DocumentSymbol, SymbolInformation } from "vscode-languageserver";
import type { Analysis } from "../../engine";
import type { Session } from "../session";
import type { FeatureContext } from "./context";

export function provideDocumentSymbols(_context: FeatureContext): DocumentSymbol[] {
  return [];
}
export function provideWorkspaceSymbols(_session: Session, _analysis: Analysis, _query: string): SymbolInformation[] {
  return [];
}
