/**
 * Every id written in a file, as a definition or a reference, with the kinds of definition a
 * reference may name. Go to definition, find references, rename, completion and semantic
 * highlighting all read this one list.
 */
import type { DunFile, Entry, IdNode, Property } from "../../grammar";

export type DefinitionKind = "party" | "policy" | "contract" | "invoice";

export interface Occurrence {
  node: IdNode;
  /** A definition (`invoice INV-1 …`) or a reference (`payment INV-1 …`). */
  role: "definition" | "reference";
  /** What the id defines, or the kinds it may refer to. */
  kinds: readonly DefinitionKind[];
  entry: Entry;
}

const INVOICE = ["invoice"] as const;
const PARTY = ["party"] as const;
const POLICY = ["policy"] as const;
const CONTRACT = ["contract"] as const;
const CONTRACT_OR_PARTY = ["contract", "party"] as const;
const INVOICE_OR_PARTY = ["invoice", "party"] as const;
const ANY_BUT_POLICY = ["party", "contract", "invoice"] as const;

/** The ids of one entry, header first, then its properties, in source order. */
export function entryOccurrences(entry: Entry): Occurrence[] {
  const found: Occurrence[] = [];
  visitIds(entry, (node, role, kinds) => found.push({ node, role, kinds, entry }));
  return found;
}

/**
 * Calls `visit` for each id of an entry, header first, then its properties, in source order,
 * with the property line it stands on (if any). Allocates nothing: for passes over every entry.
 */
export function visitIds(
  entry: Entry,
  visit: (node: IdNode, role: Occurrence["role"], kinds: readonly DefinitionKind[], property?: Property) => void,
): void {
  switch (entry.kind) {
    case "party":
    case "policy":
      visit(entry.id, "definition", entry.kind === "party" ? PARTY : POLICY);
      break;
    case "contract":
      visit(entry.id, "definition", CONTRACT);
      visit(entry.party, "reference", PARTY);
      break;
    case "invoice":
      visit(entry.id, "definition", INVOICE);
      visit(entry.target, "reference", CONTRACT_OR_PARTY);
      break;
    case "work":
    case "suspend":
    case "resume":
      visit(entry.contract, "reference", CONTRACT);
      break;
    case "sent":
    case "reminder":
    case "demand":
    case "plan":
    case "collections":
    case "claim":
    case "judgment":
      for (const node of entry.invoices) visit(node, "reference", INVOICE);
      break;
    case "call":
    case "email":
    case "letter":
    case "meeting":
    case "message":
      visit(entry.party, "reference", PARTY);
      break;
    case "dispute":
    case "resolve":
    case "write-off":
    case "credit":
      visit(entry.invoice, "reference", INVOICE);
      break;
    case "payment":
      visit(entry.target, "reference", INVOICE_OR_PARTY);
      break;
    case "note":
      visit(entry.target, "reference", ANY_BUT_POLICY);
      break;
  }
  for (const property of entry.properties) {
    if (property.name === "creditor") visit(property.id, "reference", PARTY, property);
    else if (property.name === "policy") visit(property.id, "reference", POLICY, property);
    else if (property.name === "re") for (const node of property.invoices) visit(node, "reference", INVOICE, property);
  }
}

/** Every id of a file, in source order. */
export function fileOccurrences(tree: DunFile): Occurrence[] {
  const found: Occurrence[] = [];
  for (const entry of tree.entries) if (entry.kind !== "broken") found.push(...entryOccurrences(entry));
  return found;
}

/** The occurrence whose id covers `offset` (its end included, so a cursor just after an id finds it). */
export function occurrenceAt(tree: DunFile, offset: number): Occurrence | undefined {
  for (const entry of tree.entries) {
    if (entry.kind === "broken" || offset < entry.start || offset > entry.end) continue;
    return entryOccurrences(entry).find((o) => o.node.start <= offset && offset <= o.node.end);
  }
  return undefined;
}
