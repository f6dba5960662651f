/**
 * The escalation ladder (LANGUAGE.md §3): which steps of an invoice's policy were taken, which
 * were skipped, whether escalation is paused (dispute, promise, payment plan), and the next step.
 */
import { addDays, type IsoDate } from "./dates";
import type { ActionEvent, InvoiceModel, LadderStep, PlanModel, PolicyModel } from "./ledger";
import { receivedBetween } from "./balances";

export type PauseReason = "dispute" | "promise" | "plan";

export interface LadderState {
  policy: PolicyModel;
  /** The steps this invoice follows (a `suspend` step is passed over without a contract). */
  steps: LadderStep[];
  /** Index in `steps` of the furthest step taken, or -1. */
  furthest: number;
  /** The action that took each step, where one did. */
  takenBy: (ActionEvent | undefined)[];
  pausedBy?: PauseReason;
  /** The next step and the day it is due; undefined when every step is taken. */
  next?: { step: LadderStep; due: IsoDate };
}

/** Contacts that, made by us, take a `reminder` step. */
const REMINDING_CONTACTS = new Set<string>(["email", "letter", "message", "call"]);

/** True when the action takes the step (entries dated from the due date on). */
function takes(step: LadderStep, action: ActionEvent): boolean {
  switch (step.kind) {
    case "reminder":
      return action.kind === "reminder" || (action.outbound && REMINDING_CONTACTS.has(action.kind));
    case "call":
      return action.kind === "call";
    case "demand":
      return action.kind === "demand" && action.final === step.final;
    case "suspend":
      return action.kind === "suspend";
    case "collections":
      return action.kind === "collections";
    case "claim":
      return action.kind === "claim" || action.kind === "judgment";
  }
}

export function ladderState(invoice: InvoiceModel, policy: PolicyModel, today: IsoDate): LadderState {
  const { steps, takeable } = ladderOf(policy, invoice.contract !== undefined);
  const takenBy: (ActionEvent | undefined)[] = [];
  let furthest = -1;
  for (let index = 0; index < steps.length; index++) {
    const action = takeable[index] ? firstTaking(steps[index]!, invoice, today) : undefined;
    takenBy.push(action);
    if (action) furthest = index;
  }
  const state: LadderState = { policy, steps, furthest, takenBy, pausedBy: pauseReason(invoice, today) };
  const step = steps[furthest + 1];
  if (step) state.next = { step, due: addDays(invoice.due, step.offset) };
  return state;
}

/** The first action dated from the due date through today that takes the step. */
function firstTaking(step: LadderStep, invoice: InvoiceModel, today: IsoDate): ActionEvent | undefined {
  for (const action of invoice.actions) {
    if (action.date >= invoice.due && action.date <= today && takes(step, action)) return action;
  }
  return undefined;
}

/**
 * The steps a policy's invoices follow, with or without a contract (without one, `suspend` is
 * passed over), and which of them an action may take: a demand without `final` takes only the
 * first non-final demand step, a final one only the first final one. The same for every invoice
 * of the policy, so worked out once per policy (policies are not changed once built).
 */
function ladderOf(policy: PolicyModel, withContract: boolean): { steps: LadderStep[]; takeable: boolean[] } {
  let known = ladders.get(policy);
  if (!known) ladders.set(policy, (known = {}));
  const key = withContract ? "withContract" : "withoutContract";
  return (known[key] ??= stepsFollowed(policy, withContract));
}

const ladders = new WeakMap<PolicyModel, { withContract?: LadderOf; withoutContract?: LadderOf }>();
type LadderOf = { steps: LadderStep[]; takeable: boolean[] };

function stepsFollowed(policy: PolicyModel, withContract: boolean): LadderOf {
  const steps = policy.steps.filter((step) => step.kind !== "suspend" || withContract);
  let finalSeen = false;
  let nonFinalSeen = false;
  const takeable = steps.map((step) => {
    if (step.kind !== "demand") return true;
    const first = step.final ? !finalSeen : !nonFinalSeen;
    if (step.final) finalSeen = true;
    else nonFinalSeen = true;
    return first;
  });
  return { steps, takeable };
}

/** Why escalation is paused today, if it is. */
export function pauseReason(invoice: InvoiceModel, today: IsoDate): PauseReason | undefined {
  if (openDispute(invoice, today)) return "dispute";
  if (invoice.promises.some((promise) => promise.madeOn <= today && today <= promise.by)) return "promise";
  if (invoice.plans.some((plan) => planKept(plan, today))) return "plan";
  return undefined;
}

export function openDispute(invoice: InvoiceModel, today: IsoDate) {
  return invoice.disputes.find((d) => d.date <= today && (d.resolvedOn === undefined || d.resolvedOn > today));
}

/**
 * The first installment date on which less than the installments due so far had been paid
 * since the plan began, among those already passed; undefined while the plan is kept.
 */
export function firstMissedInstallment(plan: PlanModel, today: IsoDate) {
  const invoices = planInvoices(plan);
  let due = 0;
  for (const installment of plan.installments) {
    due += installment.units;
    if (installment.date >= today) break;
    if (receivedBetween(invoices, plan.date, installment.date) < due) return installment;
  }
  return undefined;
}

/** The plan's invoices in its currency (that of its first invoice): other currencies never add up. */
export function planInvoices(plan: PlanModel): InvoiceModel[] {
  const currency = plan.invoices[0]?.currency;
  return plan.invoices.filter((invoice) => invoice.currency === currency);
}

/** A plan is being kept from its date until the day after a missed installment, or after its last one. */
export function planKept(plan: PlanModel, today: IsoDate): boolean {
  if (plan.date > today) return false;
  const missed = firstMissedInstallment(plan, today);
  const last = plan.installments[plan.installments.length - 1];
  const end = missed ? addDays(missed.date, 1) : last ? addDays(last.date, 1) : plan.date;
  return today < end;
}
