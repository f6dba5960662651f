/**
 * `dun check`: every diagnostic, one per line (`path:line:col: severity code: message`, which
 * terminals and VS Code problem matchers link), or JSON as LANGUAGE.md §6 defines it.
 * Exit 0 with no errors, 1 with an error diagnostic.
 */
import type { Analysis, Workspace } from "../engine";
import { COMMON_HELP, parseCommon } from "./options";
import { loadAndAnalyze } from "./load";
import type { Output } from "./main";

export const CHECK_HELP = `Usage: dun check [paths…] [options]

Checks every .dun file under the given files and folders (default: the current folder),
skipping node_modules and dot-folders, and prints one line per diagnostic:
  path:line:col: severity code: message

Exit status: 0 with no errors, 1 with an error diagnostic, 2 for a usage or I/O failure.

${COMMON_HELP}`;

/** Diagnostics as §6 prints them: 1-based lines and columns, the end exclusive (as ESLint). */
export function diagnosticRows(analysis: Analysis, workspace: Workspace, display: (path: string) => string) {
  return analysis.diagnostics.map((d) => {
    const lines = workspace.getFile(d.file)!.lines;
    const start = lines.positionAt(d.range.start);
    const end = lines.positionAt(d.range.end);
    return {
      file: display(d.file),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    };
  });
}

export function runCheck(args: string[], cwd: string, out: Output): number {
  const { common } = parseCommon(args);
  if (common.help) {
    out.stdout(CHECK_HELP);
    return 0;
  }
  const { analysis, workspace, fileCount, display } = loadAndAnalyze(common, cwd);
  const rows = diagnosticRows(analysis, workspace, display);
  if (common.format === "json") {
    out.stdout(JSON.stringify({ today: common.today, files: fileCount, diagnostics: rows }, null, 2));
  } else {
    // One line per diagnostic, even where a file name holds a line break.
    for (const row of rows) out.stdout(`${row.file.replace(/\r?\n/g, "\\n")}:${row.line}:${row.column}: ${row.severity} ${row.code}: ${row.message}`);
    const count = (severity: string) => rows.filter((r) => r.severity === severity).length;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    out.stderr(
      `${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${plural(count("info"), "info")} in ${plural(fileCount, "file")} as of ${common.today}`,
    );
  }
  return rows.some((r) => r.severity === "error") ? 1 : 0;
}
