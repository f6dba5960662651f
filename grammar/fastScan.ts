/**
 * The scanner of the fast path (`fastParse.ts`): it reads one line's tokens straight from
 * the text with `charCodeAt`, cut and classified exactly as the chevrotain lexer
 * (`tokens.ts`) would, and builds the value nodes of `ast.ts` from them. No token objects:
 * the current token is four fields of the scanner, and strings are sliced only where the
 * tree keeps them.
 *
 * It declines (throws `DECLINE`) wherever the lexer would produce a token the parser
 * rejects: a word that is not exactly one date, number or id (the lexer's `Garbage`), an
 * unterminated string. Declining is always safe; reading a word
 * differently from the lexer is a bug, so every rule below cites the pattern it mirrors.
 */
import type { AmountNode, Comment, DateNode, DaysNode, DecimalValue, IdNode, KeywordNode, MoneyNode, PercentNode, StringNode } from "./ast";
import { KEYWORDS } from "./tokens";
import { daysInMonth, parseDays, unquote } from "./values";

/** Thrown by the scanner and parser of the fast path, caught by `fastParseDun`: "let chevrotain do it". */
export const DECLINE: unique symbol = Symbol("decline");

// What the current token is. A word is an id, a keyword or a currency: the lexer's `Id` category.
export const END = 0;
export const WORD = 1;
export const DATE = 2;
export const AMOUNT = 3;
export const PERCENT = 4;
export const DAYS = 5;
export const TEXT = 6;

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

/** Keywords by length, to tell a word's keyword without slicing it. */
const keywordsByLength: string[][] = [];
for (const word of KEYWORDS) (keywordsByLength[word.length] ??= []).push(word);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `[A-Za-z0-9_\-./]`: the characters after the first of an `Id`. */
function isIdPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 45 && c <= 57) || c === 95; // 45-57: `-./0-9`
}

export class LineScanner {
  /** Where scanning resumes: just after the current token. */
  protected pos = 0;
  /** The current token: its kind (END at a line break or the end of the text) and offsets. */
  protected tok = END;
  protected tokStart = 0;
  protected tokEnd = 0;
  /** For a TEXT token: true when it holds a backslash escape. */
  private tokEscaped = false;
  /** End offset of the last token consumed on this line. */
  protected lastEnd = 0;
  protected readonly length: number;
  readonly comments: Comment[] = [];

  constructor(protected readonly text: string) {
    this.length = text.length;
  }

  /**
   * Moves to the next token of the line: skips spaces, tabs and carriage returns (the
   * lexer's `WhiteSpace`), byte-order marks and comments (recorded), stops at a line feed
   * (END).
   */
  protected advance(): void {
    const text = this.text;
    const length = this.length;
    let p = this.pos;
    let c = 0;
    for (;;) {
      if (p >= length) {
        this.tok = END;
        this.tokStart = this.tokEnd = this.pos = length;
        return;
      }
      c = text.charCodeAt(p);
      if (c === SPACE || c === TAB || c === CR || c === BYTE_ORDER_MARK) {
        // A byte-order mark where a token could start is the lexer's `ByteOrderMark`, skipped
        // like white space; inside a word it is part of `Garbage`.
        p++;
      } else if (c === SEMICOLON) {
        // `;[^\r\n]*`
        let end = p + 1;
        while (end < length) {
          const d = text.charCodeAt(end);
          if (d === LF || d === CR) break;
          end++;
        }
        this.comments.push({ range: { start: p, end }, text: text.slice(p, end) });
        p = end;
      } else {
        break;
      }
    }
    this.tokStart = p;
    if (c === LF) {
      this.tok = END;
      this.tokEnd = this.pos = p;
      return;
    }
    if (c === QUOTE) {
      this.scanText(p);
      return;
    }
    // A word: the longest run the lexer's `Garbage` would take, `[^ \t\r\n;"]*`.
    let end = p + 1;
    while (end < length) {
      const d = text.charCodeAt(end);
      if (d === SPACE || d === TAB || d === CR || d === LF || d === SEMICOLON || d === QUOTE) break;
      end++;
    }
    this.tokEnd = this.pos = end;
    this.tok = classifyWord(text, c, p, end);
  }

