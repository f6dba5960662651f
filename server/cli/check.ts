/**
 * `dun check`: every diagnostic, one per line (`path:line:col: severity code: message`, which
 * terminals and VS Code problem matchers link), or JSON as LANGUAGE.md §6 defines it.
 * Exit 0 with no errors, 1 with an error diagnostic.
 */
import type { LineIndex, Position } from "../../grammar";
import type { Analysis, Code, Severity, Workspace } from "../engine";
import { COMMON_HELP, parseCommon } from "./options";
import { loadAndAnalyze } from "./load";
import { hasControl, printable, Printable, type Output } from "./output";

export const CHECK_HELP = `Usage: dun check [paths…] [options]

Checks every .dun file under the given files and folders (default: the current folder),
skipping node_modules and dot-folders, and prints one line per diagnostic:
  path:line:col: severity code: message

Exit status: 0 with no errors, 1 with an error diagnostic, 2 for a usage or I/O failure.

${COMMON_HELP}`;

/** One diagnostic as §6 prints it: 1-based lines and columns, the end exclusive (as ESLint). */
export interface DiagnosticRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: Code;
  message: string;
}

/** Diagnostics as §6 prints them, in the analysis' order; each file's shown name worked out once. */
export function diagnosticRows(analysis: Analysis, workspace: Workspace, display: (path: string) => string): DiagnosticRow[] {
  const files = new Map<string, { shown: string; lines: LineCursor }>();
  return analysis.diagnostics.map((d) => {
    let file = files.get(d.file);
    if (!file) files.set(d.file, (file = { shown: display(d.file), lines: new LineCursor(workspace.getFile(d.file)!.lines) }));
    const start = file.lines.positionAt(d.range.start);
    const end = file.lines.peek(d.range.end);
    return {
      file: file.shown,
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

/**
 * Positions of a file's offsets asked for in growing order (diagnostics are sorted by range):
 * a cursor steps forward through the lines instead of searching them each time, and an offset
 * behind it is searched for as `LineIndex.positionAt` does. The answers are that method's.
 */
class LineCursor {
  private line = 0;
  private start = 0;
  private next: number;

  constructor(private readonly lines: LineIndex) {
    this.next = this.lineStart(1);
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.lines.text.length));
    if (clamped < this.start) return this.lines.positionAt(offset);
    while (clamped >= this.next) {
      this.line++;
      this.start = this.next;
      this.next = this.lineStart(this.line + 1);
    }
    return { line: this.line, character: clamped - this.start };
  }

  /** The position of an offset without moving the cursor: a range's end, mostly on its start's line. */
  peek(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.lines.text.length));
    if (clamped >= this.start && clamped < this.next) return { line: this.line, character: clamped - this.start };
    return this.lines.positionAt(offset);
  }

  /** Where a line starts; past the last line, never. */
  private lineStart(line: number): number {
    return line < this.lines.lineCount ? this.lines.lineStart(line) : Infinity;
  }
}

/**
 * `--format json`: the §6 object, printable. JSON escapes control characters below U+0020
 * itself; the C1 ones (U+007F–U+009F) are escaped after, as every output is, but only when a
 * message or file name holds one: the megabytes of JSON are not scanned again.
 */
export function checkJson(today: string, fileCount: number, rows: DiagnosticRow[]): Printable {
  const json = JSON.stringify({ today, files: fileCount, diagnostics: rows }, null, 2);
  const shownFiles = new Set<string>();
  let escape = false;
  for (const row of rows) {
    if (hasControl(row.message)) escape = true;
    else if (!shownFiles.has(row.file)) {
      shownFiles.add(row.file);
      if (hasControl(row.file)) escape = true;
    }
    if (escape) break;
  }
  return new Printable(escape ? printable(json) : json);
}

/**
 * The text report: one `path:line:col: severity code: message` line per diagnostic (even where
 * a file name holds a line break), each message and file name made printable once.
 */
export function checkText(rows: DiagnosticRow[]): Printable {
  const shownFiles = new Map<string, string>();
  const lines = rows.map((row) => {
    let file = shownFiles.get(row.file);
    if (file === undefined) shownFiles.set(row.file, (file = printable(row.file.replace(/\r?\n/g, "\\n"))));
    return `${file}:${row.line}:${row.column}: ${row.severity} ${row.code}: ${printable(row.message)}`;
  });
  return new Printable(lines.join("\n"));
}

export function runCheck(args: string[], cwd: string, out: Output): number {
  const { common } = parseCommon(args);
  if (common.help) {
    out.stdout(CHECK_HELP);
    return 0;
  }
  const { analysis, workspace, fileCount, display } = loadAndAnalyze(common, cwd);
  const rows = diagnosticRows(analysis, workspace, display);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const row of rows) counts[row.severity]++;
  if (common.format === "json") {
    out.stdout(checkJson(common.today, fileCount, rows));
  } else {
    if (rows.length > 0) out.stdout(checkText(rows));
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    out.stderr(
      `${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${plural(counts.info, "info")} in ${plural(fileCount, "file")} as of ${common.today}`,
    );
  }
  return counts.error > 0 ? 1 : 0;
}
