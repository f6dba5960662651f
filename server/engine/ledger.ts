/**
 * The resolved ledger: parties, policies, contracts and invoices with everything that happened
 * to each invoice, as plain data. Built by `buildLedger` (ledgerBuilder.ts) for one `today`;
 * the figures, the ladder and the rules read it and never the syntax tree's references.
 */
import type { DecimalValue, Entry, EntryOf, PropertyOf, Range } from "../../grammar";
import type { StepKind } from "../../grammar";
import type { IsoDate } from "./dates";

/** Where something was written. */
export interface Source {
  file: string;
  entry: Entry;
}

export interface PartyModel extends Source {
  id: string;
  entry: EntryOf<"party">;
  name: string;
  self: boolean;
  invoices: InvoiceModel[];
}

export interface LadderStep {
  kind: StepKind;
  /** Days after the due date. */
  offset: number;
  /** Days the debtor is given, for a demand. */
  deadline?: number;
  final: boolean;
  via?: string;
}

export interface PolicyModel {
  id: string;
  title: string;
  steps: LadderStep[];
  source?: Source;
}

export interface LateFee {
  period: "monthly" | "once";
  /** A fixed fee in minor units of `currency`. */
  fixed?: { units: number; currency: string };
  percent?: DecimalValue;
  property: PropertyOf<"late-fee">;
}

export interface ContractModel extends Source {
  id: string;
  entry: EntryOf<"contract">;
  date: IsoDate;
  debtor?: PartyModel;
  creditor?: PartyModel;
  /** `terms net N` → N; `due-on-receipt` → 0; absent → undefined (net 30). */
  netDays?: number;
  lateFee?: LateFee;
  interest?: DecimalValue;
  attorneyFees: boolean;
  currency?: string;
  policy?: PolicyModel;
  work: (Source & { date: IsoDate })[];
  invoices: InvoiceModel[];
}

/** A payment or credit applied to one invoice (a party payment's share counts as a payment). */
export interface MoneyEvent extends Source {
  kind: "payment" | "credit";
  date: IsoDate;
  units: number;
}

/** Something done about an invoice that the ladder looks at. */
export interface ActionEvent extends Source {
  kind: Entry["kind"];
  date: IsoDate;
  /** False for an `inbound` contact (they called us). */
  outbound: boolean;
  /** A `demand … final`. */
  final: boolean;
}

export interface DisputeModel extends Source {
  entry: EntryOf<"dispute">;
  date: IsoDate;
  /** The date of the `resolve` that ended it, if any (on or before today). */
  resolvedOn?: IsoDate;
}

export interface PromiseModel {
  file: string;
  property: PropertyOf<"promise">;
  madeOn: IsoDate;
  by: IsoDate;
  units: number;
  currency: string;
  invoices: InvoiceModel[];
}

export interface InstallmentModel {
  file: string;
  property: PropertyOf<"installment">;
  date: IsoDate;
  units: number;
}

export interface PlanModel extends Source {
  entry: EntryOf<"plan">;
  date: IsoDate;
  invoices: InvoiceModel[];
  installments: InstallmentModel[];
}

export interface DemandModel extends Source {
  entry: EntryOf<"demand">;
  date: IsoDate;
  final: boolean;
  /** The deadline date given, or counted from the entry's date. */
  deadline?: IsoDate;
  invoices: InvoiceModel[];
}

export interface InvoiceModel extends Source {
  id: string;
  entry: EntryOf<"invoice">;
  date: IsoDate;
  due: IsoDate;
  contract?: ContractModel;
  debtor?: PartyModel;
  creditor?: PartyModel;
  currency: string;
  amount: number;
  /** Payments and credits on or before today, in date order. */
  money: MoneyEvent[];
  writtenOffOn?: IsoDate;
  actions: ActionEvent[];
  disputes: DisputeModel[];
  promises: PromiseModel[];
  plans: PlanModel[];
  demands: DemandModel[];
}

export interface Ledger {
  today: IsoDate;
  parties: Map<string, PartyModel>;
  policies: Map<string, PolicyModel>;
  contracts: Map<string, ContractModel>;
  invoices: Map<string, InvoiceModel>;
  /** The first `self` party (each entry's creditor is the `self` party nearest to its file). */
  self?: PartyModel;
  defaultPolicy: PolicyModel;
}

/** Range helper for rules: the header line of an entry. */
export function headerOf(source: Source): Range {
  return source.entry.header;
}
