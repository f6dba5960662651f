/**
 * The history a demand recites: every earlier step on the invoices it covers, in date order
 * (invoice sent, reminders, calls with whom and what was promised, earlier letters and
 * demands, suspensions, plans, disputes, payments and credits). "Your first debt collection
 * letter should summarize your previous attempts to communicate with the client."
 */
import type { Entry } from "../../grammar";
import type { InvoiceModel, IsoDate, Ledger } from "../engine";
import { formatMoney } from "../engine/money";
import { receivedBetween } from "../engine/balances";
import { firstMissedInstallment } from "../engine/ladder";
import type { PromiseModel } from "../engine/ledger";
import { demandDeadline } from "../rules/escalation";
import { byChannel, idOf, invoicesPhrase, listed, quoted, textOf, writtenDate, type DateStyle } from "./wording";

export interface HistoryLine {
  date: string;
  isoDate: IsoDate;
  text: string;
}

interface Event {
  date: IsoDate;
  /** Orders events of one day: the file and offset of the entry (synthetic events go last). */
  file: string;
  offset: number;
  text: string;
}

/** The printed invoice number (`number "…"`), else the id. */
export function invoiceNumber(invoice: InvoiceModel): string {
  return textOf(invoice.entry, "number") ?? invoice.id;
}

export function letterHistory(ledger: Ledger, covered: InvoiceModel[], style: DateStyle): HistoryLine[] {
  const today = ledger.today;
  const inScope = new Set(covered);
  const seen = new Set<Entry>();
  const events: Event[] = [];
  const date = (iso: IsoDate) => writtenDate(iso, style);
  const add = (iso: IsoDate, entry: { file: string; entry: Entry } | undefined, text: string) =>
    events.push({ date: iso, file: entry?.file ?? "\uffff", offset: entry?.entry.start ?? 0, text });
  /** The covered invoices an entry names, as the debtor knows them. */
  const numbersIn = (invoices: InvoiceModel[]) => invoicesPhrase(invoices.filter((i) => inScope.has(i)).map(invoiceNumber));
  const entryInvoices = (entry: Entry) => covered.filter((invoice) => invoice.actions.some((a) => a.entry === entry));

  for (const invoice of covered) {
    const wasSent = invoice.actions.some((a) => a.kind === "sent");
    if (!wasSent) add(invoice.date, invoice, `We issued invoice ${invoiceNumber(invoice)} for ${formatMoney(invoice.amount, invoice.currency)}, due ${date(invoice.due)}.`);
    for (const action of invoice.actions) {
      if (seen.has(action.entry)) continue;
      seen.add(action.entry);
      const text = actionText(action.entry, entryInvoices(action.entry), { ledger, numbersIn, date, today });
      if (text) add(action.date, action, text);
    }
    for (const event of invoice.money) {
      if (seen.has(event.entry)) continue;
      seen.add(event.entry);
      add(event.date, event, moneyText(ledger, event.entry, numbersIn));
    }
    for (const dispute of invoice.disputes) {
      add(dispute.date, dispute, `You disputed invoice ${invoiceNumber(invoice)}: ${quoted(dispute.entry.text.value)}.`);
      if (dispute.resolvedOn) add(dispute.resolvedOn, undefined, `The dispute on invoice ${invoiceNumber(invoice)} was settled.`);
    }
    for (const plan of invoice.plans) {
      if (seen.has(plan.entry)) continue;
      seen.add(plan.entry);
      const installments = plan.installments.map((i) => `${formatMoney(i.units, invoice.currency)} on ${date(i.date)}`);
      add(plan.date, plan, `We agreed a payment plan with you for ${numbersIn(plan.invoices)}: ${listed(installments)}.`);
      const missed = firstMissedInstallment(plan, today);
      if (missed) add(missed.date, undefined, `The installment of ${formatMoney(missed.units, invoice.currency)} due on ${date(missed.date)} under the payment plan was not paid.`);
    }
  }
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset));
  return events.map((e) => ({ date: date(e.date), isoDate: e.date, text: e.text }));
}

interface Wording {
  ledger: Ledger;
  today: IsoDate;
  numbersIn(invoices: InvoiceModel[]): string;
  date(iso: IsoDate): string;
}

