/**
 * Every id written in a file, as a definition or a reference, with the kinds of definition a
 * reference may name. Go to definition, find references, rename, completion and semantic
 * highlighting all read this one list.
 */
import type { DunFile, Entry, IdNode } from "../../grammar";

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
const CONTRACT = ["contract"] as const;

/** The ids of one entry, header first, then its properties, in source order. */
export function entryOccurrences(entry: Entry): Occurrence[] {
  const found: Occurrence[] = [];
  const def = (node: IdNode, kind: DefinitionKind) => found.push({ node, role: "definition", kinds: [kind], entry });
  const ref = (node: IdNode, kinds: readonly DefinitionKind[]) => found.push({ node, role: "reference", kinds, entry });
  switch (entry.kind) {
    case "party":
    case "policy":
      def(entry.id, entry.kind);
      break;
    case "contract":
      def(entry.id, "contract");
      ref(entry.party, PARTY);
      break;
    case "invoice":
      def(entry.id, "invoice");
      ref(entry.target, ["contract", "party"]);
      break;
    case "work":
    case "suspend":
    case "resume":
      ref(entry.contract, CONTRACT);
      break;
    case "sent":
    case "reminder":
    case "demand":
    case "plan":
    case "collections":
    case "claim":
    case "judgment":
      for (const node of entry.invoices) ref(node, INVOICE);
      break;
    case "call":
    case "email":
    case "letter":
    case "meeting":
    case "message":
      ref(entry.party, PARTY);
      break;
    case "dispute":
    case "resolve":
    case "write-off":
    case "credit":
      ref(entry.invoice, INVOICE);
      break;
    case "payment":
      ref(entry.target, ["invoice", "party"]);
      break;
    case "note":
      ref(entry.target, ["party", "contract", "invoice"]);
      break;
  }
  for (const property of entry.properties) {
    if (property.name === "creditor") ref(property.id, PARTY);
    else if (property.name === "policy") ref(property.id, ["policy"]);
    else if (property.name === "re") for (const node of property.invoices) ref(node, INVOICE);
  }
  return found;
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
    if (entry.kind === "broken" || offset < entry.range.start || offset > entry.range.end) continue;
    return entryOccurrences(entry).find((o) => o.node.range.start <= offset && offset <= o.node.range.end);
  }
  return undefined;
}
