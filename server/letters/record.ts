/**
 * Recording a demand in the ledger: the `demand` entry for a letter that was written (date,
 * invoices, channel, deadline, `final`, the letter as evidence), and the file it goes in —
 * the one holding the debtor's latest entry, so that the case reads in order.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { quote } from "../../grammar/values";
import type { Analysis, IsoDate } from "../engine";
import type { DemandFacts } from "./demand";

/** The entry text, ending in a newline: `2026-05-04 demand INV-1001 via certified-mail` and its properties. */
export function demandEntry(facts: DemandFacts, invoiceIds: string[], evidence: string[]): string {
  const lines = [`${facts.isoDate} demand ${invoiceIds.join(" ")} via ${facts.channel}`, `  deadline ${facts.deadlineDays}d`];
  if (facts.final) lines.push("  final");
  for (const path of evidence) lines.push(`  evidence ${quote(path)}`);
  return `${lines.join("\n")}\n`;
}

/** The file holding the debtor's latest dated entry (its party entry's file when it has none). */
export function recordFile(analysis: Analysis, debtorId: string): string {
  const { ledger } = analysis;
  const party = ledger.parties.get(debtorId);
  if (!party) throw new Error(`no party ${debtorId}`);
  let best = { file: party.file, date: "" as IsoDate, offset: party.entry.start };
  const consider = (file: string, date: IsoDate, offset: number) => {
    if (date > best.date || (date === best.date && file === best.file && offset > best.offset)) best = { file, date, offset };
  };
  for (const contract of ledger.contracts.values()) {
    if (contract.debtor !== party) continue;
    consider(contract.file, contract.date, contract.entry.start);
    for (const work of contract.work) consider(work.file, work.date, work.entry.start);
  }
  for (const invoice of party.invoices) {
    consider(invoice.file, invoice.date, invoice.entry.start);
    for (const event of [...invoice.actions, ...invoice.money, ...invoice.disputes, ...invoice.plans]) {
      consider(event.file, event.date, event.entry.start);
    }
  }
  return best.file;
}

/** What to add at the end of a file's text so that the entry stands after one blank line, in the file's line ends. */
export function appendedText(fileText: string, entry: string): string {
  const eol = fileText.includes("\r\n") ? "\r\n" : "\n";
  const separator = fileText.length === 0 ? "" : fileText.endsWith(`${eol}${eol}`) ? "" : fileText.endsWith(eol) ? eol : `${eol}${eol}`;
  return separator + entry.replace(/\n/g, eol);
}

/** Appends the entry to the file on disk. */
export function appendEntry(path: string, entry: string): void {
  appendFileSync(path, appendedText(readFileSync(path, "utf8"), entry));
}
