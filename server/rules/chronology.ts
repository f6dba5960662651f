/**
 * Dates that cannot be right: a due date before its invoice, a payment, reminder or demand
 * before the invoice it concerns (usually a typo in the year or month), an entry dated after
 * today (a record of something that has not happened yet).
 *
 * Codes: date-order, future-entry.
 */
import type { Entry, IdNode } from "../../grammar";
import type { IsoDate } from "../engine/dates";
import type { RuleContext } from "./context";

export function checkChronology(context: RuleContext): void {
  const { reporter, today } = context;
  for (const file of context.files) {
    for (const entry of file.tree.entries) {
      if (entry.kind === "broken" || entry.kind === "party" || entry.kind === "policy") continue;
      if (!entry.date.valid) continue;
      const date = entry.date.text;
      if (date > today) {
        reporter.report(file.path, entry.header, "future-entry", `entry dated ${date} is after today (${today})`);
      }
      if (entry.kind === "invoice") {
        for (const property of entry.properties) {
          if (property.name === "due" && property.date.valid && property.date.text < date) {
            reporter.report(file.path, property, "date-order", `due date ${property.date.text} is before the invoice date ${date}`);
          }
        }
        continue;
      }
      if (entry.kind === "payment") checkBefore(context, file.path, entry, date, entry.target);
      else if (entry.kind === "reminder" || entry.kind === "demand") {
        for (const ref of entry.invoices) checkBefore(context, file.path, entry, date, ref);
      }
    }
  }
}

/** A payment, reminder or demand dated before the invoice it names. */
function checkBefore(context: RuleContext, path: string, entry: Entry, date: IsoDate, ref: IdNode): void {
  const invoice = context.ledger.invoices.get(ref.name);
  if (invoice && date < invoice.date) {
    context.reporter.report(path, entry.header, "date-order", `${entry.kind} dated ${date} is before invoice \`${invoice.id}\` of ${invoice.date}`);
  }
}
