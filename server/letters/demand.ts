/**
 * The facts of a first or final demand, gathered from the analysis into plain data with every
 * figure and date already written out, ready for a template. "Include the invoice number,
 * amount and original due date; the total now due including any accrued late fees; a firm
 * deadline (7–10 days); a statement that failure to pay will result in collections referral
 * or legal action" — and nothing the ladder does not foresee.
 */
import type { Analysis, InvoiceReport, IsoDate, LadderStep } from "../engine";
import { addDays } from "../engine/dates";
import { openDispute } from "../engine/ladder";
import { accounts, type AccountFacts } from "./accounts";
import { clauses, contractFacts, contractsOf, enclosures, uncontracted, type ContractFacts, type EnclosureFacts, type UncontractedFacts } from "./basis";
import { heading, type HeadingFacts } from "./heading";
import { invoiceNumber, letterHistory, type HistoryLine } from "./history";
import type { Selection } from "./selection";
import { countryOf, deliveryLine, invoicesPhrase, moneyList, quoted, writtenDate, type Paper } from "./wording";

export interface DemandFacts extends HeadingFacts {
  final: boolean;
  /** "Invoices 1001, 1002 and 1003". */
  subject: string;
  /** "invoices 1001, 1002 and 1003" and its verb, "remain" (or "remains"). */
  invoicesPhrase: string;
  remain: string;
  delivery: string;
  channel: string;
  /** The total due today, per currency: "58,762.13 USD". */
  total: string;
  accounts: AccountFacts[];
  contracts: ContractFacts[];
  hasContracts: boolean;
  uncontracted: UncontractedFacts[];
  hasUncontracted: boolean;
  clauses: string[];
  hasClauses: boolean;
  /** "Interest continues to run at 15.72 USD a day …", further monthly fees. */
  accruing: string[];
  hasAccruing: boolean;
  history: HistoryLine[];
  hasHistory: boolean;
  deadline: string;
  deadlineIso: IsoDate;
  deadlineDays: number;
  consequences: string[];
  hasConsequences: boolean;
  /** Final demand: the first demand it follows. */
  firstDemand?: { date: string; isoDate: IsoDate; invoices: string; deadline: string };
  /** Final demand: the ladder's next step and the day after the deadline it will be taken. */
  nextStep?: { action: string; date: string; isoDate: IsoDate };
  /** Open invoices the letter leaves out, and why: "you dispute it (since …: “…”)". */
  leftOut: { number: string; why: string }[];
  hasLeftOut: boolean;
  enclosures: EnclosureFacts[];
  hasEnclosures: boolean;
}

/** The demand step of each invoice's ladder, and the steps after it. */
function ladderAround(report: InvoiceReport, final: boolean): { step?: LadderStep; later: LadderStep[] } {
  const steps = report.ladder.steps;
  const index = steps.findIndex((s) => s.kind === "demand" && s.final === final);
  return { step: steps[index], later: index >= 0 ? steps.slice(index + 1) : steps };
}

export function demandFacts(analysis: Analysis, selection: Selection, final: boolean, paper?: Paper): DemandFacts {
  const today = analysis.ledger.today;
  const { reports } = selection;
  const head = heading(selection, final ? "final-demand" : "demand", "Formal demand for payment", today, paper);
  if (final) head.title = countryOf(head.jurisdiction) === "GB" ? "Letter before action" : "Final demand for payment";
  const style = head.dateStyle;
  const date = (iso: IsoDate) => writtenDate(iso, style);
  const ladders = reports.map((r) => ladderAround(r, final));
  const deadlineDays = Math.max(...ladders.map((l) => l.step?.deadline ?? (final ? 7 : 10)));
  const channel = ladders[0]?.step?.via ?? "certified-mail";
  const deadlineIso = addDays(today, deadlineDays);
  const numbers = reports.map((r) => invoiceNumber(r.invoice));
  const phrase = invoicesPhrase(numbers);
  const tables = accounts(reports, today, style);
  const contracts = contractsOf(reports);
  const clauseLines = clauses(contracts, style);
  const accruing = accruingLines(tables, contracts.some((c) => c.lateFee?.period === "monthly"), date(today));
  const later = ladders.flatMap((l) => l.later);
  const { consequences, nextStep } = whatHappensNext(selection, later, final, clauseLines.length > 0, addDays(deadlineIso, 1), date);
  const history = letterHistory(analysis.ledger, reports.map((r) => r.invoice), style);
  const leftOut = selection.leftOut.map((r) => ({ number: invoiceNumber(r.invoice), why: pausedBecause(r, today, date) }));
  const enclosed = enclosures(reports, style);
  return {
    ...head,
    final,
    subject: phrase.charAt(0).toUpperCase() + phrase.slice(1),
    invoicesPhrase: phrase,
    remain: numbers.length === 1 ? "remains" : "remain",
    delivery: deliveryLine(channel, head.debtor.email),
    channel,
    total: moneyList(new Map(tables.map((t) => [t.currency, t.totalDueUnits]))),
    accounts: tables,
    contracts: contracts.map((c) => contractFacts(c, reports.map((r) => r.invoice), style)),
    hasContracts: contracts.length > 0,
    uncontracted: reports.filter((r) => !r.invoice.contract).map((r) => uncontracted(r.invoice, style)),
    hasUncontracted: reports.some((r) => !r.invoice.contract),
    clauses: clauseLines,
    hasClauses: clauseLines.length > 0,
    accruing,
    hasAccruing: accruing.length > 0,
    history,
    hasHistory: history.length > 0,
    deadline: date(deadlineIso),
    deadlineIso,
    deadlineDays,
    consequences,
    hasConsequences: consequences.length > 0,
    firstDemand: final ? firstDemandFacts(reports, date) : undefined,
    nextStep,
    leftOut,
    hasLeftOut: leftOut.length > 0,
    enclosures: enclosed,
    hasEnclosures: enclosed.length > 0,
  };
}

