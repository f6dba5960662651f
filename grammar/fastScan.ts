/**
 * The line reader of the fast path (`fastParse.ts`): it cuts one line of the text into its
 * tokens with `charCodeAt` and `indexOf`, and tells each token's kind, exactly as the
 * chevrotain lexer (`tokens.ts`) would. No token objects: a line's tokens are three typed
 * arrays (kind, start, end), reused from line to line within one parse; comments are
 * recorded as the lexer's `comments` group records them.
 *
 * It declines (throws `DECLINE`) wherever the lexer would produce a token the parser
 * rejects: a word that is not exactly one date, number or id (the lexer's `Garbage`), an
 * unterminated string. Declining is always safe; reading a word differently from the lexer
 * is a bug, so every rule below cites the pattern it mirrors.
 */
import type { Comment } from "./ast";
import { KEYWORDS } from "./keywords";

/** Thrown by the fast path, caught by `fastParseDun`: "let chevrotain parse this text". */
export const DECLINE: unique symbol = Symbol("decline");

// The kinds of token. A word is an id, a keyword or a currency: the lexer's `Id` category.
export const END = 0;
export const WORD = 1;
export const DATE = 2;
export const AMOUNT = 3;
export const PERCENT = 4;
export const DAYS = 5;
export const TEXT = 6;
/** A string with a backslash escape in it. */
export const ESCAPED_TEXT = 7;

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const QUOTE = 34;
const SEMICOLON = 59;
const BACKSLASH = 92;
const MINUS = 45;
const COMMA = 44;
const POINT = 46;
const PERCENT_SIGN = 37;
const SMALL_D = 100;
const BYTE_ORDER_MARK = 0xfeff;

/** Indices of the keywords by a hash of length, first and last character: a word's keyword found without slicing it. */
const KEYWORD_BUCKETS = 256;
function keywordHash(length: number, first: number, last: number): number {
  return (length * 37 + first * 11 + last) & (KEYWORD_BUCKETS - 1);
}
const keywordBuckets: number[][] = Array.from({ length: KEYWORD_BUCKETS }, () => []);
KEYWORDS.forEach((word, index) => keywordBuckets[keywordHash(word.length, word.charCodeAt(0), word.charCodeAt(word.length - 1))]!.push(index));

/**
 * The token buffers every scanner starts with: a file is scanned start to end without a
 * pause, one at a time, so one set serves them all (three new typed arrays per file took
 * ~13 ms of the ~600 that indexing 10,000 small files takes). Grown, they stay grown.
 */
let scratch = { kinds: new Uint8Array(32), starts: new Int32Array(32), ends: new Int32Array(32) };

export class LineScanner {
  protected readonly length: number;
  readonly comments: Comment[] = [];
  /** Offset of the line feed that ends the current line (the text's length on the last line). */
  protected lineEnd = 0;
  /** Offsets of the next carriage return and backslash at or after where they were last asked for. */
  private nextCR = -1;
  private nextBackslash = -1;
  /** The current line's tokens: kind, start and end offsets; `kinds[count]` is END. */
  protected kinds = scratch.kinds;
  protected starts = scratch.starts;
  protected ends = scratch.ends;
  protected count = 0;
  /** The current token's index. */
  protected t = 0;

  /**
   * `marks`: where the text's carriage returns and backslashes are (`marksOf`), for a text read
   * in regions, here and there and again: the next one is looked up, not searched for (a search
   * from a region to the end of a text without one reads it all).
   */
  constructor(
    protected readonly text: string,
    private readonly marks?: Marks,
  ) {
    this.length = text.length;
  }

