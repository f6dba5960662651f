/**
 * The TextMate grammar (syntaxes/dun.tmLanguage.json) as VS Code runs it: vscode-textmate
 * over the Oniguruma regex engine, line by line with the rule stack carried over. Each case
 * names a token on a line of one small document and a scope it must (or must not) carry.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadWASM, OnigScanner, OnigString } from "vscode-oniguruma";
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from "vscode-textmate";

const REPO = resolve(__dirname, "..", "..");
const GRAMMAR = resolve(REPO, "syntaxes", "dun.tmLanguage.json");

const DOCUMENT = [
  "; Acme v. Globex",
  'party acme "Acme Security LLC"',
  "  self",
  'party demand "Demand Ltd; a real company"',
  "2026-01-05 contract C-7 demand",
  "  terms net 30",
  "  late-fee 1.5% monthly",
  "2026-02-01 invoice INV-1001 C-7 42,000.00 USD ; the big one",
  "  due 2026-03-03",
  "2026-03-24 demand INV-1001 via certified-mail",
  "  deadline 14d",
  "2026-03-25 sent INV-1001 via pigeon",
];

interface Token {
  text: string;
  scopes: string[];
}

async function loadDunGrammar(): Promise<IGrammar> {
  await loadWASM(readFileSync(resolve(REPO, "node_modules", "vscode-oniguruma", "release", "onig.wasm")));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
      createOnigString: (text: string) => new OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => (scopeName === "source.dun" ? parseRawGrammar(readFileSync(GRAMMAR, "utf8"), GRAMMAR) : null),
  });
  const grammar = await registry.loadGrammar("source.dun");
  if (!grammar) throw new Error("source.dun did not load");
  return grammar;
}

/** Every line of the document as its tokens, the rule stack carried from line to line as in the editor. */
function tokenizeDocument(grammar: IGrammar, lines: string[]): Token[][] {
  let stack = INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  });
}

let tokens: Token[][];

beforeAll(async () => {
  tokens = tokenizeDocument(await loadDunGrammar(), DOCUMENT);
});

/** The scopes of the token that is exactly `text` on the document line that starts with `lineStart`. */
function scopesOf(lineStart: string, text: string): string[] {
  const index = DOCUMENT.findIndex((line) => line.startsWith(lineStart));
  if (index < 0) throw new Error(`no line starts with ${lineStart}`);
  const token = tokens[index]!.find((candidate) => candidate.text === text);
  if (!token) throw new Error(`\`${text}\` is not one token of line ${index + 1}: ${JSON.stringify(tokens[index]!.map((t) => t.text))}`);
  return token.scopes;
}

describe("TextMate scopes", () => {
  it.each([
    ["2026-02-01 invoice", "2026-02-01", "constant.numeric.date.dun"],
    ["2026-02-01 invoice", "invoice", "keyword.control.entry.dun"],
    ["2026-02-01 invoice", "INV-1001", "entity.name.type.invoice.dun"],
    ["2026-02-01 invoice", "42,000.00", "constant.numeric.amount.dun"],
    ["2026-02-01 invoice", "USD", "support.constant.currency.dun"],
    ["2026-02-01 invoice", "; the big one", "comment.line.semicolon.dun"],
    ["party acme", "Acme Security LLC", "string.quoted.double.dun"],
    ["2026-03-24 demand", "demand", "keyword.control.entry.dun"],
    ["2026-03-24 demand", "via", "keyword.other.via.dun"],
    ["2026-03-24 demand", "certified-mail", "support.constant.channel.dun"],
    ["  deadline", "deadline", "keyword.other.property.dun"],
    ["  deadline", "14d", "constant.numeric.days.dun"],
    ["  terms", "terms", "keyword.other.property.dun"],
    ["  late-fee", "late-fee", "keyword.other.property.dun"],
    ["  late-fee", "1.5%", "constant.numeric.percent.dun"],
    ["  self", "self", "keyword.other.property.dun"],
    ["  due", "2026-03-03", "constant.numeric.date.dun"],
    ["party demand", "demand", "entity.name.type.party.dun"],
    ["2026-01-05 contract", "demand", "variable.other.id.dun"],
  ])("line `%s`: `%s` is %s", (line, text, scope) => {
    expect(scopesOf(line, text)).toContain(scope);
  });

  it("reads a `;` inside a string as part of the string, not as a comment", () => {
    expect(scopesOf("party demand", "Demand Ltd; a real company")).toContain("string.quoted.double.dun");
    const line = tokens[DOCUMENT.indexOf('party demand "Demand Ltd; a real company"')]!;
    expect(line.filter((token) => token.scopes.some((scope) => scope.startsWith("comment"))).map((t) => t.text)).toEqual([]);
  });

  it("reads `demand` as an id, not an entry keyword, where an id is expected (soft keywords)", () => {
    expect(scopesOf("party demand", "demand")).not.toContain("keyword.control.entry.dun");
    expect(scopesOf("2026-01-05 contract", "demand")).not.toContain("keyword.control.entry.dun");
  });

  it("marks a word after `via` that is no channel as invalid", () => {
    expect(scopesOf("2026-03-25 sent", "pigeon")).toContain("invalid.illegal.channel.dun");
    expect(scopesOf("2026-03-25 sent", "pigeon")).not.toContain("support.constant.channel.dun");
  });
});
