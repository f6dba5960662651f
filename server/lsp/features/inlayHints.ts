/**
 * Inlay hints: the due date the engine computed for an invoice that does not state one
 * (invoice date + the contract's terms, or net 30), shown at the end of its header line, so
 * nobody has to count days to know when the ladder starts.
 */
import { InlayHintKind, type InlayHint, type InlayHintParams } from "vscode-languageserver";
import type { FeatureContext } from "./context";

/** `due 2026-03-03` after each header of an invoice without `due`, within the requested range. */
export function provideInlayHints(context: FeatureContext, params: InlayHintParams): InlayHint[] {
  const { file, analysis } = context;
  const hints: InlayHint[] = [];
  for (const entry of file.tree.entries) {
    if (entry.kind !== "invoice" || entry.properties.some((p) => p.name === "due")) continue;
    const invoice = analysis.ledger.invoices.get(entry.id.name);
    if (!invoice || invoice.entry !== entry) continue;
    const position = file.lines.positionAt(entry.header.end);
    const { start, end } = params.range;
    const inRange =
      (position.line > start.line || (position.line === start.line && position.character >= start.character)) &&
      (position.line < end.line || (position.line === end.line && position.character <= end.character));
    if (!inRange) continue;
    const net = invoice.contract?.netDays;
    const terms = net === 0 ? "due on receipt" : `${invoice.date} + net ${net ?? 30}${net === undefined ? " (the default)" : ""}`;
    hints.push({
      position,
      label: `due ${invoice.due}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: `Computed due date: ${terms}. Write \`due DATE\` to state another.`,
    });
  }
  return hints;
}
