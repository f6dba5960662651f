/**
 * Diagnostics as LSP sees them: one list per file, each with its code, a link to the code's
 * explanation in docs/language.md, and the engine's data for code actions.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { Diagnostic, SourceFile } from "../../engine";
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
