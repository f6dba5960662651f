/**
 * Builds the `Ledger` from the parsed files: definitions across files (and their duplicates),
 * references (and the unknown ones, with the nearest id as a suggestion), values decoded to
 * exact money and dates (and the bad ones), payments applied, and every action attached to
 * the invoices it covers. Entries dated after today take part in no figure.
 *
 * Reports: syntax, duplicate-id, unknown-ref, bad-date, bad-amount, bad-currency,
 * currency-mismatch, and `overpaid` for the leftover of a payment to a party.
 */
import { posix } from "node:path";
import { distance } from "fastest-levenshtein";
import { ENTRY_KINDS, STEP_KINDS, type DateNode, type Entry, type EntryOf, type IdNode, type MoneyNode, type PropertyOf } from "../../grammar";
import { addDays, dayNumber, type IsoDate } from "./dates";
import type {
  ContractModel,
  InvoiceModel,
  Ledger,
  PartyModel,
  PlanModel,
  PolicyModel,
  PromiseModel,
} from "./ledger";
import { currencyExponent, formatMoney, toMinorUnits } from "./money";
import { balanceOn, isOpenOn } from "./balances";
import { builtInPolicies } from "./policies";
import type { Reporter } from "./reporter";
import type { SourceFile } from "./workspace";

export interface LedgerOptions {
  today: IsoDate;
  /** Currency of amounts that name none and whose invoice or contract names none. */
  defaultCurrency: string;
  /** The policy an invoice follows when its contract names none (default `standard`). */
  defaultPolicy?: string;
  /**
   * The ids an unknown reference may be near, for "did you mean": every definition of these
   * kinds in the workspace. Given when only part of the workspace is built (incremental
   * analysis); otherwise the definitions read here.
   */
  suggestionIds?: (kinds: readonly DefinitionKind[]) => Iterable<string>;
}

export type DefinitionKind = "party" | "policy" | "contract" | "invoice";

interface Definition {
  kind: DefinitionKind | "broken";
  file: string;
  entry: Entry | undefined;
  /** What the definition built, once built: references reach it with one lookup. */
  model: PartyModel | ContractModel | InvoiceModel | undefined;
}

/** An entry as read, with the definition it makes (undefined for other kinds, and duplicates). */
interface ReadEntry<E extends Entry> {
  file: string;
  entry: E;
  defines: Definition | undefined;
}

/** The kinds each reference may name (one array each, not one per reference). */
const PARTY: DefinitionKind[] = ["party"];
const POLICY: DefinitionKind[] = ["policy"];
const CONTRACT: DefinitionKind[] = ["contract"];
const INVOICE: DefinitionKind[] = ["invoice"];
const CONTRACT_OR_PARTY: DefinitionKind[] = ["contract", "party"];
const INVOICE_OR_PARTY: DefinitionKind[] = ["invoice", "party"];
const ANY_TARGET: DefinitionKind[] = ["party", "contract", "invoice"];

const KIND_NAMES: Record<DefinitionKind, string> = {
  party: "party",
  policy: "policy",
  contract: "contract",
  invoice: "invoice",
};

export function buildLedger(files: SourceFile[], options: LedgerOptions, reporter: Reporter): Ledger {
  return new LedgerBuilder(files, options, reporter).build();
}

class LedgerBuilder {
  private readonly definitions = new Map<string, Definition>();
  private readonly ledger: Ledger;

  constructor(
    private readonly files: SourceFile[],
    private readonly options: LedgerOptions,
    private readonly reporter: Reporter,
  ) {
    const policies = builtInPolicies();
    this.ledger = {
      today: options.today,
      parties: new Map(),
      policies,
      contracts: new Map(),
      invoices: new Map(),
      defaultPolicy: policies.get("standard")!,
    };
  }

  build(): Ledger {
    this.reportSyntax();
    this.readEntries();
    for (const { file, entry, defines } of this.entriesOf("party")) this.addParty(file, entry, defines);
    for (const { file, entry, defines } of this.entriesOf("policy")) this.addPolicy(file, entry, defines);
    const defaultPolicy = this.ledger.policies.get(this.options.defaultPolicy ?? "standard");
    if (defaultPolicy) this.ledger.defaultPolicy = defaultPolicy;
    for (const { file, entry, defines } of this.entriesOf("contract")) this.addContract(file, entry, defines);
    for (const { file, entry, defines } of this.entriesOf("invoice")) this.addInvoice(file, entry, defines);
    this.ledger.self = this.selfParties[0];
    this.applyMoney();
    this.attachActions();
    this.compact();
    return this.ledger;
  }

