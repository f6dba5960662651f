/**
 * The value nodes of the fast path (`fastParse.ts`): ids, strings, dates, amounts, money,
 * percentages, days and keywords, built from the current line's tokens (`fastScan.ts`)
 * exactly as `parser.ts` builds them: the same fields in the same order, the same decoded
 * values (read in place from the text rather than from a sliced copy, with the results of
 * `values.ts`). Each builder consumes its token; a token of another kind declines.
 */
import type { AmountNode, DateNode, DaysNode, IdNode, KeywordNode, MoneyNode, PercentNode, Range, StringNode } from "./ast";
import { AMOUNT, DATE, DAYS, DECLINE, END, ESCAPED_TEXT, LineScanner, PERCENT, TEXT, WORD } from "./fastScan";
import { daysInMonth, parseDays, unquote } from "./values";

const MINUS = 45;
const COMMA = 44;
const POINT = 46;
const ZERO = 48;


export class NodeReader extends LineScanner {
  /** Declines unless the current token is of this kind. */
  protected expect(kind: number): void {
    if (this.tok !== kind) throw DECLINE;
  }

  /** The range from `start` to the end of the line's last token, once every token is read: an entry's `header`. */
  protected lineRange(start: number): Range {
    if (this.tok !== END) throw DECLINE;
    return { start, end: this.lastEnd };
  }

  /** The end of the line's last token, once every token is read: a property's `end`. */
  protected endOfLine(): number {
    if (this.tok !== END) throw DECLINE;
    return this.lastEnd;
  }

  /** Steps over a keyword the tree does not keep (an entry's kind, a property's name). */
  protected skipKeyword(): void {
    this.t++;
  }

  protected keywordNode(word: string): KeywordNode {
    const node = { start: this.tokStart, end: this.tokEnd, word };
    this.t++;
    return node;
  }

  protected id(): IdNode {
    this.expect(WORD);
    const start = this.tokStart;
    const end = this.tokEnd;
    this.t++;
    return { start, end, name: this.text.slice(start, end) };
  }

  protected string(): StringNode {
    const kind = this.tok;
    if (kind !== TEXT && kind !== ESCAPED_TEXT) throw DECLINE;
    const start = this.tokStart;
    const end = this.tokEnd;
    this.t++;
    const value = kind === ESCAPED_TEXT ? unquote(this.text.slice(start, end)) : this.text.slice(start + 1, end - 1);
    return { start, end, value };
  }

  protected optionalString(): StringNode | undefined {
    const kind = this.tok;
    return kind === TEXT || kind === ESCAPED_TEXT ? this.string() : undefined;
  }

  protected date(): DateNode {
    this.expect(DATE);
    const start = this.tokStart;
    const end = this.tokEnd;
    this.t++;
    return { start, end, text: this.text.slice(start, end), valid: isValidDateAt(this.text, start) };
  }

  protected amount(): AmountNode {
    this.expect(AMOUNT);
    const start = this.tokStart;
    const end = this.tokEnd;
    this.t++;
    const text = this.text.slice(start, end);
    return decimalAt(this.text, start, end, text, end);
  }

  protected money(): MoneyNode {
    const amount = this.amount();
    let currency: IdNode | undefined;
    if (this.isCurrency()) currency = this.id();
    return { start: amount.start, end: currency ? currency.end : amount.end, amount, currency };
  }

  protected percent(): PercentNode {
    this.expect(PERCENT);
    const start = this.tokStart;
    const end = this.tokEnd;
    this.t++;
    return decimalAt(this.text, start, end - 1, undefined, end);
  }

  protected days(): DaysNode {
    this.expect(DAYS);
    const start = this.tokStart;
    const end = this.tokEnd;
    this.t++;
    const text = this.text.slice(start, end);
    return { start, end, text, days: parseDays(text) };
  }

  /** Ids up to `via` or the first token that is not an id: one at least. */
  protected idList(): IdNode[] {
    if (this.tok !== WORD || this.isWord("via")) throw DECLINE;
    const ids = [this.id()];
    while (this.tok === WORD && !this.isWord("via")) ids.push(this.id());
    return ids;
  }
}

function digitAt(text: string, p: number): number {
  return text.charCodeAt(p) - ZERO;
}

/** `isCalendarDate` for the word at `start`, known to be `\d{4}-\d{2}-\d{2}`. */
function isValidDateAt(text: string, start: number): boolean {
  const year = digitAt(text, start) * 1000 + digitAt(text, start + 1) * 100 + digitAt(text, start + 2) * 10 + digitAt(text, start + 3);
  const month = digitAt(text, start + 5) * 10 + digitAt(text, start + 6);
  const day = digitAt(text, start + 8) * 10 + digitAt(text, start + 9);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/**
 * The node of an amount or percentage `[start, nodeEnd)` with `parseDecimal` of the word
 * `[start, end)`, known to be an amount (or the number of a percentage, without its `%`):
 * sign, digits without grouping or point and leading zeros removed, scale. `whole` is the
 * word's text when the caller has sliced it already.
 */
function decimalAt(text: string, start: number, end: number, whole: string | undefined, nodeEnd: number): AmountNode & PercentNode {
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
  if (digits.length > 1 && digits.charCodeAt(0) === ZERO) {
    let zeros = 1;
    while (zeros < digits.length - 1 && digits.charCodeAt(zeros) === ZERO) zeros++;
    digits = digits.slice(zeros);
  }
  const written = whole ?? text.slice(start, nodeEnd);
  return { start, end: nodeEnd, text: written, negative: negative && digits !== "0", digits, scale: point < 0 ? 0 : end - point - 1 };
}
