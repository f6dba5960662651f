/**
 * What every letter opens and closes with: the creditor's letterhead, the date, the
 * recipient with the decision-maker to the attention of ("speak directly to the
 * decision-maker"), the salutation, how to pay, and the signature block.
 */
import type { PartyModel } from "../engine";
import type { LetterKind } from "./kinds";
import type { Selection } from "./selection";
import { houseStyle, idOf, lines, textOf, textsOf, writtenDate, type DateStyle, type Line, type Paper } from "./wording";

export interface PersonFacts {
  name: string;
  role?: string;
  /** "Hank Scorpio, Chief Financial Officer". */
  described: string;
}

export interface PartyFacts {
  id: string;
  name: string;
  address: Line[];
  email?: string;
  phone?: string;
  registration?: string;
  jurisdiction?: string;
  /** The first `contact`: the decision-maker. */
  contact?: PersonFacts;
}

export interface HeadingFacts {
  kind: LetterKind;
  title: string;
  /** The letter's date, written out; `isoDate` as `YYYY-MM-DD`. */
  date: string;
  isoDate: string;
  /** The jurisdiction the letter is written under (`US-CA`, `GB`), if the ledger names one. */
  jurisdiction?: string;
  dateStyle: DateStyle;
  paper: Paper;
  creditor: PartyFacts & { letterhead: Line[]; pay: string[]; hasPay: boolean };
  debtor: PartyFacts;
  /** The line above the address ("By certified mail, return receipt requested"); empty for a statement. */
  delivery: string;
  /** The address block: legal name, attention line, address. */
  recipient: Line[];
  salutation: string;
  signoff: string;
  /** The signature block under the line: the signer (creditor's first contact), then the creditor. */
  signature: Line[];
}

function person(entry: PartyModel["entry"]): PersonFacts | undefined {
  for (const property of entry.properties) {
    if (property.name !== "contact") continue;
    const name = property.person.value;
    const role = property.role?.value;
    return { name, role, described: role ? `${name}, ${role}` : name };
  }
  return undefined;
}

export function partyFacts(party: PartyModel): PartyFacts {
  const entry = party.entry;
  return {
    id: party.id,
    name: party.name,
    address: lines(textsOf(entry, "address")),
    email: textOf(entry, "email"),
    phone: textOf(entry, "phone"),
    registration: textOf(entry, "registration"),
    jurisdiction: idOf(entry, "jurisdiction"),
    contact: person(entry),
  };
}

/** The jurisdiction a letter is written under: the creditor's, else the contract's, else the debtor's. */
export function letterJurisdiction(selection: Selection): string | undefined {
  const contract = selection.reports.map((r) => r.invoice.contract).find((c) => c && idOf(c.entry, "jurisdiction"));
  return idOf(selection.creditor.entry, "jurisdiction") ?? (contract ? idOf(contract.entry, "jurisdiction") : undefined) ?? idOf(selection.debtor.entry, "jurisdiction");
}

export function heading(selection: Selection, kind: LetterKind, title: string, today: string, paper?: Paper): HeadingFacts {
  const jurisdiction = letterJurisdiction(selection);
  const style = houseStyle(jurisdiction);
  const creditor = partyFacts(selection.creditor);
  const debtor = partyFacts(selection.debtor);
  const contact = debtor.contact;
  const signer = creditor.contact;
  return {
    kind,
    title,
    date: writtenDate(today, style.dates),
    isoDate: today,
    jurisdiction,
    dateStyle: style.dates,
    paper: paper ?? style.paper,
    creditor: {
      ...creditor,
      letterhead: lines([...creditor.address.map((l) => l.text), creditor.email, creditor.phone]),
      pay: textsOf(selection.creditor.entry, "pay"),
      hasPay: textsOf(selection.creditor.entry, "pay").length > 0,
    },
    debtor,
    delivery: "",
    recipient: lines([debtor.name, contact ? `Attention: ${contact.described}` : undefined, ...debtor.address.map((l) => l.text)]),
    salutation: contact ? `Dear ${contact.name},` : "Dear Sir or Madam,",
    signoff: style.dates === "us" ? "Sincerely," : contact ? "Yours sincerely," : "Yours faithfully,",
    signature: lines([signer?.name, signer?.role, `for ${creditor.name}`]),
  };
}