  /**
   * The models' lists, complete now, copied to their length: an array pushed to once holds 17
   * slots, and the server keeps every model (at 10,000 cases, 5.5 MiB of its heap).
   */
  private compact(): void {
    const { parties, contracts, invoices } = this.ledger;
    for (const party of parties.values()) party.invoices = fitted(party.invoices);
    for (const contract of contracts.values()) {
      contract.work = fitted(contract.work);
      contract.invoices = fitted(contract.invoices);
    }
    for (const invoice of invoices.values()) {
      invoice.money = fitted(invoice.money);
      invoice.actions = fitted(invoice.actions);
      invoice.disputes = fitted(invoice.disputes);
      invoice.promises = fitted(invoice.promises);
      invoice.plans = fitted(invoice.plans);
      invoice.demands = fitted(invoice.demands);
    }
  }

  // --- reading the files ----------------------------------------------------------------

  private reportSyntax(): void {
    for (const file of this.files) {
      for (const error of file.tree.errors) this.reporter.report(file.path, error.range, "syntax", error.message);
    }
  }

  /**
   * Every entry by the pass that reads it (a definition's kind, `money` or `action`), in file
   * order then source order: filled by `readEntries`, so the files are read once for every pass.
   */
  private readonly byPass = new Map<string, ReadEntry<Entry>[]>();

  private entriesFor(pass: string): ReadEntry<Entry>[] {
    return this.byPass.get(pass) ?? [];
  }

  private entriesOf<K extends Entry["kind"]>(kind: K): ReadEntry<EntryOf<K>>[] {
    return this.entriesFor(kind) as ReadEntry<EntryOf<K>>[];
  }

  /** A dated entry's date, if it is a real date (a bad one is reported here, once). */
  private dateOf(file: string, node: DateNode): IsoDate | undefined {
    if (node.valid) return node.text;
    this.reporter.report(file, node, "bad-date", `\`${node.text}\` is not a calendar date`);
    return undefined;
  }

  /** True when the entry counts for figures: a real date, not after today. */
  private counts(date: IsoDate | undefined): date is IsoDate {
    return date !== undefined && date <= this.options.today;
  }

  // --- definitions ------------------------------------------------------------------------

  /** Sorts the entries into their passes, and collects the definitions (reporting duplicates). */
  private readEntries(): void {
    for (const file of this.files) {
      for (const entry of file.tree.entries) {
        if (entry.kind === "broken") {
          if (entry.definedId && !this.definitions.has(entry.definedId)) {
            this.definitions.set(entry.definedId, { kind: "broken", file: file.path, entry: undefined, model: undefined });
          }
          continue;
        }
        const read: ReadEntry<Entry> = { file: file.path, entry, defines: this.define(file.path, entry) };
        const pass = MONEY_KINDS.has(entry.kind) ? "money" : ACTION_KINDS.has(entry.kind) ? "action" : entry.kind;
        const list = this.byPass.get(pass);
        if (list) list.push(read);
        else this.byPass.set(pass, [read]);
      }
    }
  }

  /** The definition a party, policy, contract or invoice makes; undefined for a duplicate (reported). */
  private define(file: string, entry: Entry): Definition | undefined {
    if (entry.kind !== "party" && entry.kind !== "policy" && entry.kind !== "contract" && entry.kind !== "invoice") return undefined;
    const known = this.definitions.get(entry.id.name);
    if (known && known.kind !== "broken") {
      const shown = posix.relative(posix.dirname(file), known.file) || posix.basename(known.file);
      const where = known.entry ? `${shown}:${this.lineOf(known.file, known.entry.header.start)}` : shown;
      this.reporter.report(file, entry.id, "duplicate-id", `\`${entry.id.name}\` is already defined at ${where}`);
      return undefined;
    }
    const definition: Definition = { kind: entry.kind, file, entry, model: undefined };
    this.definitions.set(entry.id.name, definition);
    return definition;
  }

  private filesByPath: Map<string, SourceFile> | undefined;

  private lineOf(path: string, offset: number): number {
    this.filesByPath ??= new Map(this.files.map((f) => [f.path, f]));
    const file = this.filesByPath.get(path);
    return file ? file.lines.positionAt(offset).line + 1 : 0;
  }

