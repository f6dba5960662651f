/**
 * Talking to the debtor: "speak directly to the decision-maker — not an assistant", and "if
 * the client disputes the quality of work, treat that as a negotiation, not a refusal".
 *
 * Codes: dispute-open, no-decision-maker.
 */
import { openDispute } from "../engine/ladder";
import type { RuleContext } from "./context";

export function checkConversations(context: RuleContext): void {
  for (const invoice of context.ledger.invoices.values()) {
    const dispute = openDispute(invoice, context.today);
    for (const d of invoice.disputes) {
      if (d.date > context.today || (d.resolvedOn !== undefined && d.resolvedOn <= context.today)) continue;
      context.reporter.report(
        d.file,
        d.entry.header,
        "dispute-open",
        `\`${invoice.id}\` is disputed since ${d.date}${d === dispute ? ", which pauses escalation" : ""}: negotiate (a partial credit, revisions or mediation) and record a \`resolve\``,
      );
    }
  }
  for (const file of context.files) {
    for (const entry of file.tree.entries) {
      if (entry.kind !== "call" || entry.properties.some((p) => p.name === "with")) continue;
      context.reporter.report(
        file.path,
        entry.header,
        "no-decision-maker",
        `call with \`${entry.party.name}\` does not say \`with\` whom: speak to the decision-maker, not an assistant, and note their name`,
      );
    }
  }
}