/** Why an invoice is left out of a demand, in words to the debtor. */
function pausedBecause(report: InvoiceReport, today: IsoDate, date: (iso: IsoDate) => string): string {
  const { invoice } = report;
  if (report.ladder.pausedBy === "dispute") {
    const dispute = openDispute(invoice, today)!;
    return `you dispute it (since ${date(dispute.date)}: ${quoted(dispute.entry.text.value)}); we will take that up with you separately`;
  }
  if (report.ladder.pausedBy === "promise") {
    const by = invoice.promises.filter((p) => p.madeOn <= today && today <= p.by).map((p) => p.by).sort().pop()!;
    return `you have promised to pay it by ${date(by)}`;
  }
  return "it is being paid under our payment plan";
}

function accruingLines(tables: AccountFacts[], monthlyFees: boolean, today: string): string[] {
  const perDay = new Map(tables.filter((t) => t.perDayUnits > 0).map((t) => [t.currency, t.perDayUnits]));
  const found: string[] = [];
  if (perDay.size > 0) found.push(`Interest continues to run at ${moneyList(perDay)} a day after ${today} until payment.`);
  if (monthlyFees) found.push("A further late fee falls due under the same clause for each further month an invoice remains unpaid.");
  return found;
}

/** The latest first (non-final) demand on any covered invoice. */
function firstDemandFacts(reports: InvoiceReport[], date: (iso: IsoDate) => string): DemandFacts["firstDemand"] {
  const demands = reports.flatMap((r) => r.invoice.demands.filter((d) => !d.final).map((d) => ({ d, r })));
  const latest = demands.sort((a, b) => (a.d.date < b.d.date ? -1 : a.d.date > b.d.date ? 1 : 0)).pop();
  if (!latest) return undefined;
  const covered = reports.filter((r) => latest.d.invoices.includes(r.invoice)).map((r) => invoiceNumber(r.invoice));
  const deadline = latest.d.deadline ?? addDays(latest.d.date, latest.r.ladder.steps.find((s) => s.kind === "demand" && !s.final)?.deadline ?? 10);
  return { date: date(latest.d.date), isoDate: latest.d.date, invoices: invoicesPhrase(covered), deadline: date(deadline) };
}

const ACTIONS = {
  collections: "refer this debt to a collection agency",
  claim: "file a claim against you in court for the full amount due",
} as const;

/**
 * What happens if the deadline passes, from the ladder's later steps only: suspension of
 * work under a contract, collections, a court claim, and attorney fees where a contract
 * provides for them.
 */
function whatHappensNext(
  selection: Selection,
  later: LadderStep[],
  final: boolean,
  charges: boolean,
  dayAfter: IsoDate,
  date: (iso: IsoDate) => string,
): { consequences: string[]; nextStep?: DemandFacts["nextStep"] } {
  const consequences: string[] = [];
  const kinds = new Set(later.map((s) => s.kind));
  const suspendable = selection.reports.some((r) => r.ladder.steps.some((s) => s.kind === "suspend"));
  for (const contract of contractsOf(selection.reports)) {
    const stops = contract.invoices.flatMap((i) => i.actions).filter((a) => a.kind === "suspend" || a.kind === "resume");
    const last = stops.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).pop();
    if (last?.kind === "suspend") consequences.push(`Work under contract ${contract.id} stays suspended, as it has been since ${date(last.date)}, until the balance is paid in full.`);
    else if (suspendable) consequences.push(`We will suspend all further work under contract ${contract.id} until the balance is paid in full.`);
  }
  const withCharges = charges ? ", with the late fees and interest" : "";
  let nextStep: DemandFacts["nextStep"];
  const first = later.find((s) => s.kind === "collections" || s.kind === "claim");
  if (final && first) {
    nextStep = { action: ACTIONS[first.kind as "collections" | "claim"], date: date(dayAfter), isoDate: dayAfter };
    if (first.kind === "collections" && kinds.has("claim")) consequences.push(`If the debt is still unpaid after that, we will file a claim against you in court for the full amount due${withCharges}.`);
  } else if (kinds.has("collections") && kinds.has("claim")) {
    consequences.push(`We will refer this debt to a collection agency and, if it is still unpaid, file a claim against you in court for the full amount due${withCharges}.`);
  } else if (first) {
    consequences.push(`We will ${ACTIONS[first.kind as "collections" | "claim"]}${first.kind === "claim" ? withCharges : ""}.`);
  }
  if (first) {
    for (const contract of contractsOf(selection.reports).filter((c) => c.attorneyFees)) {
      consequences.push(`Contract ${contract.id} provides for attorney fees: we will claim ours from you as well.`);
    }
  }
  return { consequences, nextStep };
}
