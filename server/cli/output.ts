/**
 * How the commands write: a report goes out in one write, and control characters from ledgers
 * and file names never reach the terminal.
 */

/** Where a command writes; the CLI's is process.stdout and process.stderr, one line per call. */
export interface Output {
  /** Writes a line (or several, joined by `\n`), with control characters escaped by `printable`. */
  stdout(line: string | Printable): void;
  stderr(line: string | Printable): void;
}

/**
 * Text already made printable, written as is: a whole report built from parts that were
 * escaped one by one, so that a report of megabytes is not scanned again. It may be held in
 * pieces, written one after the other (`writeText`), so that such a report need never be one
 * string, nor one buffer of bytes, as well as its pieces.
 */
export class Printable {
  readonly pieces: readonly string[];

  constructor(text: string | readonly string[]) {
    this.pieces = typeof text === "string" ? [text] : text;
  }

  get text(): string {
    return this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join("");
  }
}

/** Control characters other than tab and line break. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const CONTROLS = new RegExp(CONTROL.source, "g");

/** True when `printable` would change the text. */
export function hasControl(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * Control characters other than tab and line break, written as `\u001b`: text from ledgers and
 * file names (an escape sequence in a quoted string, a carriage return in a file name) must
 * not drive the terminal. JSON stays valid and means the same (`\u007f` is JSON's own escape).
 */
export function printable(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}

/** The text an `Output` call writes, without its line break. */
export function outputText(line: string | Printable): string {
  return typeof line === "string" ? printable(line) : line.text;
}

/** About how much text one write of `writeText` holds. */
const WRITE_SIZE = 1 << 20;

/**
 * Writes what an `Output` call writes, and its line break: small pieces together, in writes of
 * about a megabyte, and a larger one alone, never copied into a larger string.
 */
export function writeText(write: (text: string) => void, line: string | Printable): void {
  if (typeof line === "string") {
    write(`${printable(line)}\n`);
    return;
  }
  let batch: string[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length > 0) write(batch.join(""));
    batch = [];
    size = 0;
  };
  for (const piece of line.pieces) {
    if (piece.length >= WRITE_SIZE) {
      flush();
      write(piece);
      continue;
    }
    batch.push(piece);
    size += piece.length;
    if (size >= WRITE_SIZE) flush();
  }
  batch.push("\n");
  flush();
}