function actionText(entry: Entry, invoices: InvoiceModel[], w: Wording): string | undefined {
  const notes = (text: string | undefined) => (text ? `: ${quoted(text)}` : "");
  switch (entry.kind) {
    case "sent": {
      const each = invoices.map((i) => `${invoiceNumber(i)} (${formatMoney(i.amount, i.currency)}, due ${w.date(i.due)})`);
      return `We sent you ${invoices.length === 1 ? "invoice" : "invoices"} ${listed(each)} ${byChannel(entry.channel.name)}.`;
    }
    case "reminder":
      return `We sent a payment reminder for ${w.numbersIn(invoices)} ${byChannel(entry.channel.name)}${promises(entry, invoices, w)}.`;
    case "demand": {
      const invoice = invoices[0];
      const demand = invoice?.demands.find((d) => d.entry === entry);
      const until = demand && invoice ? demandDeadline(demand, invoice.contract?.policy ?? w.ledger.defaultPolicy) : undefined;
      return `We sent you a ${demand?.final ? "final demand" : "formal demand"} for ${w.numbersIn(invoices)} ${byChannel(entry.channel.name)}${until ? `, with a deadline of ${w.date(until)}` : ""}.`;
    }
    case "call":
    case "email":
    case "letter":
    case "meeting":
    case "message": {
      const inbound = entry.properties.some((p) => p.name === "inbound");
      const person = textOf(entry, "with");
      return `${contactPhrase(entry.kind, inbound, person)} about ${w.numbersIn(invoices)}${notes(entry.text?.value)}${promises(entry, invoices, w)}.`;
    }
    case "suspend":
      return `We suspended work under contract ${entry.contract.name}${notes(entry.text?.value)}.`;
    case "resume":
      return `We resumed work under contract ${entry.contract.name}${notes(entry.text?.value)}.`;
    case "collections":
      return `We referred ${w.numbersIn(invoices)} to ${entry.text.value}.`;
    case "claim":
      return `We filed a claim for ${w.numbersIn(invoices)} in ${entry.text.value}.`;
    case "judgment":
      return `Judgment was given on ${w.numbersIn(invoices)} for ${entry.money.amount.text} ${entry.money.currency?.name ?? invoices[0]?.currency ?? ""}.`;
    default:
      return undefined;
  }
}

function contactPhrase(kind: string, inbound: boolean, person: string | undefined): string {
  const who = person ? ` (${person})` : "";
  switch (kind) {
    case "call":
      return inbound ? `You telephoned us${who}` : person ? `We spoke by telephone with ${person}` : "We telephoned you";
    case "email":
      return inbound ? `You emailed us${who}` : person ? `We emailed ${person}` : "We emailed you";
    case "letter":
      return inbound ? `You wrote to us${who}` : person ? `We wrote to ${person}` : "We wrote to you";
    case "meeting":
      return person ? `We met with ${person}` : "We met with you";
    default:
      return inbound ? `You sent us a message${who}` : person ? `We sent a message to ${person}` : "We sent you a message";
  }
}

/** "; payment was promised by 20 March 2026 and did not arrive" for each promise on the entry. */
function promises(entry: Entry, invoices: InvoiceModel[], w: Wording): string {
  const parts: string[] = [];
  for (const property of entry.properties) {
    if (property.name !== "promise") continue;
    const models = invoices.flatMap((i) => i.promises).filter((p, index, all) => p.property === property && all.indexOf(p) === index);
    const by = property.date.valid ? w.date(property.date.text) : property.date.text;
    const amount = models.length > 0 ? listed(models.map((m) => formatMoney(m.units, m.currency))) : "";
    parts.push(`; payment of ${amount || "the balance"} was promised by ${by}${outcome(models, w.today)}`);
  }
  return parts.join("");
}

function outcome(models: PromiseModel[], today: IsoDate): string {
  if (models.length === 0 || models.some((m) => m.by >= today)) return "";
  const received = models.map((m) => ({ m, paid: receivedBetween(m.invoices, m.madeOn, m.by) }));
  if (received.every(({ m, paid }) => paid >= m.units)) return ", and it was paid";
  if (received.every(({ paid }) => paid === 0)) return ", and nothing was paid by that date";
  return `, and only ${listed(received.map(({ m, paid }) => formatMoney(paid, m.currency)))} was paid by that date`;
}

/** A payment or credit: its whole amount, and how it was split where it went to several invoices. */
function moneyText(ledger: Ledger, entry: Entry, numbersIn: (invoices: InvoiceModel[]) => string): string {
  const shares: { invoice: InvoiceModel; units: number }[] = [];
  for (const invoice of ledger.invoices.values()) {
    for (const event of invoice.money) if (event.entry === entry) shares.push({ invoice, units: event.units });
  }
  const currency = shares[0]?.invoice.currency ?? "";
  const total = formatMoney(shares.reduce((sum, s) => sum + s.units, 0), currency);
  if (entry.kind === "credit") return `We credited ${total} to ${numbersIn(shares.map((s) => s.invoice))}: ${quoted(entry.text.value)}.`;
  const method = idOf(entry, "via");
  const ref = textOf(entry, "ref");
  const what = `We received your ${method ? `${method.replace(/-/g, " ")} ` : ""}payment of ${total}${ref ? ` (reference ${ref})` : ""}`;
  if (shares.length === 1) return `${what} on invoice ${invoiceNumber(shares[0]!.invoice)}.`;
  const split = shares.map((s) => `${formatMoney(s.units, currency)} to invoice ${invoiceNumber(s.invoice)}`);
  return `${what}, applied ${listed(split)}.`;
}
