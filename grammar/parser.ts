/**
 * The chevrotain grammar of one line of `.dun`: a header line or a property line.
 *
 * `.dun` is line-oriented, so the driver (`parse.ts`) feeds this parser one line at a time:
 * a line that does not parse costs only itself, and the parser resynchronises at the next
 * line by construction. One instance is built once and reused for every line of every file.
 * Actions build the typed AST directly (no CST), with total value decoders.
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from "chevrotain";
import type {
  AmountNode,
  DateNode,
  DaysNode,
  Entry,
  IdNode,
  KeywordNode,
  MoneyNode,
  Node,
  PercentNode,
  Property,
  StringNode,
} from "./ast";
import { dunErrorMessages } from "./messages";
import {
  allTokens,
  Amount,
  Currency,
  DateLiteral,
  Days,
  Id,
  kw,
  Percent,
  StringLiteral,
} from "./tokens";
import { isCalendarDate, parseDays, parseDecimal, unquote } from "./values";

/** The header of an entry as the parser returns it: everything but the property lines. */
export type HeaderResult = Entry extends infer E
  ? E extends Entry
    ? Omit<E, "start" | "end" | "properties" | "hasBrokenLines" | "header">
    : never
  : never;

// While chevrotain records the grammar, CONSUME and OR return placeholders (or nothing):
// these helpers accept that, so the actions need no ACTION() wrappers.

function word(token: IToken | undefined): string {
  return token?.image ?? "";
}

function startOf(token: IToken | undefined): number {
  return token?.startOffset ?? 0;
}

/** The end of a node, or of a token (or of the placeholder a rule returns while recording). */
function endOf(last: Node | IToken | undefined): number {
  if (last && "end" in last) return last.end;
  const token = last as IToken | undefined;
  return startOf(token) + word(token).length;
}

function keywordNode(token: IToken | undefined): KeywordNode {
  return { start: startOf(token), end: endOf(token), word: word(token) };
}

