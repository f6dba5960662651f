/**
 * The formatter: a `.dun` file in its canonical layout, saying exactly what it said before.
 *
 * Canonical layout: a header line in column 1, a property line indented by two spaces,
 * tokens separated by one space, a trailing comment one space after the last token, a
 * comment-only line indented like a property line where a property line of the same entry
 * follows it (else in column 1), no trailing whitespace, at most one blank line in a row, no
 * blank lines at the start or end, one line break at the end. The file keeps its line-ending
 * style (that of its first line break) and its byte-order mark. Amounts are written with
 * their currency's decimals and thousands grouping where the currency is known.
 *
 * Lines that did not parse (a broken header and its property lines, a property line dropped
 * from its entry, an orphan property line, any line holding a syntax error) are left exactly
 * as written: the user is in the middle of typing them. (Only carriage returns before their
 * line break go, so that the line break stays one of the file's style.)
 *
 * A comment keeps its text byte for byte but for white space at its end. Stray carriage
 * returns and byte-order marks inside the file are white space, as the lexer takes them.
 *
 * Works line by line from the text: a parsed line is rebuilt from its own tokens, so every
 * token and comment stays, in order, on its line, and the file parses to the same entries.
 */
import { LineIndex, parseDun, type DunFile, type Entry, type MoneyNode } from "../../grammar";
import { loadChevrotain } from "../../grammar/chevrotainLazy";
import { currencyExponent, groupedAmount, toMinorUnits } from "./money";

export interface FormatOptions {
  /**
   * The currency an amount is in, where the caller can tell (the language server asks its
   * analysis: an invoice's currency for its items, payments, credits…). A code written right
   * after the amount wins. Without an answer the amount stays as written.
   */
  currencyOf?: (money: MoneyNode) => string | undefined;
}

/** The formatted file, line by line, so that an editor can be sent only the lines that change. */
export interface FormattedLines {
  bom: boolean;
  eol: "\n" | "\r\n";
  /**
   * One per line of the input (the empty rest after a final line break is not a line), in
   * order: the line's canonical text without its line break, or undefined where the line goes
   * (a surplus blank line).
   */
  lines: (string | undefined)[];
}

/** The whole file in canonical layout: what Format Document writes. */
export function formatDun(text: string, options: FormatOptions = {}): string {
  const { bom, eol, lines } = formatLines(text, options);
  const kept = lines.filter((line): line is string => line !== undefined);
  return (bom ? "\uFEFF" : "") + (kept.length > 0 ? kept.join(eol) + eol : "");
}

interface SourceLine {
  /** Offset of the line's first character (after the byte-order mark on the first line). */
  start: number;
  /** The line without its line break (and any stray carriage returns before it). */
  text: string;
}

/** White space as the lexer skips it: spaces, tabs, stray carriage returns and byte-order marks. */
const BLANK = /^[ \t\r\uFEFF]*$/;
const INDENT = /^[ \t\r\uFEFF]*/;
/** What a comment loses at its end: white space (its text is otherwise kept byte for byte). */
const TRAILING_SPACE = /[ \t\r]+$/;

/** Every line of the input with its canonical text (see `FormattedLines`). */
export function formatLines(text: string, options: FormatOptions = {}): FormattedLines {
  const bom = text.charCodeAt(0) === 0xfeff;
  const firstBreak = text.indexOf("\n");
  const eol = firstBreak > 0 && text[firstBreak - 1] === "\r" ? "\r\n" : "\n";
  const source = sourceLines(text, bom);
  const tree = parseDun(text);
  const parsed = parsedLines(tree, new LineIndex(text));
  const amounts = new Map<number, MoneyNode>();
  for (const entry of tree.entries) if (entry.kind !== "broken") for (const money of moneyOf(entry)) amounts.set(money.amount.start, money);
  const canonicalAmountAt = (offset: number) => {
    const money = amounts.get(offset);
    return money && canonicalAmount(money, options);
  };

  const indentComment = commentIndents(source);
  const lines: (string | undefined)[] = [];
  let previous: "nothing" | "blank" | "text" = "nothing";
  source.forEach((line, index) => {
    if (BLANK.test(line.text)) {
      lines.push(previous === "text" ? "" : undefined);
      if (previous === "text") previous = "blank";
      return;
    }
    previous = "text";
    const indent = INDENT.exec(line.text)![0].length;
    const body = line.text.slice(indent);
    if (body.startsWith(";")) {
      lines.push((indentComment[index] ? "  " : "") + body.replace(TRAILING_SPACE, ""));
      return;
    }
    const role = parsed.get(index);
    const rebuilt = role && rebuildLine(body, line.start + indent, canonicalAmountAt);
    lines.push(rebuilt === undefined ? line.text : (role === "property" ? "  " : "") + rebuilt);
  });
  for (let i = lines.length - 1; i >= 0 && (lines[i] === undefined || lines[i] === ""); i--) lines[i] = undefined;
  // A line left as written that starts with a stray byte-order mark must not become the first
  // line: there the mark would be the file's own, and the line would turn into a header.
  const first = lines.findIndex((line) => line !== undefined);
  if (!bom && first > 0 && lines[first]!.startsWith("\uFEFF")) lines[first - 1] = "";
  return { bom, eol, lines };
}

