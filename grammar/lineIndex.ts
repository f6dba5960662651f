/**
 * Offsets ↔ lines and columns. The tree keeps offsets only (cheaper to lex); this turns them
 * into 0-based line/character positions (UTF-16 code units, as LSP counts) when needed.
 */
export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly lineStarts: number[];

  /** `lineStarts`: the offsets where the text's lines start, when known (`afterEdit`); else found. */
  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    this.lineStarts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /**
   * The lines of `text`, made from `before`'s where the old text's `[from, oldTo)` became
   * `text`'s `[from, oldTo + delta)`: the lines starting up to `from` stay, the new text's line
   * breaks inside the edit are found, and the lines that started after `oldTo` move by `delta`.
   * The same as `new LineIndex(text)`, without reading a large text's every character again.
   */
  static afterEdit(before: LineIndex, text: string, from: number, oldTo: number, delta: number): LineIndex {
    const old = before.lineStarts;
    // A line starting at `start` follows the break at `start - 1`: it stays where that break is before the edit.
    const kept = firstAfter(old, from);
    const starts = old.slice(0, kept);
    const end = oldTo + delta;
    for (let i = text.indexOf("\n", from); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    for (let k = firstAfter(old, oldTo); k < old.length; k++) starts.push(old[k]! + delta);
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The 0-based position of an offset (clamped to the text). */
  positionAt(offset: number): Position {
    const clamped = this.clamp(offset);
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.lineStarts[line]! };
  }

  /** The offset clamped to the text: what `positionAt` and `lineAt` place. */
  clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }

  /** The 0-based line of an offset (clamped to the text): `positionAt(offset).line`, with no object made. */
  lineAt(offset: number): number {
    const clamped = this.clamp(offset);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The offset of a 0-based position (clamped to its line). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1]! - 1 : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  /** Offset where a 0-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))]!;
  }
}

/** The index of the first of these ascending offsets greater than `offset` (their length where none is). */
function firstAfter(offsets: readonly number[], offset: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid]! <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}
