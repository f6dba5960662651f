/**
 * Semantic highlighting from the parsed tree, so colours follow the language exactly where a
 * TextMate grammar can only guess: a soft keyword used as an id is coloured as an id, a
 * definition stands out from its references, a channel from an invoice id.
 */
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver";
import { entryKeyword, propertyKeyword, type Entry, type MoneyNode, type Node, type Property, type PropertyOf, type Range } from "../../../grammar";
import { entryOccurrences } from "../../engine";
import type { FeatureContext } from "./context";

const TOKEN_TYPES = ["keyword", "property", "variable", "string", "number", "comment", "enumMember", "type"] as const;
const TOKEN_MODIFIERS = ["declaration"] as const;

type TokenType = (typeof TOKEN_TYPES)[number];

/**
 * Standard token types only, so every colour theme has a colour for each: entry kinds and
 * their words are keywords, property names properties, ids variables (definitions with
 * `declaration`), dates and amounts numbers, currencies types, channels enum members.
 */
export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

interface Token {
  range: Range;
  type: TokenType;
  declaration?: boolean;
}

/** Collects the tokens of one file, in any order. */
class Collector {
  readonly tokens: Token[] = [];

  constructor(private readonly text: string) {}

  add(node: Node | undefined, type: TokenType): void {
    if (node && node.end > node.start) this.tokens.push({ range: node, type });
  }

  money(money: MoneyNode | undefined): void {
    this.add(money?.amount, "number");
    this.add(money?.currency, "type");
  }

  /** A word the tree does not keep (`via`, `net`, `deadline`) standing just before a node. */
  wordBefore(node: Node | undefined, word: string): void {
    if (!node) return;
    let end = node.start;
    while (end > 0 && (this.text[end - 1] === " " || this.text[end - 1] === "\t")) end--;
    const start = end - word.length;
    if (start >= 0 && this.text.slice(start, end) === word) this.tokens.push({ range: { start, end }, type: "keyword" });
  }

  header(entry: Entry): void {
    if ("date" in entry) this.add(entry.date, "number");
    this.add(entryKeyword(entry, this.text), "keyword");
    if ("name" in entry) this.add(entry.name, "string");
    if ("title" in entry) this.add(entry.title, "string");
    if ("text" in entry) this.add(entry.text, "string");
    if ("money" in entry) this.money(entry.money);
    if ("channel" in entry) {
      this.wordBefore(entry.channel, "via");
      this.add(entry.channel, "enumMember");
    }
  }

  /** A property line; its ids that name definitions (`re`, `creditor`, `policy`) come from the occurrences. */
  property(property: Property): void {
    this.add(propertyKeyword(property), "property");
    switch (property.name) {
      case "address": case "email": case "phone": case "pay": case "registration": case "scope": case "number": case "ref": case "with":
        this.add(property.text, "string");
        break;
      case "evidence": case "receipt":
        this.add(property.path, "string");
        break;
      case "contact":
        this.add(property.person, "string");
        this.add(property.role, "string");
        break;
      case "jurisdiction": case "via":
        this.add(property.id, "enumMember");
        break;
      case "currency":
        this.add(property.id, "type");
        break;
      case "step":
        this.step(property);
        break;
      case "terms":
        this.wordBefore(property.net, "net");
        this.add(property.net, "number");
        this.add(property.dueOnReceipt, "keyword");
        break;
      case "late-fee":
        this.money(property.fixed);
        this.add(property.percent, "number");
        this.add(property.period, "keyword");
        break;
      case "interest":
        this.add(property.rate, "number");
        this.add(property.period, "keyword");
        break;
      case "fee":
        this.add(property.rate, "number");
        break;
      case "due": case "hearing":
        this.add(property.date, "number");
        break;
      case "item":
        this.add(property.text, "string");
        this.money(property.money);
        break;
      case "promise": case "installment":
        this.add(property.date, "number");
        this.money(property.money);
        break;
      case "deadline":
        this.add(property.date, "number");
        this.add(property.days, "number");
        break;
    }
  }

  private step(step: PropertyOf<"step">): void {
    this.add(step.step, "keyword");
    this.add(step.offset, "number");
    this.wordBefore(step.deadline, "deadline");
    this.add(step.deadline, "number");
    this.add(step.final, "keyword");
    this.wordBefore(step.via, "via");
    this.add(step.via, "enumMember");
  }
}

/**
 * The tokens of the file, encoded as LSP wants them: five numbers per token (line delta,
 * start delta on the same line or start on a new one, length, type, modifier bits), in
 * position order. Broken entries get none (only their comments are coloured).
 */
export function provideSemanticTokens(context: FeatureContext): SemanticTokens {
  const { tree, lines, text } = context.file;
  const collector = new Collector(text);
  for (const entry of tree.entries) {
    if (entry.kind === "broken") continue;
    collector.header(entry);
    for (const property of entry.properties) collector.property(property);
    for (const occurrence of entryOccurrences(entry)) {
      collector.tokens.push({ range: occurrence.node, type: "variable", declaration: occurrence.role === "definition" });
    }
  }
  for (const comment of tree.comments) collector.add(comment, "comment");
  const tokens = collector.tokens.sort((a, b) => a.range.start - b.range.start);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  let lastEnd = -1;
  for (const token of tokens) {
    if (token.range.start < lastEnd) continue; // never overlap (the protocol forbids it)
    const start = lines.positionAt(token.range.start);
    const end = lines.positionAt(token.range.end);
    if (end.line !== start.line) continue; // no token spans lines; a client without multiline support needs none
    data.push(start.line - line, start.line === line ? start.character - character : start.character, end.character - start.character, TOKEN_TYPES.indexOf(token.type), token.declaration ? 1 : 0);
    line = start.line;
    character = start.character;
    lastEnd = token.range.end;
  }
  return { data };
}
