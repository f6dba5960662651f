/**
 * Hover over an id: what a collections clerk wants to know about the thing it names, without
 * leaving the line. An invoice shows its figures as of today and its next ladder step; a party
 * its open balance and invoices; a contract its clauses as written; a policy its steps.
 */
import { MarkupKind, type Hover, type HoverParams } from "vscode-languageserver";
import {
  dailyInterest,
  formatMoney,
  nextStepText,
  occurrenceAt,
  stepName,
  type Analysis,
  type ContractModel,
  type InvoiceReport,
  type Occurrence,
  type PartyModel,
  type PolicyModel,
} from "../../engine";
import type { Entry, PropertyName, PropertyOf } from "../../../grammar";
import { toLspRange, toOffset } from "../convert";
import type { FeatureContext } from "./context";

/** Party invoices listed in a hover before the rest are summed up as "… and N more". */
const MAX_LISTED_INVOICES = 12;

/**
 * The Markdown card for the id under the cursor, or null where there is no known id.
 *
 * `context.analysis` may be only the document's part so far (a staged first analysis under way:
 * `Session.analysisFor`), which holds every model the document names but the `self` party's
 * (a context id, and its card sums every case's invoices): for that party, or an id the part
 * does not know, the card is made from the whole analysis (which `session.current()` finishes).
 */
export function provideHover(context: FeatureContext, params: HoverParams): Hover | null {
  const { file } = context;
  const occurrence = occurrenceAt(file.tree, toOffset(file, params.position));
  if (!occurrence) return null;
  return cardFrom(context, context.analysis, occurrence, false) ?? cardFrom(context, context.session.current(), occurrence, true) ?? null;
}

/** The hover from this analysis; undefined where it needs the whole analysis and this may not be it. */
function cardFrom(context: FeatureContext, analysis: Analysis, occurrence: Occurrence, whole: boolean): Hover | null | undefined {
  const { file } = context;
  const name = occurrence.node.name;
  const ledger = analysis.ledger;
  for (const kind of occurrence.kinds) {
    const models = { invoice: ledger.invoices, party: ledger.parties, contract: ledger.contracts, policy: ledger.policies };
    const model = models[kind].get(name);
    if (!model) continue;
    if (!whole && kind === "party" && (model as PartyModel).self) return undefined;
    const entry: Entry | undefined = "entry" in model ? model.entry : model.source?.entry;
    let value: string;
    if (occurrence.role === "definition" && entry !== occurrence.entry) value = `\`${name}\` is defined more than once; this definition is not the one used.`;
    else if (kind === "invoice") value = invoiceCard(analysis.reports.get(name)!, analysis.ledger.today);
    else if (kind === "party") value = partyCard(model as PartyModel, analysis);
    else if (kind === "contract") value = contractCard(model as ContractModel, analysis, context.session.settings.currency);
    else value = `**Policy \`${name}\`** · ${escape((model as PolicyModel).title)}\n\n${stepList(model as PolicyModel)}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: toLspRange(file, occurrence.node) };
  }
  return whole ? null : undefined;
}

function invoiceCard(report: InvoiceReport, today: string): string {
  const { invoice, figures } = report;
  const money = (units: number) => formatMoney(units, invoice.currency);
  const contract = invoice.contract;
  const rows: [string, string][] = [
    ["amount", money(invoice.amount)],
    ["paid", money(figures.paid)],
    ["credited", money(figures.credited)],
    ["balance", money(figures.balance)],
    ["due", `${invoice.due}${dueOrigin(report)}`],
    ["days late", figures.daysLate > 0 ? String(figures.daysLate) : invoice.due === today ? "0 (due today)" : "0 (not yet due)"],
    ["late fees", contract?.lateFee ? money(figures.lateFees) : "none (no late-fee clause)"],
    ["interest", contract?.interest ? money(figures.interest) : "none (no interest clause)"],
    ["**total due**", `**${money(figures.totalDue)}**`],
    ["state", report.state],
    ["next step", report.open ? nextStepLine(report, today) : `none (${report.state})`],
  ];
  if (contract?.interest && report.open) rows.push(["interest per day", `${money(dailyInterest(invoice, today))} from today`]);
  const parties = [
    invoice.debtor ? `owed by ${partyName(invoice.debtor)}` : "",
    contract ? `under contract \`${contract.id}\`` : "no contract",
  ].filter(Boolean);
  return [
    `**Invoice \`${invoice.id}\`** of ${invoice.date} · ${parties.join(" · ")}`,
    "",
    `| as of ${today} | |`,
    "| --- | ---: |",
    ...rows.map(([label, value]) => `| ${label} | ${value} |`),
  ].join("\n");
}

/** Where the due date comes from when the invoice does not state it. */
function dueOrigin({ invoice }: InvoiceReport): string {
  const stated = invoice.entry.properties.find((p) => p.name === "due");
  if (stated && stated.name === "due" && stated.date.text === invoice.due) return "";
  const net = invoice.contract?.netDays;
  if (net === 0) return " (computed: due on receipt)";
  if (net !== undefined) return ` (computed: ${invoice.date} + net ${net})`;
  return ` (computed: ${invoice.date} + net 30, ${invoice.contract ? "the contract names no terms" : "no contract"})`;
}

/** `nextStepText`, with the step's deadline and channel where a step is coming. */
function nextStepLine(report: InvoiceReport, today: string): string {
  const text = nextStepText(report, today);
  const next = report.ladder.next;
  if (report.ladder.pausedBy || !next) return text;
  const details = [next.step.deadline !== undefined ? `deadline ${next.step.deadline} days` : "", next.step.via ? `via ${next.step.via}` : ""].filter(Boolean);
  return details.length ? `${text} (${details.join(", ")})` : text;
}

