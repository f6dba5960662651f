/**
 * A code lens over each open invoice: how much is due, how late it is and what to do next,
 * so the file reads like a worklist. Clicking it opens the case status report.
 */
import type { CodeLens } from "vscode-languageserver";
import { formatMoney, stepName, type InvoiceReport } from "../../engine";
import { formatDays } from "../../engine/dates";
import { openDispute } from "../../engine/ladder";
import { toLspRange } from "../convert";
import type { FeatureContext } from "./context";

/** The command every lens runs: the extension's "Dun: Show case status". */
export const SHOW_STATUS_COMMAND = "dun.showStatus";

/** One lens per open invoice defined in the file, over its header line. */
export function provideCodeLenses(context: FeatureContext): CodeLens[] {
  const { file, analysis } = context;
  const today = analysis.ledger.today;
  const lenses: CodeLens[] = [];
  for (const report of analysis.reports.values()) {
    if (!report.open || report.invoice.file !== file.path) continue;
    const title = lensTitle(report, today);
    const range = toLspRange(file, report.invoice.entry.header);
    lenses.push({ range, command: { title, command: SHOW_STATUS_COMMAND } });
    const letter = letterLens(report);
    if (letter) lenses.push({ range, command: letter });
  }
  return lenses.sort((a, b) => a.range.start.line - b.range.start.line);
}

/**
 * "Generate demand letter" beside a late, undisputed invoice (a final demand once a first one
 * was sent): the letter covers the debtor's open invoices.
 */
function letterLens(report: InvoiceReport): { title: string; command: string; arguments: unknown[] } | undefined {
  const debtor = report.invoice.debtor;
  if (!debtor || report.figures.daysLate <= 0 || report.state !== "open" || report.ladder.pausedBy) return undefined;
  const final = report.invoice.demands.some((demand) => !demand.final);
  return final
    ? { title: "Generate final demand", command: "dun.generateFinalDemand", arguments: [{ targets: [debtor.id] }] }
    : { title: "Generate demand letter", command: "dun.generateDemandLetter", arguments: [{ targets: [debtor.id] }] };
}

/** `32,966.58 USD due · 48 days late · next: suspend (since 2026-03-17)`. */
export function lensTitle(report: InvoiceReport, today: string): string {
  const { invoice, figures } = report;
  const amount = formatMoney(figures.totalDue, invoice.currency);
  const lateness = figures.daysLate > 0 ? `${amount} due · ${formatDays(figures.daysLate)} late` : `${amount} due ${invoice.due} · not yet due`;
  return `${lateness} · ${nextStep(report, today)}`;
}

function nextStep(report: InvoiceReport, today: string): string {
  const { invoice, ladder } = report;
  switch (ladder.pausedBy) {
    case "dispute":
      return `next: paused (disputed since ${openDispute(invoice, today)?.date ?? "?"})`;
    case "plan":
      return "next: paused (payment plan being kept)";
    case "promise": {
      const by = invoice.promises.filter((p) => p.madeOn <= today && today <= p.by).reduce((latest, p) => (p.by > latest ? p.by : latest), "");
      return `next: paused (promise to pay by ${by || "?"})`;
    }
  }
  if (!ladder.next) return "every step taken";
  const { step, due } = ladder.next;
  return `next: ${stepName(step)} (${due <= today ? "since" : "from"} ${due})`;
}
