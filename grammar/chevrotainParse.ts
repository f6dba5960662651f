/**
 * `parseDunChevrotain(text)`: the reference grammar, and the path for any text the fast path
 * declines (one with a syntax error). It lexes a whole file once, splits its tokens into lines,
 * parses each line with the one shared parser, and groups property lines under their header.
 * Never throws: it returns the tree and the list of syntax errors.
 *
 * Recovery is by line: a header line that does not parse becomes a `BrokenEntry` (its
 * property lines go with it), a property line that does not parse is dropped from its entry;
 * every other line is parsed and checked as usual.
 *
 * Loaded only when first needed (grammar/chevrotainLazy.ts): chevrotain and its tokens took
 * ~20 ms of every start of the command line and the server.
 */
import type { IToken } from "chevrotain";
import type { BrokenEntry, DunFile, Entry, Property, Range, SyntaxError } from "./ast";
import { KEYWORDS } from "./keywords";
import { describeFound, orList, suggestion } from "./messages";
import { dunParser, type HeaderResult } from "./parser";
import { CHANNELS, DATED_KINDS, ENTRY_KINDS, PROPERTIES_BY_KIND, REPEATABLE_PROPERTIES, STEP_KINDS } from "./schema";
import { DateLiteral, dunLexer, Garbage, kw, UnterminatedString } from "./tokens";

interface Line {
  tokens: IToken[];
  /** Offset where the line starts and ends (before its line break). */
  start: number;
  end: number;
  /** True when the line's first token stands in column 1. */
  isHeader: boolean;
}

/** Parses one `.dun` file with chevrotain: the reference grammar, and the path for any text with errors. */
export function parseDunChevrotain(text: string): DunFile {
  const lexed = dunLexer().tokenize(text);
  const comments = (lexed.groups.comments ?? []).map((token) => ({
    start: token.startOffset,
    end: token.startOffset + token.image.length,
    text: token.image,
  }));
  const errors: SyntaxError[] = lexed.errors.map((error) => ({
    range: { start: error.offset, end: error.offset + error.length },
    message: `unexpected character \`${text.substr(error.offset, error.length)}\``,
  }));
  const builder = new FileBuilder(errors);
  for (const line of splitLines(text, lexed.tokens)) builder.addLine(line);
  return { entries: builder.finish(), comments, errors };
}

function splitLines(text: string, tokens: IToken[]): Line[] {
  const lines: Line[] = [];
  let index = 0;
  let lineStart = 0;
  while (index < tokens.length) {
    const first = tokens[index]!;
    // Move lineStart to the start of the line that holds `first`.
    let lineEnd = text.indexOf("\n", lineStart);
    while (lineEnd !== -1 && lineEnd < first.startOffset) {
      lineStart = lineEnd + 1;
      lineEnd = text.indexOf("\n", lineStart);
    }
    const end = lineEnd === -1 ? text.length : lineEnd;
    const lineTokens: IToken[] = [];
    while (index < tokens.length && tokens[index]!.startOffset < end) lineTokens.push(tokens[index++]!);
    const contentStart = lineStart === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lineStart;
    lines.push({
      tokens: lineTokens,
      start: lineStart,
      end: end > lineStart && text.charCodeAt(end - 1) === 13 ? end - 1 : end,
      isHeader: first.startOffset === contentStart,
    });
    lineStart = end + 1;
  }
  return lines;
}

type MutableEntry = Entry & { properties: Property[] };

class FileBuilder {
  private readonly entries: (Entry | BrokenEntry)[] = [];
  private current: MutableEntry | BrokenEntry | undefined;
  private readonly parser = dunParser();

  constructor(private readonly errors: SyntaxError[]) {}

  addLine(line: Line): void {
    if (line.isHeader) this.addHeader(line);
    else this.addProperty(line);
  }

  finish(): (Entry | BrokenEntry)[] {
    return this.entries;
  }

  private lineRange(line: Line): Range {
    const first = line.tokens[0]!;
    const last = line.tokens[line.tokens.length - 1]!;
    return { start: first.startOffset, end: last.startOffset + last.image.length };
  }

  /** Records a syntax error over `range` (a node will do: its own `{start, end}` is copied). */
  private error(range: Range, message: string): void {
    this.errors.push({ range: { start: range.start, end: range.end }, message });
  }

  private addHeader(line: Line): void {
    const header = this.lineRange(line);
    const problem = this.headerProblem(line.tokens);
    let result: HeaderResult | undefined;
    if (problem) {
      this.error(problem.range, problem.message);
    } else {
      this.parser.input = line.tokens;
      result = this.parser.header();
      if (this.reportParserErrors()) result = undefined;
    }
    if (!result) {
      const broken: BrokenEntry = { kind: "broken", start: header.start, end: header.end, header, definedId: guessDefinedId(line.tokens) };
      this.entries.push(broken);
      this.current = broken;
      return;
    }
    // The parser's result is fresh: completed in place rather than copied.
    const entry = Object.assign(result, { start: header.start, end: header.end, header, properties: [], hasBrokenLines: false }) as unknown as MutableEntry;
    this.checkHeaderWords(entry);
    this.entries.push(entry);
    this.current = entry;
  }

