/**
 * Diagnostics as LSP sees them: one list per file, each with its code, a link to the code's
 * explanation in docs/language.md, and the engine's data for code actions.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type TextDocumentContentChangeEvent } from "vscode-languageserver";
import type { Diagnostic, SourceFile } from "../../engine";

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** Where each code is explained: the reference shipped beside the server (`docs/language.md#code`). */
export type DocsLink = (code: string) => string;

export function toLspDiagnostic(file: SourceFile, diagnostic: Diagnostic, docs: DocsLink): LspDiagnostic {
  return toLspDiagnostics([diagnostic], lspPositions(file, [diagnostic]), docs)[0]!;
}

/**
 * A file's list as it was sent: the engine's diagnostics (their code, severity, message and
 * data; the incremental analysis moves a diagnostic's `range` in place as text is typed before
 * it, and changes nothing else) and, four numbers each, the positions they were sent at (start
 * line and character, end line and character).
 */
export interface SentDiagnostics {
  list: readonly Diagnostic[];
  positions: Int32Array;
}

/** The LSP positions of a file's diagnostics, four numbers each (see `SentDiagnostics`). */
export function lspPositions(file: SourceFile, list: readonly Diagnostic[]): Int32Array {
  const lines = file.lines;
  const positions = new Int32Array(list.length * 4);
  for (let i = 0; i < list.length; i++) {
    const { start, end } = list[i]!.range;
    const startLine = lines.lineAt(start);
    const endLine = lines.lineAt(end);
    positions[i * 4] = startLine;
    positions[i * 4 + 1] = lines.clamp(start) - lines.lineStart(startLine);
    positions[i * 4 + 2] = endLine;
    positions[i * 4 + 3] = lines.clamp(end) - lines.lineStart(endLine);
  }
  return positions;
}

/**
 * True when sending `list` at `positions` would show the client what it shows already: the
 * same diagnostics at the same lines and characters. An edit on a line without diagnostics
 * (typing in a note of a large ledger) moves every diagnostic after it by offsets, not by
 * position: the file's list, tens of thousands in one large file, need not be sent again.
 */
export function sameAsSent(sent: SentDiagnostics, list: readonly Diagnostic[], positions: Int32Array): boolean {
  if (sent.list.length !== list.length) return false;
  const before = sent.positions;
  for (let i = 0; i < positions.length; i++) if (before[i] !== positions[i]) return false;
  for (let i = 0; i < list.length; i++) {
    const x = sent.list[i]!;
    const y = list[i]!;
    if (x === y) continue;
    if (x.code !== y.code || x.severity !== y.severity || x.message !== y.message) return false;
    if (x.data !== y.data && JSON.stringify(x.data) !== JSON.stringify(y.data)) return false;
  }
  return true;
}

/** The diagnostics as LSP sends them, at their positions (`lspPositions`). */
export function toLspDiagnostics(list: readonly Diagnostic[], positions: Int32Array, docs: DocsLink): LspDiagnostic[] {
  return list.map((diagnostic, i) => ({
    range: {
      start: { line: positions[i * 4]!, character: positions[i * 4 + 1]! },
      end: { line: positions[i * 4 + 2]!, character: positions[i * 4 + 3]! },
    },
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    codeDescription: { href: docs(diagnostic.code) },
    source: "dun",
    message: diagnostic.message,
    data: diagnostic.data,
  }));
}

/** True when a change (with its range) spans lines or writes a line break: the lines after it move. */
export function changesLines(change: Extract<TextDocumentContentChangeEvent, { range: unknown }>): boolean {
  return change.range.start.line !== change.range.end.line || /[\r\n]/.test(change.text);
}

/** True when one of the sent diagnostics starts, ends or spans the line `line`. */
export function onSentLine(sent: SentDiagnostics, line: number): boolean {
  const positions = sent.positions;
  for (let i = 0; i < positions.length; i += 4) if (positions[i]! <= line && line <= positions[i + 2]!) return true;
  return false;
}
