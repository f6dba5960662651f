/**
 * Syntax error messages in the user's words ("expected a date or `party`"), never token ids.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import { closest, distance } from "fastest-levenshtein";
import { describeTokenType, UnterminatedString } from "./tokens";

/** How the token that was found is named: its text, or what it is. */
export function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the line";
  if (token.tokenType === UnterminatedString) return 'a text with no closing `"`';
  return `\`${token.image}\``;
}

/** "a, b or c" */
export function orList(items: string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? "something else";
  return `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
}

/** "did you mean `invoice`?" when a word is one or two edits from a known one. */
export function suggestion(word: string, known: readonly string[]): string {
  if (known.length === 0) return "";
  const best = closest(word, known as string[]);
  const edits = distance(word, best);
  return edits > 0 && edits <= Math.max(2, Math.floor(word.length / 3)) ? `; did you mean \`${best}\`?` : "";
}

function firstTokens(paths: TokenType[][]): string[] {
  return paths.filter((path) => path.length > 0).map((path) => describeTokenType(path[0]!));
}

export const dunErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${describeTokenType(expected)}, found ${describeFound(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeFound(firstRedundant)}: nothing more belongs on this line`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    const expected = firstTokens(expectedPathsPerAlt.flat());
    const found = actual[0];
    return `expected ${orList(expected)}, found ${found ? describeFound(found) : "nothing"}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const expected = firstTokens(expectedIterationPaths);
    const found = actual[0];
    return `expected ${orList(expected)}, found ${found ? describeFound(found) : "nothing"}`;
  },
};
