/** TODO(issue 3): being written. */
import type { DefinitionParams, Location, PrepareRenameParams, Range, ReferenceParams, RenameParams, WorkspaceEdit } from "vscode-languageserver";
import type { FeatureContext } from "./context";

export function provideDefinition(_context: FeatureContext, _params: DefinitionParams): Location | null {
  return null;
}
export function provideReferences(_context: FeatureContext, _params: ReferenceParams): Location[] {
  return [];
}
export function prepareRename(_context: FeatureContext, _params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  return null;
}
export function provideRename(_context: FeatureContext, _params: RenameParams): WorkspaceEdit | null {
  return null;
}