function sourceLines(text: string, bom: boolean): SourceLine[] {
  const parts = text.split("\n");
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  let start = 0;
  return parts.map((part, index) => {
    const skip = index === 0 && bom ? 1 : 0;
    const line = { start: start + skip, text: part.slice(skip).replace(/\r+$/, "") };
    start += part.length + 1;
    return line;
  });
}

/**
 * The lines that parsed, as header or property lines: headers of entries that are not
 * broken, and the property lines kept in them; less every line that holds a syntax error.
 */
function parsedLines(tree: DunFile, index: LineIndex): Map<number, "header" | "property"> {
  const lines = new Map<number, "header" | "property">();
  for (const entry of tree.entries) {
    if (entry.kind === "broken") continue;
    lines.set(index.positionAt(entry.header.start).line, "header");
    for (const property of entry.properties) lines.set(index.positionAt(property.start).line, "property");
  }
  for (const error of tree.errors) {
    const last = index.positionAt(error.range.end).line;
    for (let line = index.positionAt(error.range.start).line; line <= last; line++) lines.delete(line);
  }
  return lines;
}

/**
 * For each line, whether a comment-only line there sits inside an entry: below a header line
 * and followed (past other comments and blank lines) by a property line.
 */
function commentIndents(source: SourceLine[]): boolean[] {
  const indents: boolean[] = new Array(source.length).fill(false);
  let propertyFollows = false;
  for (let i = source.length - 1; i >= 0; i--) {
    const text = source[i]!.text;
    const body = text.replace(INDENT, "");
    if (body === "" || body.startsWith(";")) indents[i] = propertyFollows;
    else propertyFollows = body.length < text.length;
  }
  let headerAbove = false;
  source.forEach((line, i) => {
    if (!headerAbove) indents[i] = false;
    if (!BLANK.test(line.text) && !INDENT.exec(line.text)![0] && !line.text.startsWith(";")) headerAbove = true;
  });
  return indents;
}

/**
 * A parsed line's tokens joined by single spaces, amounts in canonical form, and its
 * comment; undefined where the line does not lex cleanly on its own (left as written).
 */
function rebuildLine(body: string, offset: number, canonicalAmountAt: (offset: number) => string | undefined): string | undefined {
  const lexed = loadChevrotain().dunLexer().tokenize(body);
  if (lexed.errors.length > 0 || lexed.tokens.length === 0) return undefined;
  const words = lexed.tokens.map((token) => canonicalAmountAt(offset + token.startOffset) ?? token.image);
  const comment = lexed.groups.comments?.[0];
  return comment ? `${words.join(" ")} ${comment.image.replace(TRAILING_SPACE, "")}` : words.join(" ");
}

/** Every amount of money an entry writes: in its header and in its properties. */
function moneyOf(entry: Entry): MoneyNode[] {
  const found: MoneyNode[] = "money" in entry ? [entry.money] : [];
  for (const property of entry.properties) {
    if ((property.name === "item" || property.name === "installment" || property.name === "promise") && property.money) found.push(property.money);
    if (property.name === "late-fee" && property.fixed) found.push(property.fixed);
  }
  return found;
}

/**
 * `42000` in USD → `42,000.00`; `1250000` in JPY → `1,250,000`. Undefined (keep as written)
 * where the currency is unknown or the amount has more decimals than the currency has.
 */
function canonicalAmount(money: MoneyNode, options: FormatOptions): string | undefined {
  const code = money.currency?.name ?? options.currencyOf?.(money);
  const exponent = code === undefined ? undefined : currencyExponent(code);
  if (code === undefined || exponent === undefined) return undefined;
  const units = toMinorUnits(money.amount, exponent);
  return units.ok ? groupedAmount(units.units, code) : undefined;
}
