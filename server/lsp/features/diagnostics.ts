/**
 * Diagnostics as LSP sees them: one list per file, each with its code, a link to the code's
 * explanation in docs/language.md, and the engine's data for code actions.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { Analysis, Diagnostic, SourceFile } from "../../engine";
import { toLspRange } from "../convert";

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** Where each code is explained: the reference shipped beside the server (`docs/language.md#code`). */
export type DocsLink = (code: string) => string;

export function toLspDiagnostic(file: SourceFile, diagnostic: Diagnostic, docs: DocsLink): LspDiagnostic {
  return {
    range: toLspRange(file, diagnostic.range),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    codeDescription: { href: docs(diagnostic.code) },
    source: "dun",
    message: diagnostic.message,
    data: diagnostic.data,
  };
}

/** Every file's diagnostics (an empty list for files with none), by path. */
export function diagnosticsByFile(analysis: Analysis, files: SourceFile[], docs: DocsLink): Map<string, LspDiagnostic[]> {
  const byFile = new Map<string, LspDiagnostic[]>();
  const filesByPath = new Map(files.map((file) => [file.path, file]));
  for (const file of files) byFile.set(file.path, []);
  for (const diagnostic of analysis.diagnostics) {
    const file = filesByPath.get(diagnostic.file);
    if (file) byFile.get(file.path)!.push(toLspDiagnostic(file, diagnostic, docs));
  }
  return byFile;
}
