/**
 * Promises and payment plans: "get any such agreement in writing", and when a promised date
 * or an installment passes unpaid, the ladder resumes and the promise is evidence.
 *
 * Codes: promise-broken, installment-missed.
 */
import { receivedBetween } from "../engine/balances";
import { planInvoices } from "../engine/ladder";
import type { PlanModel, PromiseModel } from "../engine/ledger";
import { formatMoney } from "../engine/money";
import type { RuleContext } from "./context";

export function checkPromises(context: RuleContext): void {
  const promises = new Set<PromiseModel>();
  const plans = new Set<PlanModel>();
  for (const invoice of context.ledger.invoices.values()) {
    for (const promise of invoice.promises) promises.add(promise);
    for (const plan of invoice.plans) plans.add(plan);
  }
  for (const promise of promises) checkPromise(context, promise);
  for (const plan of plans) checkPlan(context, plan);
}

function checkPromise(context: RuleContext, promise: PromiseModel): void {
  if (promise.by >= context.today) return;
  const received = receivedBetween(promise.invoices, promise.madeOn, promise.by);
  if (received >= promise.units) return;
  context.reporter.report(
    promise.file,
    promise.property,
    "promise-broken",
    `promise made ${promise.madeOn} to pay ${formatMoney(promise.units, promise.currency)} by ${promise.by} was broken: ${formatMoney(received, promise.currency)} paid`,
  );
}

function checkPlan(context: RuleContext, plan: PlanModel): void {
  const currency = plan.invoices[0]?.currency;
  if (!currency) return;
  const invoices = planInvoices(plan);
  let due = 0;
  for (const installment of plan.installments) {
    due += installment.units;
    if (installment.date >= context.today) break;
    const paid = receivedBetween(invoices, plan.date, installment.date);
    if (paid >= due) continue;
    context.reporter.report(
      installment.file,
      installment.property,
      "installment-missed",
      `installment of ${installment.date} missed: ${formatMoney(due, currency)} due by then under the plan, ${formatMoney(paid, currency)} paid`,
    );
  }
}
