/**
 * Every keyword of the language: what the fast path reads and what chevrotain's tokens are
 * made of. Apart from grammar/tokens.ts so that the fast path (and everything that only reads
 * valid files) loads without chevrotain.
 */

/** Every keyword of the language, entry kinds and property names alike. */
export const KEYWORDS = [
  // entry kinds
  "party", "policy", "contract", "work", "invoice", "sent", "reminder", "call", "email",
  "letter", "meeting", "message", "demand", "dispute", "resolve", "plan", "suspend", "resume",
  "collections", "claim", "judgment", "payment", "credit", "write-off", "note",
  // properties and their words
  "self", "address", "phone", "contact", "jurisdiction", "pay", "registration", "step",
  "deadline", "final", "via", "creditor", "terms", "net", "due-on-receipt", "late-fee",
  "monthly", "once", "interest", "yearly", "attorney-fees", "currency", "scope", "evidence",
  "due", "number", "item", "receipt", "promise", "re", "with", "inbound", "installment", "fee",
  "hearing", "ref",
] as const;

export type Keyword = (typeof KEYWORDS)[number];
