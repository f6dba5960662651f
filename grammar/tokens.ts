/**
 * The tokens of `.dun` (LANGUAGE.md §1) and the one lexer built from them.
 *
 * Keywords are soft: each keyword token is in the `Id` category, so wherever the grammar
 * expects an id a keyword is accepted too (`party demand "…"` is legal). Every token that
 * stands for a word or a number has `Garbage` as its longer alternative, so `42.00USD` or
 * `2026-03-03x` lexes as one unknown word that the parser reports, never as two tokens.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";
import { KEYWORDS, type Keyword } from "./keywords";

/** Anything that is not space, a comment or a string: reported by the parser as unexpected. */
export const Garbage = createToken({
  name: "Garbage",
  // The first character as a positive class (not a complement) so the lexer stays optimised.
  pattern: /[\u0000-\u0008\u000b\u000c\u000e-\u001f!#-:<-~\u007f-\uffff][^ \t\r\n;"]*/,
});

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r]+/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: "Newline", pattern: /\n/, group: Lexer.SKIPPED, line_breaks: true });
export const ByteOrderMark = createToken({ name: "ByteOrderMark", pattern: /\uFEFF/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /;[^\r\n]*/, group: "comments" });

export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\r\n]|\\.)*"/ });
/** A string whose closing quote is missing: lexed so the parser can say exactly that. */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\r\n]|\\.)*\\?/ });

export const DateLiteral = createToken({ name: "DateLiteral", pattern: /\d{4}-\d{2}-\d{2}/, longer_alt: Garbage });
export const Percent = createToken({ name: "Percent", pattern: /-?\d+(?:\.\d+)?%/, longer_alt: Garbage });
export const Days = createToken({ name: "Days", pattern: /\d+d/, longer_alt: Garbage });
export const Amount = createToken({
  name: "Amount",
  pattern: /-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/,
  longer_alt: Garbage,
});

/** The category every keyword and currency belongs to: "an id" in the grammar. */
export const Id = createToken({ name: "Id", pattern: /[A-Za-z_][A-Za-z0-9_\-./]*/, longer_alt: Garbage });

/** Three capitals: a currency code where one is expected, an id elsewhere. */
export const Currency = createToken({
  name: "Currency",
  pattern: /[A-Z]{3}/,
  categories: [Id],
  longer_alt: [Id, Garbage],
});

export { KEYWORDS, type Keyword };

function keywordToken(word: string): TokenType {
  return createToken({
    name: `kw:${word}`,
    pattern: word,
    categories: [Id],
    longer_alt: [Id, Garbage],
  });
}

/** Keyword tokens by their word. */
export const kw: Record<Keyword, TokenType> = Object.fromEntries(
  KEYWORDS.map((word) => [word, keywordToken(word)]),
) as Record<Keyword, TokenType>;

/**
 * Lexer order matters: chevrotain takes the first pattern that matches. Longer keywords
 * come before their prefixes (`receipt` before `re`), keywords before ids, numbers by
 * specificity (a date before an amount), and `Garbage` last.
 */
const keywordTokensLongestFirst = [...KEYWORDS]
  .sort((a, b) => b.length - a.length || a.localeCompare(b))
  .map((word) => kw[word]);

export const allTokens: TokenType[] = [
  WhiteSpace,
  Newline,
  ByteOrderMark,
  Comment,
  StringLiteral,
  UnterminatedString,
  DateLiteral,
  Percent,
  Days,
  Amount,
  ...keywordTokensLongestFirst,
  Currency,
  Id,
  Garbage,
];

/** How each token is named in messages, in the user's words. */
export function describeTokenType(type: TokenType): string {
  if (type.name.startsWith("kw:")) return `\`${type.name.slice(3)}\``;
  switch (type) {
    case DateLiteral:
      return "a date";
    case Amount:
      return "an amount";
    case Percent:
      return "a percentage";
    case Days:
      return "a number of days (`14d`)";
    case StringLiteral:
      return 'a "quoted text"';
    case Currency:
      return "a currency code";
    case Id:
      return "an id";
    default:
      return type.name;
  }
}

let sharedLexer: Lexer | undefined;

/** The one lexer instance, built on first use. */
export function dunLexer(options: { ensureOptimizations?: boolean } = {}): Lexer {
  if (options.ensureOptimizations) {
    return new Lexer(allTokens, { positionTracking: "onlyOffset", ensureOptimizations: true });
  }
  sharedLexer ??= new Lexer(allTokens, { positionTracking: "onlyOffset", skipValidations: true });
  return sharedLexer;
}