  /** Clearer messages than the grammar's for the commonest header mistakes. */
  private headerProblem(tokens: IToken[]): SyntaxError | undefined {
    const [first, second] = tokens;
    if (!first) return undefined;
    const range = { start: first.startOffset, end: first.startOffset + first.image.length };
    if (first.tokenType === DateLiteral) {
      if (!second) return { range, message: "expected what this entry records after its date (`invoice`, `payment`, `call`, …)" };
      if (!(DATED_KINDS as string[]).includes(second.image)) {
        const found = { start: second.startOffset, end: second.startOffset + second.image.length };
        const hint = suggestion(second.image, DATED_KINDS) || "";
        return {
          range: found,
          message: `expected what this entry records (\`invoice\`, \`payment\`, \`call\`, \`demand\`, …), found ${describeFound(second)}${hint}`,
        };
      }
      return undefined;
    }
    if (first.tokenType === kw.party || first.tokenType === kw.policy) return undefined;
    const hint = (ENTRY_KINDS as string[]).includes(first.image)
      ? `: ${article(first.image)} \`${first.image}\` entry starts with its date`
      : suggestion(first.image, ["party", "policy"]) ||
        (first.tokenType === Garbage || first.tokenType === UnterminatedString ? "" : ", or indent a property line");
    return { range, message: `expected a date, \`party\` or \`policy\` at the start of a header line, found ${describeFound(first)}${hint}` };
  }

  /** Channels and the like: words the grammar takes as ids but the language restricts. */
  private checkHeaderWords(entry: Entry): void {
    if (entry.kind === "sent" || entry.kind === "reminder" || entry.kind === "demand") {
      this.checkChannel(entry.channel.name, entry.channel);
    }
  }

  private checkChannel(name: string, range: Range): void {
    if ((CHANNELS as readonly string[]).includes(name)) return;
    this.error(range, `expected a channel (${orList(CHANNELS.map((c) => `\`${c}\``))}), found \`${name}\`${suggestion(name, CHANNELS)}`);
  }

  private addProperty(line: Line): void {
    const current = this.current;
    const range = this.lineRange(line);
    if (!current) {
      this.error(range, "a property line needs a header line above it: start the entry in column 1");
      return;
    }
    current.end = range.end;
    if (current.kind === "broken") return;
    const first = line.tokens[0]!;
    const allowed = PROPERTIES_BY_KIND[current.kind];
    if (!(allowed as string[]).includes(first.image)) {
      const known = (KEYWORDS as readonly string[]).includes(first.image);
      const what = known ? `\`${first.image}\` is not a property of ${article(current.kind)} \`${current.kind}\` entry` : `unknown property ${describeFound(first)}`;
      const hint = known ? "" : suggestion(first.image, allowed);
      this.error(range, `${what}; expected ${orList(allowed.map((p) => `\`${p}\``))}${hint}`);
      current.hasBrokenLines = true;
      return;
    }
    this.parser.input = line.tokens;
    const property = this.parser.property();
    if (this.reportParserErrors()) {
      current.hasBrokenLines = true;
      return;
    }
    if (!REPEATABLE_PROPERTIES.has(property.name) && current.properties.some((p) => p.name === property.name)) {
      this.error(range, `\`${property.name}\` is given twice in this entry`);
      current.hasBrokenLines = true;
      return;
    }
    if (property.name === "step") {
      if (!(STEP_KINDS as readonly string[]).includes(property.step.name)) {
        this.error(property.step, `expected a step kind (${orList(STEP_KINDS.map((s) => `\`${s}\``))}), found \`${property.step.name}\`${suggestion(property.step.name, STEP_KINDS)}`);
      }
      if (property.via) this.checkChannel(property.via.name, property.via);
    }
    current.properties.push(property);
  }

  /** Moves the parser's errors into the file's list; true when there were any. */
  private reportParserErrors(): boolean {
    const parserErrors = this.parser.errors;
    if (parserErrors.length === 0) return false;
    for (const error of parserErrors) {
      const token = error.token;
      const eof = token.tokenType.name === "EOF" || Number.isNaN(token.startOffset);
      const at = eof ? this.endOfLastToken() : token.startOffset;
      this.error({ start: at, end: eof ? at : token.startOffset + token.image.length }, error.message);
    }
    return true;
  }

  private endOfLastToken(): number {
    const input = this.parser.input;
    const last = input[input.length - 1];
    return last ? last.startOffset + last.image.length : 0;
  }
}

/** `2026-02-01 invoice INV-1 …` → "INV-1": the id a broken header most likely defines. */
function guessDefinedId(tokens: IToken[]): string | undefined {
  const kinds = ["party", "policy", "contract", "invoice"];
  for (let i = 0; i + 1 < tokens.length && i < 2; i++) {
    if (kinds.includes(tokens[i]!.image) && /^[A-Za-z_]/.test(tokens[i + 1]!.image)) return tokens[i + 1]!.image;
  }
  return undefined;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}