  /**
   * The definition an id refers to, if it is of one of the expected kinds; otherwise reports
   * `unknown-ref` with the nearest id of those kinds.
   */
  private resolve(file: string, node: IdNode, expected: DefinitionKind[], definition = this.definitions.get(node.name)): Definition | undefined {
    if (definition?.kind === "broken") return undefined;
    if (definition && (expected as string[]).includes(definition.kind)) return definition;
    const names = expected.map((kind) => KIND_NAMES[kind]);
    const wanted = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}` : names[0]!;
    if (definition) {
      this.reporter.report(file, node, "unknown-ref", `\`${node.name}\` is a ${definition.kind}, not ${article(wanted)} ${wanted}`);
      return undefined;
    }
    const best = this.nearest(node.name, expected);
    const near = best !== undefined && distance(node.name, best) <= Math.max(2, Math.floor(node.name.length / 3));
    this.reporter.report(
      file,
      node,
      "unknown-ref",
      `no ${wanted} \`${node.name}\`${near ? `; did you mean \`${best}\`?` : ""}`,
      near ? { kind: "suggestion", replacement: best } : undefined,
    );
    return undefined;
  }

  /** The defined id of one of these kinds nearest to `name`; ties go to the first in code-point order. */
  private nearest(name: string, kinds: DefinitionKind[]): string | undefined {
    const candidates =
      this.options.suggestionIds?.(kinds) ??
      [...this.definitions].flatMap(([id, d]) => ((kinds as string[]).includes(d.kind) ? [id] : []));
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
      const d = distance(name, candidate);
      if (d < bestDistance || (d === bestDistance && candidate < best!)) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  private party(file: string, node: IdNode): PartyModel | undefined {
    return this.resolve(file, node, PARTY)?.model as PartyModel | undefined;
  }

  private contract(file: string, node: IdNode): ContractModel | undefined {
    return this.resolve(file, node, CONTRACT)?.model as ContractModel | undefined;
  }

  private invoices(file: string, nodes: IdNode[]): InvoiceModel[] {
    const found: InvoiceModel[] = [];
    for (const node of nodes) {
      const invoice = this.resolve(file, node, INVOICE)?.model as InvoiceModel | undefined;
      if (invoice && !found.includes(invoice)) found.push(invoice);
    }
    return found;
  }

  // --- money ------------------------------------------------------------------------------

  /** A written amount in minor units of `currency` (the code written beside it wins). */
  private money(file: string, node: MoneyNode, currency: string): { units: number; currency: string } | undefined {
    const code = node.currency?.name ?? currency;
    const exponent = currencyExponent(code);
    if (exponent === undefined) {
      const range = node.currency ?? node;
      this.reporter.report(file, range, "bad-currency", `\`${code}\` is not an ISO 4217 currency code`);
      return undefined;
    }
    const result = toMinorUnits(node.amount, exponent);
    if (!result.ok) {
      const message =
        result.problem === "too-large"
          ? `\`${node.amount.text}\` is too large an amount`
          : `\`${node.amount.text}\` has more decimals than ${code} has (${exponent})`;
      this.reporter.report(file, node.amount, "bad-amount", message);
      return undefined;
    }
    return { units: result.units, currency: code };
  }

  /** Money that must be in `currency`: a different code is a currency-mismatch. */
  private moneyIn(file: string, node: MoneyNode, invoice: { id: string; currency: string }, what: string): number | undefined {
    const currency = invoice.currency;
    const decoded = this.money(file, node, currency);
    if (!decoded) return undefined;
    if (decoded.currency !== currency) {
      this.reporter.report(
        file,
        node,
        "currency-mismatch",
        `${what} in ${decoded.currency} on invoice \`${invoice.id}\` in ${currency} is left out of every figure`,
      );
      return undefined;
    }
    return decoded.units;
  }

  // --- parties, policies, contracts, invoices -----------------------------------------------

  private addParty(file: string, entry: EntryOf<"party">, defines: Definition | undefined): void {
    if (!defines) return;
    const self = entry.properties.some((p) => p.name === "self");
    const party: PartyModel = { id: entry.id.name, file, entry, name: entry.name?.value ?? entry.id.name, self, invoices: [] };
    this.ledger.parties.set(party.id, party);
    defines.model = party;
    if (self) this.selfParties.push(party);
  }

  private readonly selfParties: PartyModel[] = [];
  private readonly feeMismatchReported = new Set<ContractModel>();

  /**
   * The `self` party for an entry in `file`: the one defined in the same file, else in the
   * nearest folder above it, else the first. A workspace may keep several creditors' cases.
   */
  private selfFor(file: string): PartyModel | undefined {
    let best: PartyModel | undefined;
    let bestDepth = -1;
    for (const party of this.selfParties) {
      if (party.file === file) return party;
      const folder = party.file.slice(0, party.file.lastIndexOf("/") + 1);
      if (file.startsWith(folder) && folder.length > bestDepth) {
        best = party;
        bestDepth = folder.length;
      }
    }
    return best ?? this.selfParties[0];
  }

  private addPolicy(file: string, entry: EntryOf<"policy">, defines: Definition | undefined): void {
    if (!defines) return;
    const steps = entry.properties.flatMap((p) =>
      p.name === "step" && (STEP_KINDS as readonly string[]).includes(p.step.name)
        ? [{ kind: p.step.name as PolicyModel["steps"][number]["kind"], offset: p.offset.days, deadline: p.deadline?.days, final: !!p.final, via: p.via?.name }]
        : [],
    );
    this.ledger.policies.set(entry.id.name, { id: entry.id.name, title: entry.title?.value ?? entry.id.name, steps, source: { file, entry } });
  }

  private addContract(file: string, entry: EntryOf<"contract">, defines: Definition | undefined): void {
    const date = this.dateOf(file, entry.date);
    const debtor = this.party(file, entry.party);
    if (!defines || date === undefined) return;
    const contract: ContractModel = {
      id: entry.id.name, file, entry, date, debtor, creditor: this.selfFor(file),
      attorneyFees: false, work: [], invoices: [],
    };
    for (const property of entry.properties) {
      switch (property.name) {
        case "creditor":
          contract.creditor = this.party(file, property.id) ?? contract.creditor;
          break;
        case "terms":
          contract.netDays = property.net ? this.netDays(file, property) : 0;
          break;
        case "interest":
          contract.interest = property.rate;
          break;
        case "attorney-fees":
          contract.attorneyFees = true;
          break;
        case "currency":
          if (currencyExponent(property.id.name) === undefined) {
            this.reporter.report(file, property.id, "bad-currency", `\`${property.id.name}\` is not an ISO 4217 currency code`);
          } else contract.currency = property.id.name;
          break;
        case "policy":
          if (this.ledger.policies.has(property.id.name) || this.resolve(file, property.id, POLICY)) {
            contract.policy = this.ledger.policies.get(property.id.name);
          }
          break;
      }
    }
    const lateFee = entry.properties.find((p): p is PropertyOf<"late-fee"> => p.name === "late-fee");
    if (lateFee) {
      const currency = contract.currency ?? this.options.defaultCurrency;
      const fixed = lateFee.fixed ? this.money(file, lateFee.fixed, currency) : undefined;
      if (fixed || lateFee.percent) {
        contract.lateFee = { period: lateFee.period.word as "monthly" | "once", fixed, percent: lateFee.percent, property: lateFee };
      }
    }
    this.ledger.contracts.set(contract.id, contract);
    defines.model = contract;
  }

  private netDays(file: string, property: PropertyOf<"terms">): number | undefined {
    const net = property.net!;
    if (net.scale > 0 || net.negative) {
      this.reporter.report(file, net, "syntax", `expected a whole number of days after \`net\`, found \`${net.text}\``);
      return undefined;
    }
    return Number(net.digits);
  }

  private addInvoice(file: string, entry: EntryOf<"invoice">, defines: Definition | undefined): void {
    const date = this.dateOf(file, entry.date);
    const target = this.resolve(file, entry.target, CONTRACT_OR_PARTY);
    const contract = target?.kind === "contract" ? (target.model as ContractModel | undefined) : undefined;
    const debtor = target?.kind === "party" ? (target.model as PartyModel | undefined) : contract?.debtor;
    const currency = entry.money.currency?.name ?? contract?.currency ?? this.options.defaultCurrency;
    const amount = this.money(file, entry.money, currency);
    let dueProperty: PropertyOf<"due"> | undefined;
    let explicitDue: IsoDate | undefined;
    for (const property of entry.properties) {
      if (property.name === "due" && !dueProperty) {
        dueProperty = property;
        explicitDue = this.dateOf(file, property.date);
      } else if (property.name === "item") this.moneyIn(file, property.money, { id: entry.id.name, currency }, "item");
    }
    if (!defines || date === undefined || !amount) return;
    const due = explicitDue ?? addDays(date, contract?.netDays ?? 30);
    const invoice: InvoiceModel = {
      id: entry.id.name, file, entry, date, due, contract, debtor,
      creditor: contract ? contract.creditor : this.selfFor(file),
      currency: amount.currency, amount: amount.units,
      money: [], actions: [], disputes: [], promises: [], plans: [], demands: [],
    };
    this.ledger.invoices.set(invoice.id, invoice);
    defines.model = invoice;
    const fixedFee = contract?.lateFee?.fixed;
    if (contract && fixedFee && fixedFee.currency !== invoice.currency && !this.feeMismatchReported.has(contract)) {
      this.feeMismatchReported.add(contract);
      this.reporter.report(
        contract.file,
        contract.lateFee!.property,
        "currency-mismatch",
        `late fee in ${fixedFee.currency} on invoice \`${invoice.id}\` in ${invoice.currency} is left out of every figure`,
      );
    }
    contract?.invoices.push(invoice);
    debtor?.invoices.push(invoice);
  }

  // --- payments, credits, write-offs -----------------------------------------------------------

  /**
   * Applies money in date order; on one date, payments and credits on an invoice go before
   * payments to a party, which are split over that party's open invoices, oldest due first.
   */
  private applyMoney(): void {
    type Pending = {
      file: string;
      entry: EntryOf<"payment"> | EntryOf<"credit">;
      date: IsoDate;
      /** The date's day number: sorted on, not the date string (which lies elsewhere in memory). */
      day: number;
      /** What a payment's target names, looked up once. */
      target: Definition | undefined;
      phase: number;
      order: number;
    };
    const pending: Pending[] = [];
    let order = 0;
    for (const { file, entry } of this.entriesFor("money") as ReadEntry<EntryOf<"write-off" | "payment" | "credit">>[]) {
      if (entry.kind === "write-off") {
        const date = this.dateOf(file, entry.date);
        const [invoice] = this.invoices(file, [entry.invoice]);
        if (invoice && this.counts(date) && (!invoice.writtenOffOn || date < invoice.writtenOffOn)) invoice.writtenOffOn = date;
        continue;
      }
      if (entry.kind !== "payment" && entry.kind !== "credit") continue;
      const date = this.dateOf(file, entry.date);
      const target = entry.kind === "payment" ? this.definitions.get(entry.target.name) : undefined;
      const toParty = target?.kind === "party";
      if (date !== undefined) pending.push({ file, entry, date, day: dayNumber(date), target, phase: toParty ? 1 : 0, order: order++ });
      else if (entry.kind === "payment") this.resolve(file, entry.target, INVOICE_OR_PARTY, target);
      else this.resolve(file, entry.invoice, INVOICE);
    }
    pending.sort((a, b) => a.day - b.day || a.phase - b.phase || a.order - b.order);
    for (const item of pending) {
      if (item.entry.kind === "credit") this.applyCredit(item.file, item.entry, item.date);
      else this.applyPayment(item.file, item.entry, item.date, item.target);
    }
  }

  private applyCredit(file: string, entry: EntryOf<"credit">, date: IsoDate): void {
    const [invoice] = this.invoices(file, [entry.invoice]);
    if (!invoice) {
      this.money(file, entry.money, this.options.defaultCurrency);
      return;
    }
    const units = this.moneyIn(file, entry.money, invoice, "credit");
    if (units !== undefined && this.counts(date)) invoice.money.push({ kind: "credit", file, entry, date, units });
  }

  private applyPayment(file: string, entry: EntryOf<"payment">, date: IsoDate, named: Definition | undefined): void {
    const target = this.resolve(file, entry.target, INVOICE_OR_PARTY, named);
    if (target?.kind === "invoice") {
      const invoice = target.model as InvoiceModel | undefined;
      if (!invoice) return;
      const units = this.moneyIn(file, entry.money, invoice, "payment");
      if (units !== undefined && this.counts(date)) invoice.money.push({ kind: "payment", file, entry, date, units });
      return;
    }
    const party = target?.model as PartyModel | undefined;
    const currencies = new Set(party?.invoices.map((i) => i.currency));
    const fallback = currencies.size === 1 ? [...currencies][0]! : this.options.defaultCurrency;
    const paid = this.money(file, entry.money, fallback);
    if (!party || !paid || !this.counts(date)) return;
    let left = paid.units;
    const open = party.invoices
      .filter((i) => i.currency === paid.currency && i.date <= date && isOpenOn(i, date))
      .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const invoice of open) {
      if (left <= 0) break;
      const share = Math.min(left, balanceOn(invoice, date));
      invoice.money.push({ kind: "payment", file, entry, date, units: share });
      left -= share;
    }
    if (left > 0) {
      const none = open.length === 0 ? ` had no invoice in ${paid.currency} open on ${date}` : `'s open invoices were all paid`;
      this.reporter.report(file, entry.header, "overpaid", `payment of ${formatMoney(paid.units, paid.currency)} from \`${party.id}\` is ${formatMoney(left, paid.currency)} more than it owed: \`${party.id}\`${none}`);
    }
  }

  // --- everything else that happens to invoices ------------------------------------------------

  private attachActions(): void {
    const dated = this.entriesFor("action") as ReadEntry<Exclude<Entry, { kind: "party" | "policy" }>>[];
    for (const { file, entry } of dated) this.attach(file, entry);
    this.settleDisputes();
    for (const invoice of this.ledger.invoices.values()) {
      if (!inDateOrder(invoice.actions)) invoice.actions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    }
  }

  private attach(file: string, entry: Exclude<Entry, { kind: "party" | "policy" }>): void {
    const date = this.dateOf(file, entry.date);
    switch (entry.kind) {
      case "work": {
        const contract = this.contract(file, entry.contract);
        if (contract && this.counts(date)) contract.work.push({ file, entry, date });
        return;
      }
      case "sent":
      case "reminder": {
        const invoices = this.invoices(file, entry.invoices);
        this.addActions(file, entry, date, invoices);
        if (entry.kind === "reminder") this.addPromises(file, entry, date, invoices);
        return;
      }
      case "demand":
        return this.addDemand(file, entry, date);
      case "call":
      case "email":
      case "letter":
      case "meeting":
      case "message":
        return this.addContact(file, entry, date);
      case "dispute":
      case "resolve":
        return this.addDisputeEvent(file, entry, date);
      case "plan":
        return this.addPlan(file, entry, date);
      case "suspend":
      case "resume": {
        const contract = this.contract(file, entry.contract);
        if (contract) this.addActions(file, entry, date, contract.invoices);
        return;
      }
      case "collections":
      case "claim":
        return this.addActions(file, entry, date, this.invoices(file, entry.invoices));
      case "judgment": {
        const invoices = this.invoices(file, entry.invoices);
        if (invoices[0]) this.moneyIn(file, entry.money, invoices[0], "judgment");
        return this.addActions(file, entry, date, invoices);
      }
      case "note":
        this.resolve(file, entry.target, ANY_TARGET);
        return;
    }
  }

  /** An outbound action, not a final demand, on each of these invoices: when its date counts. */
  private addActions(file: string, entry: Entry, date: IsoDate | undefined, invoices: InvoiceModel[]): void {
    if (!this.counts(date)) return;
    for (const invoice of invoices) invoice.actions.push({ kind: entry.kind, file, entry, date, outbound: true, final: false });
  }

  private addContact(file: string, entry: EntryOf<"call" | "email" | "letter" | "meeting" | "message">, date: IsoDate | undefined): void {
    const party = this.party(file, entry.party);
    const re = entry.properties.find((p): p is PropertyOf<"re"> => p.name === "re");
    let invoices: InvoiceModel[];
    if (re) invoices = this.invoices(file, re.invoices);
    else invoices = party && date ? party.invoices.filter((i) => i.date <= date && isOpenOn(i, date)) : [];
    if (!this.counts(date)) return;
    const inbound = entry.properties.some((p) => p.name === "inbound");
    for (const invoice of invoices) invoice.actions.push({ kind: entry.kind, file, entry, date, outbound: !inbound, final: false });
    this.addPromises(file, entry, date, invoices);
  }

  /**
   * Promises on a reminder or contact. A promise covering invoices in several currencies is
   * one promise per currency: money of different currencies is never added up.
   */
  private addPromises(file: string, entry: Entry, date: IsoDate | undefined, invoices: InvoiceModel[]): void {
    for (const property of entry.properties) {
      if (property.name !== "promise") continue;
      const by = this.dateOf(file, property.date);
      const first = invoices[0];
      if (!first || !this.counts(date) || by === undefined) continue;
      if (property.money) {
        const units = this.moneyIn(file, property.money, first, "promise");
        const covered = invoices.filter((invoice) => invoice.currency === first.currency);
        if (units !== undefined) this.addPromise({ file, property, madeOn: date, by, units, currency: first.currency, invoices: covered });
        continue;
      }
      for (const currency of new Set(invoices.map((invoice) => invoice.currency))) {
        const covered = invoices.filter((invoice) => invoice.currency === currency);
        const units = covered.reduce((sum, invoice) => sum + Math.max(0, balanceOn(invoice, date)), 0);
        this.addPromise({ file, property, madeOn: date, by, units, currency, invoices: covered });
      }
    }
  }

  private addPromise(promise: PromiseModel): void {
    for (const invoice of promise.invoices) invoice.promises.push(promise);
  }

  private addDemand(file: string, entry: EntryOf<"demand">, date: IsoDate | undefined): void {
    const invoices = this.invoices(file, entry.invoices);
    const final = entry.properties.some((p) => p.name === "final");
    const deadlineProperty = entry.properties.find((p): p is PropertyOf<"deadline"> => p.name === "deadline");
    let deadline: IsoDate | undefined;
    if (deadlineProperty?.date) deadline = this.dateOf(file, deadlineProperty.date);
    else if (deadlineProperty?.days && date) deadline = addDays(date, deadlineProperty.days.days);
    if (!this.counts(date)) return;
    const demand = { file, entry, date, final, deadline, invoices };
    for (const invoice of invoices) {
      invoice.actions.push({ kind: "demand", file, entry, date, outbound: true, final });
      invoice.demands.push(demand);
    }
  }

  private addDisputeEvent(file: string, entry: EntryOf<"dispute" | "resolve">, date: IsoDate | undefined): void {
    const [invoice] = this.invoices(file, [entry.invoice]);
    if (!invoice || !this.counts(date)) return;
    if (entry.kind === "dispute") {
      invoice.disputes.push({ file, entry, date });
      return;
    }
    this.resolves.push({ invoice, date });
  }

  /** `resolve` entries, matched to the disputes they end once every entry is read. */
  private readonly resolves: { invoice: InvoiceModel; date: IsoDate }[] = [];

  /** Each resolve ends the disputes on its invoice dated on or before it that are still open. */
  private settleDisputes(): void {
    this.resolves.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const { invoice, date } of this.resolves) {
      for (const dispute of invoice.disputes) {
        if (dispute.date <= date && dispute.resolvedOn === undefined) dispute.resolvedOn = date;
      }
    }
  }

  private addPlan(file: string, entry: EntryOf<"plan">, date: IsoDate | undefined): void {
    const invoices = this.invoices(file, entry.invoices);
    const first = invoices[0] ?? { id: "?", currency: this.options.defaultCurrency };
    const installments: PlanModel["installments"] = [];
    for (const property of entry.properties) {
      if (property.name !== "installment") continue;
      const when = this.dateOf(file, property.date);
      const units = this.moneyIn(file, property.money, first, "installment");
      if (when !== undefined && units !== undefined) installments.push({ file, property, date: when, units });
    }
    if (!entry.properties.some((p) => p.name === "installment")) {
      this.reporter.report(file, entry.header, "syntax", "a `plan` needs at least one `installment DATE AMOUNT` line");
    }
    if (!this.counts(date)) return;
    installments.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const plan: PlanModel = { file, entry, date, invoices, installments };
    for (const invoice of invoices) invoice.plans.push(plan);
  }
}

/** Entries that move money on invoices: applied by `applyMoney`. */
const MONEY_KINDS = new Set<string>(["write-off", "payment", "credit"]);

/** Entries that happen to invoices, besides definitions and money: attached by `attach`. */
const ACTION_KINDS = new Set<string>(
  ENTRY_KINDS.filter((kind) => !["party", "policy", "contract", "invoice", "payment", "credit", "write-off"].includes(kind)),
);

/** True when the events are already in date order: most are, as written, and need no sort. */
/** A list copied to its length (an empty one is kept: it holds no slots). */
function fitted<T>(list: T[]): T[] {
  return list.length > 0 ? list.slice() : list;
}

function inDateOrder(events: { date: IsoDate }[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i - 1]!.date > events[i]!.date) return false;
  return true;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? "an" : "a";
}
