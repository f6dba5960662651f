/**
 * Which entry kinds exist and which properties each one takes (LANGUAGE.md §2). Shared by
 * the parser driver (an unknown property is a syntax error), completion and the docs.
 */
import type { EntryKind, PropertyName } from "./ast";

export const ENTRY_KINDS: readonly EntryKind[] = [
  "party", "policy", "contract", "work", "invoice", "sent", "reminder", "call", "email",
  "letter", "meeting", "message", "demand", "dispute", "resolve", "plan", "suspend", "resume",
  "collections", "claim", "judgment", "payment", "credit", "write-off", "note",
];

/** Entry kinds that start with a date. */
export const DATED_KINDS = ENTRY_KINDS.filter((kind) => kind !== "party" && kind !== "policy");

const CONTACT_PROPERTIES: PropertyName[] = ["re", "with", "inbound", "promise", "evidence", "receipt"];

/** The properties each entry kind takes, in the order the reference lists them. */
export const PROPERTIES_BY_KIND: Record<EntryKind, readonly PropertyName[]> = {
  party: ["self", "address", "email", "phone", "contact", "jurisdiction", "pay", "registration"],
  policy: ["step"],
  contract: [
    "creditor", "terms", "late-fee", "interest", "attorney-fees", "currency", "jurisdiction",
    "policy", "scope", "evidence",
  ],
  work: ["evidence"],
  invoice: ["due", "number", "item", "evidence"],
  sent: ["evidence", "receipt"],
  reminder: ["evidence", "receipt", "promise"],
  call: CONTACT_PROPERTIES,
  email: CONTACT_PROPERTIES,
  letter: CONTACT_PROPERTIES,
  meeting: CONTACT_PROPERTIES,
  message: CONTACT_PROPERTIES,
  demand: ["deadline", "final", "evidence", "receipt"],
  dispute: ["evidence"],
  resolve: ["evidence"],
  plan: ["installment", "evidence"],
  suspend: ["evidence"],
  resume: ["evidence"],
  collections: ["fee", "evidence"],
  claim: ["number", "hearing", "evidence"],
  judgment: ["evidence"],
  payment: ["via", "ref", "evidence"],
  credit: ["evidence"],
  "write-off": ["evidence"],
  note: ["evidence"],
};

/** Properties that may stand more than once in one entry. */
export const REPEATABLE_PROPERTIES: ReadonlySet<PropertyName> = new Set([
  "address", "contact", "pay", "step", "item", "evidence", "receipt", "installment",
]);

/** The channels an invoice, reminder or demand can go by. */
export const CHANNELS = [
  "email", "post", "certified-mail", "courier", "hand", "portal", "phone", "message",
] as const;
export type Channel = (typeof CHANNELS)[number];

/** The kinds of step a policy may name. */
export const STEP_KINDS = ["reminder", "call", "demand", "suspend", "collections", "claim"] as const;
export type StepKind = (typeof STEP_KINDS)[number];