class DunLineParser extends EmbeddedActionsParser {
  constructor(validate: boolean) {
    super(allTokens, {
      recoveryEnabled: false,
      maxLookahead: 2,
      errorMessageProvider: dunErrorMessages,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  // --- values -------------------------------------------------------------------------

  private id = this.RULE("id", (): IdNode => {
    const token = this.CONSUME(Id);
    return { start: startOf(token), end: endOf(token), name: word(token) };
  });

  /** Ids up to the next keyword that ends the list (`via`). */
  private idList = this.RULE("idList", (): IdNode[] => {
    const ids: IdNode[] = [];
    this.AT_LEAST_ONE({
      GATE: () => this.LA(1).tokenType !== kw.via,
      DEF: () => {
        ids.push(this.SUBRULE(this.id));
      },
    });
    return ids;
  });

  private text = this.RULE("text", (): StringNode => {
    const token = this.CONSUME(StringLiteral);
    return { start: startOf(token), end: endOf(token), value: unquote(word(token)) };
  });

  private date = this.RULE("date", (): DateNode => {
    const token = this.CONSUME(DateLiteral);
    return { start: startOf(token), end: endOf(token), text: word(token), valid: isCalendarDate(word(token)) };
  });

  private amount = this.RULE("amount", (): AmountNode => {
    const token = this.CONSUME(Amount);
    const { negative, digits, scale } = parseDecimal(word(token));
    return { start: startOf(token), end: endOf(token), text: word(token), negative, digits, scale };
  });

  private money = this.RULE("money", (): MoneyNode => {
    const amount = this.SUBRULE(this.amount);
    let currency: IdNode | undefined;
    this.OPTION(() => {
      const token = this.CONSUME(Currency);
      currency = { start: startOf(token), end: endOf(token), name: word(token) };
    });
    return { start: amount.start, end: endOf(currency ?? amount), amount, currency };
  });

  private percent = this.RULE("percent", (): PercentNode => {
    const token = this.CONSUME(Percent);
    const { negative, digits, scale } = parseDecimal(word(token));
    return { start: startOf(token), end: endOf(token), text: word(token), negative, digits, scale };
  });

  private days = this.RULE("days", (): DaysNode => {
    const token = this.CONSUME(Days);
    return { start: startOf(token), end: endOf(token), text: word(token), days: parseDays(word(token)) };
  });

  private optionalText = this.RULE("optionalText", (): StringNode | undefined => {
    let text: StringNode | undefined;
    this.OPTION(() => {
      text = this.SUBRULE(this.text);
    });
    return text;
  });

  // --- header lines ---------------------------------------------------------------------

  /** A header line: `party …`, `policy …`, or a date and an entry kind. */
  header = this.RULE("header", (): HeaderResult => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.partyHeader) },
      { ALT: () => this.SUBRULE(this.policyHeader) },
      { ALT: () => this.SUBRULE(this.datedHeader) },
    ]);
  });

  private partyHeader = this.RULE("partyHeader", (): HeaderResult => {
    this.CONSUME(kw.party);
    const id = this.SUBRULE(this.id);
    const name = this.SUBRULE(this.optionalText);
    return { kind: "party", id, name };
  });

  private policyHeader = this.RULE("policyHeader", (): HeaderResult => {
    this.CONSUME(kw.policy);
    const id = this.SUBRULE(this.id);
    const title = this.SUBRULE(this.optionalText);
    return { kind: "policy", id, title };
  });

  private datedHeader = this.RULE("datedHeader", (): HeaderResult => {
    const date = this.SUBRULE(this.date);
    const entry = this.OR([
      { ALT: () => this.SUBRULE(this.contract) },
      { ALT: () => this.SUBRULE(this.work) },
      { ALT: () => this.SUBRULE(this.invoice) },
      { ALT: () => this.SUBRULE(this.delivery) },
      { ALT: () => this.SUBRULE(this.contact) },
      { ALT: () => this.SUBRULE(this.aboutInvoice) },
      { ALT: () => this.SUBRULE(this.plan) },
      { ALT: () => this.SUBRULE(this.aboutContract) },
      { ALT: () => this.SUBRULE(this.referral) },
      { ALT: () => this.SUBRULE(this.judgment) },
      { ALT: () => this.SUBRULE(this.payment) },
      { ALT: () => this.SUBRULE(this.credit) },
      { ALT: () => this.SUBRULE(this.note) },
    ]);
    return { ...entry, date } as HeaderResult;
  });

  private contract = this.RULE("contract", () => {
    this.CONSUME(kw.contract);
    const id = this.SUBRULE1(this.id);
    const party = this.SUBRULE2(this.id);
    const title = this.SUBRULE(this.optionalText);
    return { kind: "contract" as const, id, party, title };
  });

  private work = this.RULE("work", () => {
    this.CONSUME(kw.work);
    const contract = this.SUBRULE(this.id);
    const text = this.SUBRULE(this.text);
    return { kind: "work" as const, contract, text };
  });

  private invoice = this.RULE("invoice", () => {
    this.CONSUME(kw.invoice);
    const id = this.SUBRULE1(this.id);
    const target = this.SUBRULE2(this.id);
    const money = this.SUBRULE(this.money);
    return { kind: "invoice" as const, id, target, money };
  });

  /** `sent`, `reminder` and `demand`: invoices and the channel they went by. */
  private delivery = this.RULE("delivery", () => {
    const token = this.OR([
      { ALT: () => this.CONSUME(kw.sent) },
      { ALT: () => this.CONSUME(kw.reminder) },
      { ALT: () => this.CONSUME(kw.demand) },
    ]);
    const invoices = this.SUBRULE(this.idList);
    this.CONSUME(kw.via);
    const channel = this.SUBRULE(this.id);
    const kind = word(token) as "sent" | "reminder" | "demand";
    return { kind, invoices, channel };
  });

  /** `call`, `email`, `letter`, `meeting`, `message`: a party and notes. */
  private contact = this.RULE("contact", () => {
    const token = this.OR([
      { ALT: () => this.CONSUME(kw.call) },
      { ALT: () => this.CONSUME(kw.email) },
      { ALT: () => this.CONSUME(kw.letter) },
      { ALT: () => this.CONSUME(kw.meeting) },
      { ALT: () => this.CONSUME(kw.message) },
    ]);
    const party = this.SUBRULE(this.id);
    const text = this.SUBRULE(this.optionalText);
    const kind = word(token) as "call" | "email" | "letter" | "meeting" | "message";
    return { kind, party, text };
  });

  /** `dispute`, `resolve`, `write-off`: one invoice and a reason. */
  private aboutInvoice = this.RULE("aboutInvoice", () => {
    const token = this.OR([
      { ALT: () => this.CONSUME(kw.dispute) },
      { ALT: () => this.CONSUME(kw.resolve) },
      { ALT: () => this.CONSUME(kw["write-off"]) },
    ]);
    const invoice = this.SUBRULE(this.id);
    const text = this.SUBRULE(this.text);
    const kind = word(token) as "dispute" | "resolve" | "write-off";
    return { kind, invoice, text };
  });

  private plan = this.RULE("plan", () => {
    this.CONSUME(kw.plan);
    const invoices = this.SUBRULE(this.idList);
    return { kind: "plan" as const, invoices };
  });

  /** `suspend`, `resume`: a contract and an optional note. */
  private aboutContract = this.RULE("aboutContract", () => {
    const token = this.OR([
      { ALT: () => this.CONSUME(kw.suspend) },
      { ALT: () => this.CONSUME(kw.resume) },
    ]);
    const contract = this.SUBRULE(this.id);
    const text = this.SUBRULE(this.optionalText);
    const kind = word(token) as "suspend" | "resume";
    return { kind, contract, text };
  });

  /** `collections`, `claim`: invoices and who took them (agency, court). */
  private referral = this.RULE("referral", () => {
    const token = this.OR([
      { ALT: () => this.CONSUME(kw.collections) },
      { ALT: () => this.CONSUME(kw.claim) },
    ]);
    const invoices = this.SUBRULE(this.idList);
    const text = this.SUBRULE(this.text);
    const kind = word(token) as "collections" | "claim";
    return { kind, invoices, text };
  });

  private judgment = this.RULE("judgment", () => {
    this.CONSUME(kw.judgment);
    const invoices = this.SUBRULE(this.idList);
    const money = this.SUBRULE(this.money);
    return { kind: "judgment" as const, invoices, money };
  });

  private payment = this.RULE("payment", () => {
    this.CONSUME(kw.payment);
    const target = this.SUBRULE(this.id);
    const money = this.SUBRULE(this.money);
    return { kind: "payment" as const, target, money };
  });

  private credit = this.RULE("credit", () => {
    this.CONSUME(kw.credit);
    const invoice = this.SUBRULE(this.id);
    const money = this.SUBRULE(this.money);
    const text = this.SUBRULE(this.text);
    return { kind: "credit" as const, invoice, money, text };
  });

  private note = this.RULE("note", () => {
    this.CONSUME(kw.note);
    const target = this.SUBRULE(this.id);
    const text = this.SUBRULE(this.text);
    return { kind: "note" as const, target, text };
  });

  // --- property lines -------------------------------------------------------------------

  /** One property line (without its indentation). */
  property = this.RULE("property", (): Property => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.flagProperty) },
      { ALT: () => this.SUBRULE(this.textProperty) },
      { ALT: () => this.SUBRULE(this.pathProperty) },
      { ALT: () => this.SUBRULE(this.contactProperty) },
      { ALT: () => this.SUBRULE(this.idProperty) },
      { ALT: () => this.SUBRULE(this.stepProperty) },
      { ALT: () => this.SUBRULE(this.termsProperty) },
      { ALT: () => this.SUBRULE(this.lateFeeProperty) },
      { ALT: () => this.SUBRULE(this.interestProperty) },
      { ALT: () => this.SUBRULE(this.dateProperty) },
      { ALT: () => this.SUBRULE(this.itemProperty) },
      { ALT: () => this.SUBRULE(this.promiseProperty) },
      { ALT: () => this.SUBRULE(this.reProperty) },
      { ALT: () => this.SUBRULE(this.deadlineProperty) },
      { ALT: () => this.SUBRULE(this.installmentProperty) },
      { ALT: () => this.SUBRULE(this.feeProperty) },
    ]);
  });

  private consumeOneOf(words: readonly (keyof typeof kw)[]): IToken {
    return this.OR(words.map((word) => ({ ALT: () => this.CONSUME(kw[word]) })));
  }

  private flagProperty = this.RULE("flagProperty", (): Property => {
    const token = this.consumeOneOf(["self", "attorney-fees", "inbound", "final"]);
    const name = word(token) as "self" | "attorney-fees" | "inbound" | "final";
    return { name, start: startOf(token), end: endOf(token) };
  });

  private textProperty = this.RULE("textProperty", (): Property => {
    const token = this.consumeOneOf([
      "address", "email", "phone", "pay", "registration", "scope", "number", "ref", "with",
    ]);
    const text = this.SUBRULE(this.text);
    const name = word(token) as "address";
    return { name, text, start: startOf(token), end: endOf(text) };
  });

  private pathProperty = this.RULE("pathProperty", (): Property => {
    const token = this.consumeOneOf(["evidence", "receipt"]);
    const path = this.SUBRULE(this.text);
    const name = word(token) as "evidence" | "receipt";
    return { name, path, start: startOf(token), end: endOf(path) };
  });

  private contactProperty = this.RULE("contactProperty", (): Property => {
    const token = this.CONSUME(kw.contact);
    const person = this.SUBRULE(this.text);
    const role = this.SUBRULE(this.optionalText);
    return { name: "contact", person, role, start: startOf(token), end: endOf(role ?? person) };
  });

  private idProperty = this.RULE("idProperty", (): Property => {
    const token = this.consumeOneOf(["jurisdiction", "creditor", "policy", "currency", "via"]);
    const id = this.SUBRULE(this.id);
    const name = word(token) as "jurisdiction";
    return { name, id, start: startOf(token), end: endOf(id) };
  });

  private stepProperty = this.RULE("stepProperty", (): Property => {
    const token = this.CONSUME(kw.step);
    const step = this.SUBRULE1(this.id);
    const offset = this.SUBRULE1(this.days);
    let deadline: DaysNode | undefined;
    let final: KeywordNode | undefined;
    let via: IdNode | undefined;
    let last: Node = offset;
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(kw.deadline);
            deadline = this.SUBRULE2(this.days);
            last = deadline;
          },
        },
        {
          ALT: () => {
            final = keywordNode(this.CONSUME(kw.final));
            last = final;
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw.via);
            via = this.SUBRULE2(this.id);
            last = via;
          },
        },
      ]);
    });
    return { name: "step", step, offset, deadline, final, via, start: startOf(token), end: endOf(last) };
  });

  private termsProperty = this.RULE("termsProperty", (): Property => {
    const token = this.CONSUME(kw.terms);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(kw.net);
          const net = this.SUBRULE(this.amount);
          return { name: "terms" as const, net, start: startOf(token), end: endOf(net) };
        },
      },
      {
        ALT: () => {
          const due = keywordNode(this.CONSUME(kw["due-on-receipt"]));
          return { name: "terms" as const, dueOnReceipt: due, start: startOf(token), end: endOf(due) };
        },
      },
    ]);
  });

  private lateFeeProperty = this.RULE("lateFeeProperty", (): Property => {
    const token = this.CONSUME(kw["late-fee"]);
    let fixed: MoneyNode | undefined;
    let percent: PercentNode | undefined;
    this.OR1([
      { ALT: () => (fixed = this.SUBRULE(this.money)) },
      { ALT: () => (percent = this.SUBRULE(this.percent)) },
    ]);
    const period = keywordNode(this.consumeOneOf(["monthly", "once"]));
    return { name: "late-fee", fixed, percent, period, start: startOf(token), end: endOf(period) };
  });

  private interestProperty = this.RULE("interestProperty", (): Property => {
    const token = this.CONSUME(kw.interest);
    const rate = this.SUBRULE(this.percent);
    const period = keywordNode(this.CONSUME(kw.yearly));
    return { name: "interest", rate, period, start: startOf(token), end: endOf(period) };
  });

  private dateProperty = this.RULE("dateProperty", (): Property => {
    const token = this.consumeOneOf(["due", "hearing"]);
    const date = this.SUBRULE(this.date);
    const name = word(token) as "due" | "hearing";
    return { name, date, start: startOf(token), end: endOf(date) };
  });

  private itemProperty = this.RULE("itemProperty", (): Property => {
    const token = this.CONSUME(kw.item);
    const text = this.SUBRULE(this.text);
    const money = this.SUBRULE(this.money);
    return { name: "item", text, money, start: startOf(token), end: endOf(money) };
  });

  private promiseProperty = this.RULE("promiseProperty", (): Property => {
    const token = this.CONSUME(kw.promise);
    const date = this.SUBRULE(this.date);
    let money: MoneyNode | undefined;
    this.OPTION(() => {
      money = this.SUBRULE(this.money);
    });
    return { name: "promise", date, money, start: startOf(token), end: endOf(money ?? date) };
  });

  private reProperty = this.RULE("reProperty", (): Property => {
    const token = this.CONSUME(kw.re);
    const invoices = this.SUBRULE(this.idList);
    const last = invoices[invoices.length - 1];
    return { name: "re", invoices, start: startOf(token), end: endOf(last ?? token) };
  });

  private deadlineProperty = this.RULE("deadlineProperty", (): Property => {
    const token = this.CONSUME(kw.deadline);
    return this.OR([
      {
        ALT: () => {
          const date = this.SUBRULE(this.date);
          return { name: "deadline" as const, date, start: startOf(token), end: endOf(date) };
        },
      },
      {
        ALT: () => {
          const days = this.SUBRULE(this.days);
          return { name: "deadline" as const, days, start: startOf(token), end: endOf(days) };
        },
      },
    ]);
  });

  private installmentProperty = this.RULE("installmentProperty", (): Property => {
    const token = this.CONSUME(kw.installment);
    const date = this.SUBRULE(this.date);
    const money = this.SUBRULE(this.money);
    return { name: "installment", date, money, start: startOf(token), end: endOf(money) };
  });

  private feeProperty = this.RULE("feeProperty", (): Property => {
    const token = this.CONSUME(kw.fee);
    const rate = this.SUBRULE(this.percent);
    return { name: "fee", rate, start: startOf(token), end: endOf(rate) };
  });
}

export type { DunLineParser };

let sharedParser: DunLineParser | undefined;

/**
 * The one parser instance. Grammar validations run only when asked (in tests); the shipped
 * bundle skips them, as chevrotain recommends.
 */
export function dunParser(options: { validate?: boolean } = {}): DunLineParser {
  if (options.validate) return new DunLineParser(true);
  sharedParser ??= new DunLineParser(false);
  return sharedParser;
}

/** Token types used by the driver to tell what a line starts with. */
export const headerStartTokens: TokenType[] = [DateLiteral, kw.party, kw.policy];
export { Amount, Currency, Days, Percent };