  /** `"(?:[^"\\\r\n]|\\.)*"`; anything else after a quote is the lexer's `UnterminatedString`. */
  private scanText(start: number): void {
    const text = this.text;
    const length = this.length;
    let escaped = false;
    let p = start + 1;
    for (;;) {
      if (p >= length) throw DECLINE;
      const c = text.charCodeAt(p);
      if (c === QUOTE) break;
      if (c === LF || c === CR) throw DECLINE;
      if (c === BACKSLASH) {
        // `\\.`: `.` takes any character but a line terminator.
        const next = p + 1 < length ? text.charCodeAt(p + 1) : LF;
        if (next === LF || next === CR || next === 0x2028 || next === 0x2029) throw DECLINE;
        escaped = true;
        p += 2;
      } else {
        p++;
      }
    }
    this.tok = TEXT;
    this.tokEnd = this.pos = p + 1;
    this.tokEscaped = escaped;
  }

  /** Declines unless the current token is of this kind. */
  protected expect(kind: number): void {
    if (this.tok !== kind) throw DECLINE;
  }

  /** Consumes the current token. */
  protected consume(): void {
    this.lastEnd = this.tokEnd;
    this.advance();
  }

  /** The keyword the current word is (an interned constant), or undefined. */
  protected keyword(): string | undefined {
    if (this.tok !== WORD) return undefined;
    const candidates = keywordsByLength[this.tokEnd - this.tokStart];
    if (!candidates) return undefined;
    for (const word of candidates) if (this.text.startsWith(word, this.tokStart)) return word;
    return undefined;
  }

  /** True when the current token is the word `word` (the lexer's keyword token for it). */
  protected isWord(word: string): boolean {
    return this.tok === WORD && this.tokEnd - this.tokStart === word.length && this.text.startsWith(word, this.tokStart);
  }

  /** True when the current token is three capitals: the lexer's `Currency`. */
  protected isCurrency(): boolean {
    if (this.tok !== WORD || this.tokEnd - this.tokStart !== 3) return false;
    const text = this.text;
    const s = this.tokStart;
    return isCapital(text.charCodeAt(s)) && isCapital(text.charCodeAt(s + 1)) && isCapital(text.charCodeAt(s + 2));
  }

  // --- value nodes: each consumes the current token ---------------------------------------

  protected keywordNode(word: string): KeywordNode {
    const node = { range: { start: this.tokStart, end: this.tokEnd }, word };
    this.consume();
    return node;
  }

  protected id(): IdNode {
    this.expect(WORD);
    const node = { range: { start: this.tokStart, end: this.tokEnd }, name: this.text.slice(this.tokStart, this.tokEnd) };
    this.consume();
    return node;
  }

  protected string(): StringNode {
    this.expect(TEXT);
    const start = this.tokStart;
    const end = this.tokEnd;
    const value = this.tokEscaped ? unquote(this.text.slice(start, end)) : this.text.slice(start + 1, end - 1);
    const node = { range: { start, end }, value };
    this.consume();
    return node;
  }

  protected optionalString(): StringNode | undefined {
    return this.tok === TEXT ? this.string() : undefined;
  }

  protected date(): DateNode {
    this.expect(DATE);
    const start = this.tokStart;
    const node = { range: { start, end: this.tokEnd }, text: this.text.slice(start, this.tokEnd), valid: isValidDate(this.text, start) };
    this.consume();
    return node;
  }

  protected amount(): AmountNode {
    this.expect(AMOUNT);
    const start = this.tokStart;
    const end = this.tokEnd;
    const text = this.text.slice(start, end);
    const node = { range: { start, end }, text, value: decimal(this.text, start, end, text) };
    this.consume();
    return node;
  }

