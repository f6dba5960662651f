/**
 * What `dun check` prints (LANGUAGE.md §6): diagnostics as rows with 1-based lines and columns,
 * then the text report or the JSON object. Shared by the single-pass check and the check by
 * parts, which formats each file's rows on the thread that analysed it (`fileText`,
 * `fileJson`) and writes them in path order as they come (`StreamedReport`): the very text the
 * single pass prints.
 */
import type { LineIndex, Position } from "../../grammar";
import type { Code, Diagnostic, Severity, SourceFile } from "../engine";
import { hasControl, printable, Printable, type Output } from "./output";

/** Where the analysed files are found by path: a `Workspace`, or one part's files. */
export interface FileLookup {
  getFile(path: string): SourceFile | undefined;
}

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

/**
 * Diagnostics as §6 prints them, in the analysis' order; each file's shown name worked out once.
 * `cursor`: where a file's rows were placed before, for diagnostics all of that file (one run of
 * a file checked by runs, then the next).
 */
export function diagnosticRows(diagnostics: readonly Diagnostic[], workspace: FileLookup, display: (path: string) => string, cursor?: LineCursor): DiagnosticRow[] {
  const files = new Map<string, { shown: string; lines: LineCursor }>();
  return diagnostics.map((d) => {
    let file = files.get(d.file);
    if (!file) files.set(d.file, (file = { shown: display(d.file), lines: cursor ?? new LineCursor(workspace.getFile(d.file)!.lines) }));
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
 * behind it is searched for as `LineIndex.positionAt` does. The answers are that method's. It
 * only moves forward, so stepping through a file's lines costs at most their number in all.
 */
export class LineCursor {
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
  return new Printable(holdsControl(rows) ? printable(json) : json);
}

/** True when a row's message or file name holds a character `printable` escapes (each file name looked at once: rows come by file). */
function holdsControl(rows: readonly DiagnosticRow[]): boolean {
  let file: string | undefined;
  for (const row of rows) {
    if (hasControl(row.message)) return true;
    if (row.file !== file && hasControl((file = row.file))) return true;
  }
  return false;
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

/** How many diagnostics of each severity: the summary line and the exit status. */
export type SeverityCounts = Record<Severity, number>;

export function countSeverities(rows: DiagnosticRow[], counts: SeverityCounts = { error: 0, warning: 0, info: 0 }): SeverityCounts {
  for (const row of rows) counts[row.severity]++;
  return counts;
}

/** The line `dun check` writes to stderr after a text report. */
export function summaryLine(counts: SeverityCounts, fileCount: number, today: string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${plural(counts.info, "info")} in ${plural(fileCount, "file")} as of ${today}`;
}

// --- one file at a time: the check by parts ------------------------------------------------------

/** One file's lines of the text report (`checkText` of its rows). */
export function fileText(rows: DiagnosticRow[]): string {
  return checkText(rows).text;
}

/**
 * One file's rows as they stand in the JSON's `diagnostics` array: `JSON.stringify` of them two
 * levels down (inside an array inside an array, as the report has them inside its array inside
 * its object), without those two arrays' brackets. Made printable here when a row needs it,
 * which is what `checkJson` does to the whole text (JSON has no other control character but in
 * strings).
 */
export function fileJson(rows: DiagnosticRow[]): string {
  if (rows.length === 0) return "";
  const nested = JSON.stringify([rows], null, 2);
  const text = nested.slice(OPEN_TWO.length, nested.length - CLOSE_TWO.length);
  return holdsControl(rows) ? printable(text) : text;
}

const OPEN_TWO = "[\n  [\n";
const CLOSE_TWO = "\n  ]\n]";

/** About how much text of a streamed report goes out in one write. */
const STREAM_WRITE = 1 << 20;

/**
 * The report of a check by parts, written while the check goes on: each file's piece (its
 * `fileJson` or `fileText`, "" for none) is added in path order as soon as it is known, and goes
 * out in writes of about a megabyte. What it writes, with `end`, is `checkJson` or `checkText`
 * of all the rows, byte for byte (and the line break every `Output` call ends with), so that a
 * report of a hundred megabytes is never held whole.
 */
export class StreamedReport {
  /** What the next write holds, without the line break `Output` adds after it. */
  private batch: string[] = [];
  private size = 0;
  /** The last JSON piece, held back until it is known whether another follows (`,`) or none. */
  private held: string | undefined;

  constructor(
    private readonly out: Output,
    private readonly format: "json" | "text",
    private readonly today: string,
    private readonly fileCount: number,
  ) {}

  add(piece: string): void {
    if (piece === "") return;
    if (this.format === "text") {
      this.push(piece);
      return;
    }
    if (this.held === undefined) this.push(`${this.header()}[`);
    else this.push(`${this.held},`);
    this.held = piece;
  }

  /** Writes the rest: the JSON's end (or the whole of a report with no diagnostic). */
  end(): void {
    if (this.format === "json") this.push(this.held === undefined ? `${this.header()}[]\n}` : `${this.held}\n  ]\n}`);
    this.flush();
  }

  private header(): string {
    return `{\n  "today": ${JSON.stringify(this.today)},\n  "files": ${JSON.stringify(this.fileCount)},\n  "diagnostics": `;
  }

  /** One line of the report's text: `Output` ends each write with a line break, so lines within a write are joined by one. */
  private push(line: string): void {
    if (this.batch.length > 0) this.batch.push("\n");
    this.batch.push(line);
    this.size += line.length;
    if (this.size >= STREAM_WRITE) this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.out.stdout(new Printable(this.batch));
    this.batch = [];
    this.size = 0;
  }
}