function partyCard(party: PartyModel, analysis: Analysis): string {
  const lines = [`**Party \`${party.id}\`** · ${escape(party.name)}`, ""];
  const contacts = party.entry.properties.flatMap((p) =>
    p.name === "contact" ? [`${escape(p.person.value)}${p.role ? ` (${escape(p.role.value)})` : ""}`] : p.name === "email" ? [escape(p.text.value)] : [],
  );
  if (contacts.length) lines.push(`contact: ${contacts.join(" · ")}`, "");
  const reports = [...analysis.reports.values()];
  if (party.self) {
    // By id: a case analysed apart from the self party (its own part, after an edit or in a staged
    // first analysis) names a copy of it, read in as context (server/engine/parts.ts).
    const owed = reports.filter((r) => r.open && r.invoice.creditor?.id === party.id);
    lines.push("this is us (the creditor)", "", `owed to us: ${openTotals(owed)}`);
    return lines.join("\n");
  }
  const own = party.invoices.map((invoice) => analysis.reports.get(invoice.id)!).filter(Boolean);
  own.sort((a, b) => Number(b.open) - Number(a.open) || (a.invoice.due < b.invoice.due ? -1 : a.invoice.due > b.invoice.due ? 1 : 0));
  lines.push(`open balance: ${openTotals(own.filter((r) => r.open))}`);
  if (own.length === 0) return lines.join("\n");
  lines.push("", "| invoice | balance | days late |", "| --- | ---: | ---: |");
  for (const { invoice, figures, open, state } of own.slice(0, MAX_LISTED_INVOICES)) {
    lines.push(`| \`${invoice.id}\` | ${formatMoney(figures.balance, invoice.currency)} | ${open ? figures.daysLate : state} |`);
  }
  if (own.length > MAX_LISTED_INVOICES) lines.push("", `… and ${own.length - MAX_LISTED_INVOICES} more`);
  return lines.join("\n");
}

/** `6,000.00 USD (total due 6,181.51 USD)` per currency, or `none`. */
function openTotals(open: InvoiceReport[]): string {
  const sums = new Map<string, { balance: number; totalDue: number }>();
  for (const { invoice, figures } of open) {
    const sum = sums.get(invoice.currency) ?? { balance: 0, totalDue: 0 };
    sums.set(invoice.currency, { balance: sum.balance + figures.balance, totalDue: sum.totalDue + figures.totalDue });
  }
  if (sums.size === 0) return "none";
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, sum]) => `${formatMoney(sum.balance, currency)} (total due ${formatMoney(sum.totalDue, currency)})`)
    .join(" · ");
}

function contractCard(contract: ContractModel, analysis: Analysis, defaultCurrency: string): string {
  const clause = <N extends PropertyName>(name: N) => contract.entry.properties.find((p): p is PropertyOf<N> => p.name === name);
  const terms = clause("terms");
  const lateFee = clause("late-fee");
  const interest = clause("interest");
  const policy = contract.policy ?? analysis.ledger.defaultPolicy;
  const fixedFee = lateFee?.fixed ? `${lateFee.fixed.amount.text}${lateFee.fixed.currency ? ` ${lateFee.fixed.currency.name}` : ""}` : "";
  const rows = [
    `terms: ${terms ? (terms.net ? `net ${terms.net.text}` : "due-on-receipt") : "net 30 (default)"}`,
    `late fee: ${lateFee ? `${fixedFee || lateFee.percent?.text || "?"} ${lateFee.period.word}` : "none"}`,
    `interest: ${interest ? `${interest.rate.text} ${interest.period.word}` : "none"}`,
    `attorney fees: ${contract.attorneyFees ? "yes" : "no"}`,
    `currency: ${clause("currency")?.id.name ?? `${defaultCurrency} (workspace default)`}`,
    `jurisdiction: ${clause("jurisdiction")?.id.name ?? "not named"}`,
    `policy: ${policyLine(policy)}${contract.policy ? "" : " (default)"}`,
  ];
  const scope = clause("scope");
  if (scope) rows.push(`scope: ${escape(scope.text.value)}`);
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const title = contract.entry.title ? ` · ${escape(contract.entry.title.value)}` : "";
  return [
    `**Contract \`${contract.id}\`**${title}`,
    "",
    `${contract.debtor ? partyName(contract.debtor) : `\`${contract.entry.party.name}\` (unknown)`} owes ${contract.creditor ? partyName(contract.creditor) : "us"} · dated ${contract.date}`,
    "",
    ...rows.map((row) => `- ${row}`),
    "",
    `${count(contract.work.length, "work entry", "work entries")} · ${count(contract.invoices.length, "invoice", "invoices")}`,
  ].join("\n");
}

/** `standard: reminder 1d · call 3d · demand 14d · …` */
function policyLine(policy: PolicyModel): string {
  return `${policy.id}: ${policy.steps.map((step) => `${stepName(step)} ${step.offset}d`).join(" · ") || "no steps"}`;
}

function stepList(policy: PolicyModel): string {
  if (policy.steps.length === 0) return "no steps";
  return policy.steps
    .map((step, i) => {
      const details = [step.deadline !== undefined ? `deadline ${step.deadline}d` : "", step.via ? `via ${step.via}` : ""].filter(Boolean);
      return `${i + 1}. ${stepName(step)}: ${step.offset}d after the due date${details.length ? `, ${details.join(", ")}` : ""}`;
    })
    .join("\n");
}

function partyName(party: PartyModel): string {
  return `${escape(party.name)} (\`${party.id}\`)`;
}

/** User text inside Markdown: no accidental emphasis, links or table cells. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, "\\$&");
}