  protected money(): MoneyNode {
    const amount = this.amount();
    let currency: IdNode | undefined;
    if (this.isCurrency()) currency = this.id();
    return { range: currency ? { start: amount.range.start, end: currency.range.end } : amount.range, amount, currency };
  }

  protected percent(): PercentNode {
    this.expect(PERCENT);
    const start = this.tokStart;
    const end = this.tokEnd;
    const text = this.text.slice(start, end);
    const node = { range: { start, end }, text, value: decimal(this.text, start, end - 1, undefined) };
    this.consume();
    return node;
  }

  protected days(): DaysNode {
    this.expect(DAYS);
    const start = this.tokStart;
    const end = this.tokEnd;
    const text = this.text.slice(start, end);
    const node = { range: { start, end }, text, days: parseDays(text) };
    this.consume();
    return node;
  }

  /** Ids up to `via` or the first token that is not an id: one at least. */
  protected idList(): IdNode[] {
    if (this.tok !== WORD || this.isWord("via")) throw DECLINE;
    const ids = [this.id()];
    while (this.tok === WORD && !this.isWord("via")) ids.push(this.id());
    return ids;
  }
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * What the lexer makes of the word `[start, end)` whose first character is `first`, when it
 * makes one token of it; declines when it would make `Garbage` (or more than one token).
 *
 * The lexer tries, in order: `DateLiteral`, `Percent`, `Days`, `Amount`, the keywords,
 * `Currency`, `Id`, each with `Garbage` (which takes the whole word) as the longer
 * alternative; so a word is one good token only when the first pattern that matches it
 * matches all of it.
 */
function classifyWord(text: string, first: number, start: number, end: number): number {
  if ((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95) {
    // Keywords, `Currency` and `Id` all fall back on `Id`, then `Garbage`: the whole word must be an id.
    for (let p = start + 1; p < end; p++) if (!isIdPart(text.charCodeAt(p))) throw DECLINE;
    return WORD;
  }
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

function digitAt(text: string, p: number): number {
  return text.charCodeAt(p) - 48;
}

/** `isCalendarDate` for a word already known to be `\d{4}-\d{2}-\d{2}`. */
function isValidDate(text: string, s: number): boolean {
  const year = digitAt(text, s) * 1000 + digitAt(text, s + 1) * 100 + digitAt(text, s + 2) * 10 + digitAt(text, s + 3);
  const month = digitAt(text, s + 5) * 10 + digitAt(text, s + 6);
  const day = digitAt(text, s + 8) * 10 + digitAt(text, s + 9);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/**
 * `parseDecimal` for a word already known to be an amount (or the number of a percentage,
 * `[start, end)` without its `%`): sign, digits without grouping or point and leading zeros
 * removed, scale. `whole` is the word's text when already sliced (an amount without `%`).
 */
function decimal(text: string, start: number, end: number, whole: string | undefined): DecimalValue {
  const negative = text.charCodeAt(start) === MINUS;
  const first = negative ? start + 1 : start;
  let point = -1;
  let plain = true; // digits only
  for (let p = first; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === POINT) point = p;
    if (c === POINT || c === COMMA) plain = false;
  }
  let digits: string;
  if (plain) {
    digits = whole !== undefined && !negative ? whole : text.slice(first, end);
  } else {
    digits = "";
    let from = first;
    for (let p = first; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c === POINT || c === COMMA) {
        digits += text.slice(from, p);
        from = p + 1;
      }
    }
    digits += text.slice(from, end);
  }
  if (digits.length > 1 && digits.charCodeAt(0) === 48) {
    let zeros = 1;
    while (zeros < digits.length - 1 && digits.charCodeAt(zeros) === 48) zeros++;
    digits = digits.slice(zeros);
  }
  return { negative: negative && digits !== "0", digits, scale: point < 0 ? 0 : end - point - 1 };
}
