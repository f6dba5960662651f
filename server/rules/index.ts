/** Every rule family, run in a fixed order. Each file says which real-world advice it encodes. */
import type { RuleContext } from "./context";
import { checkChronology } from "./chronology";
import { checkConversations } from "./conversations";
import { checkEscalation } from "./escalation";
import { checkEvidence } from "./evidence";
import { checkInvoices } from "./invoices";
import { checkPromises } from "./promises";

export type { RuleContext };

export function runRules(context: RuleContext): void {
  checkEvidence(context);
  checkChronology(context);
  checkInvoices(context);
  checkEscalation(context);
  checkPromises(context);
  checkConversations(context);
}
