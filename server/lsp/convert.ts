/**
 * Between the engine's offsets and paths and LSP's positions and URIs.
 */
import type { Position, Range as LspRange } from "vscode-languageserver";
import { URI } from "vscode-uri";
import type { Range } from "../../grammar";
import type { SourceFile } from "../engine";

export function toLspRange(file: SourceFile, range: Range): LspRange {
  return { start: file.lines.positionAt(range.start), end: file.lines.positionAt(range.end) };
}

export function toOffset(file: SourceFile, position: Position): number {
  return file.lines.offsetAt(position);
}

/** `file:///a/b.dun` → `/a/b.dun` (forward slashes, as the engine names files). */
export function uriToPath(uri: string): string {
  return URI.parse(uri).fsPath.replace(/\\/g, "/");
}

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}