  /**
   * Reads the line that starts at `start` into `kinds`, `starts` and `ends`, and makes its
   * first token the current one. Skips spaces, tabs and carriage returns (the lexer's
   * `WhiteSpace`), byte-order marks where a token could start (`ByteOrderMark`; inside a
   * word one is part of `Garbage`) and comments (recorded).
   */
  protected scanLine(start: number): void {
    const text = this.text;
    const found = text.indexOf("\n", start);
    const lineEnd = (this.lineEnd = found < 0 ? this.length : found);
    let count = 0;
    let p = start;
    for (;;) {
      let c = 0;
      while (p < lineEnd) {
        c = text.charCodeAt(p);
        if (c !== SPACE && c !== TAB && c !== CR && c !== BYTE_ORDER_MARK) break;
        p++;
      }
      if (p >= lineEnd) break;
      let end = p + 1;
      let kind: number;
      if (c === SEMICOLON) {
        // `;[^\r\n]*`
        const cr = this.crFrom(p);
        end = cr < lineEnd ? cr : lineEnd;
        this.comments.push({ start: p, end, text: text.slice(p, end) });
        p = end;
        continue;
      } else if (c === QUOTE) {
        end = this.textEnd(p);
        kind = end < 0 ? ESCAPED_TEXT : TEXT;
        if (end < 0) end = -end;
      } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
        // Keywords, `Currency` and `Id` all fall back on `Id`, then `Garbage`: the whole word must be an id.
        while (end < lineEnd && isIdPart(text.charCodeAt(end))) end++;
        if (end < lineEnd && !endsWord(text.charCodeAt(end))) throw DECLINE;
        kind = WORD;
      } else {
        // The longest run the lexer's `Garbage` would take, `[^ \t\r\n;"]*`.
        while (end < lineEnd && !endsWord(text.charCodeAt(end))) end++;
        kind = classifyNumber(text, c, p, end);
      }
      if (count + 1 >= this.kinds.length) this.grow();
      this.kinds[count] = kind;
      this.starts[count] = p;
      this.ends[count] = end;
      count++;
      p = end;
    }
    this.kinds[count] = END;
    this.count = count;
    this.t = 0;
  }

  private grow(): void {
    const kinds = new Uint8Array(this.kinds.length * 2);
    const starts = new Int32Array(this.kinds.length * 2);
    const ends = new Int32Array(this.kinds.length * 2);
    kinds.set(this.kinds);
    starts.set(this.starts);
    ends.set(this.ends);
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
    scratch = { kinds, starts, ends };
  }

  /** The next carriage return at or after `p` (the text's length where none). */
  private crFrom(p: number): number {
    if (this.marks) return nextMark(this.marks.cr, p, this.length);
    if (this.nextCR < p) {
      const cr = this.text.indexOf("\r", p);
      this.nextCR = cr < 0 ? this.length : cr;
    }
    return this.nextCR;
  }

  /**
   * The end of the string that starts at `start`, negated when it holds an escape:
   * `"(?:[^"\\\r\n]|\\.)*"`. Anything else after a quote is the lexer's `UnterminatedString`.
   */
  private textEnd(start: number): number {
    const text = this.text;
    const lineEnd = this.lineEnd;
    const close = text.indexOf('"', start + 1);
    if (close < 0 || close > lineEnd || this.crFrom(start) < close) throw DECLINE;
    if (this.marks) this.nextBackslash = nextMark(this.marks.backslash, start + 1, this.length);
    else if (this.nextBackslash <= start) {
      const backslash = text.indexOf("\\", start + 1);
      this.nextBackslash = backslash < 0 ? this.length : backslash;
    }
    if (this.nextBackslash > close) return close + 1;
    // `\\"` does not close the string, and `.` takes any character but a line terminator.
    let p = start + 1;
    for (;;) {
      if (p >= lineEnd) throw DECLINE;
      const c = text.charCodeAt(p);
      if (c === QUOTE) return -(p + 1);
      if (c === CR) throw DECLINE;
      if (c === BACKSLASH) {
        const next = p + 1 < lineEnd ? text.charCodeAt(p + 1) : LF;
        if (next === LF || next === CR || next === 0x2028 || next === 0x2029) throw DECLINE;
        p += 2;
      } else {
        p++;
      }
    }
  }

  // --- the current token ---------------------------------------------------------------------

  protected get tok(): number {
    return this.kinds[this.t]!;
  }

  protected get tokStart(): number {
    return this.starts[this.t]!;
  }

  protected get tokEnd(): number {
    return this.ends[this.t]!;
  }

  /** The end of the line's last token. */
  protected get lastEnd(): number {
    return this.ends[this.count - 1]!;
  }

  /** The index in `KEYWORDS` of the keyword the current word is, or -1. */
  protected keywordIndex(): number {
    if (this.tok !== WORD) return -1;
    const text = this.text;
    const start = this.tokStart;
    const end = this.tokEnd;
    const length = end - start;
    const bucket = keywordBuckets[keywordHash(length, text.charCodeAt(start), text.charCodeAt(end - 1))]!;
    for (let k = 0; k < bucket.length; k++) {
      const index = bucket[k]!;
      const word = KEYWORDS[index]!;
      if (word.length !== length) continue;
      let i = 0;
      while (i < length && text.charCodeAt(start + i) === word.charCodeAt(i)) i++;
      if (i === length) return index;
    }
    return -1;
  }

  /** True when the current token is the word `word` (the lexer's keyword token for it). */
  protected isWord(word: string): boolean {
    return this.tok === WORD && this.tokEnd - this.tokStart === word.length && this.text.startsWith(word, this.tokStart);
  }

  /** True when the current token is three capitals: the lexer's `Currency`. */
  protected isCurrency(): boolean {
    const start = this.tokStart;
    if (this.tok !== WORD || this.tokEnd - start !== 3) return false;
    const text = this.text;
    return isCapital(text.charCodeAt(start)) && isCapital(text.charCodeAt(start + 1)) && isCapital(text.charCodeAt(start + 2));
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** `[A-Za-z0-9_\-./]`: the characters after the first of an `Id`. */
function isIdPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 45 && c <= 57) || c === 95; // 45-57: `-./0-9`
}

