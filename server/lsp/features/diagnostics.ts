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

/** Equal lists of the engine's diagnostics (in one file whose text did not change: equal offsets, equal positions). */
export function sameDiagnostics(a: Diagnostic[], b: Diagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.range.start !== y.range.start || x.range.end !== y.range.end || x.code !== y.code || x.severity !== y.severity || x.message !== y.message) return false;
    if (x.data !== y.data && JSON.stringify(x.data) !== JSON.stringify(y.data)) return false;
  }
  return true;
}