/** The characters that end a word: `[ \t\r\n;"]`. */
function endsWord(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF || c === SEMICOLON || c === QUOTE;
}

/**
 * What the lexer makes of the word `[start, end)` whose first character, `first`, cannot
 * start an id; declines when it would make `Garbage` (or more than one token).
 *
 * The lexer tries, in order: `DateLiteral`, `Percent`, `Days`, `Amount` (then the keywords,
 * `Currency` and `Id`, which start with a letter), each with `Garbage` (which takes the whole
 * word) as the longer alternative; so a word is one good token only when the first pattern
 * that matches it matches all of it.
 */
function classifyNumber(text: string, first: number, start: number, end: number): number {
  if (!isDigit(first) && first !== MINUS) throw DECLINE;
  // `\d{4}-\d{2}-\d{2}` matching at the start takes the word, or leaves the rest to `Garbage`.
  if (end - start >= 10 && isDateShape(text, start)) {
    if (end - start === 10) return DATE;
    throw DECLINE;
  }
  const negative = first === MINUS;
  const digitsStart = negative ? start + 1 : start;
  let p = digitsStart;
  while (p < end && isDigit(text.charCodeAt(p))) p++;
  if (p === digitsStart) throw DECLINE;
  if (p === end) return AMOUNT; // `-?\d+`
  let c = text.charCodeAt(p);
  let grouped = false;
  if (c === SMALL_D && !negative && p + 1 === end) return DAYS; // `\d+d`
  if (c === PERCENT_SIGN && p + 1 === end) return PERCENT; // `-?\d+%`
  if (c === COMMA) {
    // `\d{1,3}(?:,\d{3})+`
    if (p - digitsStart > 3) throw DECLINE;
    grouped = true;
    while (c === COMMA) {
      if (p + 4 > end) throw DECLINE;
      for (let k = p + 1; k < p + 4; k++) if (!isDigit(text.charCodeAt(k))) throw DECLINE;
      p += 4;
      if (p === end) return AMOUNT;
      c = text.charCodeAt(p);
    }
  }
  if (c !== POINT) throw DECLINE;
  // `(?:\.\d+)?`, then the end of an amount or a `%` for a percentage without grouping.
  const fractionStart = ++p;
  while (p < end && isDigit(text.charCodeAt(p))) p++;
  if (p === fractionStart) throw DECLINE;
  if (p === end) return AMOUNT;
  if (text.charCodeAt(p) === PERCENT_SIGN && p + 1 === end && !grouped) return PERCENT;
  throw DECLINE;
}

function isDateShape(text: string, s: number): boolean {
  return (
    isDigit(text.charCodeAt(s)) &&
    isDigit(text.charCodeAt(s + 1)) &&
    isDigit(text.charCodeAt(s + 2)) &&
    isDigit(text.charCodeAt(s + 3)) &&
    text.charCodeAt(s + 4) === MINUS &&
    isDigit(text.charCodeAt(s + 5)) &&
    isDigit(text.charCodeAt(s + 6)) &&
    text.charCodeAt(s + 7) === MINUS &&
    isDigit(text.charCodeAt(s + 8)) &&
    isDigit(text.charCodeAt(s + 9))
  );
}

/** The offsets of a text's carriage returns and backslashes, in order. */
export interface Marks {
  cr: number[];
  backslash: number[];
}

export function marksOf(text: string): Marks {
  const find = (char: string) => {
    const found: number[] = [];
    for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) found.push(at);
    return found;
  };
  return { cr: find("\r"), backslash: find("\\") };
}

/** The first mark at or after `p`, else `none`. */
function nextMark(marks: readonly number[], p: number, none: number): number {
  let low = 0;
  let high = marks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (marks[mid]! < p) low = mid + 1;
    else high = mid;
  }
  return low < marks.length ? marks[low]! : none;
}
