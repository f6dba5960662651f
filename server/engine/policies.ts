/**
 * The built-in escalation ladder (LANGUAGE.md §3): reminder → call → formal demand with a
 * credit hold → final demand → collections → court claim, as the seed articles lay it out.
 */
import type { PolicyModel } from "./ledger";

/** The `standard` policy as the reference prints it. */
export const STANDARD_POLICY_TEXT = `policy standard "Standard B2B escalation"
  step reminder 1d via email            ; confirm delivery, resend with a read receipt
  step call 3d                          ; speak to the decision-maker, note the answer
  step demand 14d deadline 10d via certified-mail
  step suspend 14d                      ; credit hold alongside the demand
  step demand 28d final deadline 7d via certified-mail
  step collections 30d                  ; or a claim, by amount
  step claim 45d
`;

function standard(): PolicyModel {
  return {
    id: "standard",
    title: "Standard B2B escalation",
    steps: [
      { kind: "reminder", offset: 1, final: false, via: "email" },
      { kind: "call", offset: 3, final: false },
      { kind: "demand", offset: 14, deadline: 10, final: false, via: "certified-mail" },
      { kind: "suspend", offset: 14, final: false },
      { kind: "demand", offset: 28, deadline: 7, final: true, via: "certified-mail" },
      { kind: "collections", offset: 30, final: false },
      { kind: "claim", offset: 45, final: false },
    ],
  };
}

/** A fresh map of the built-in policies; user `policy` entries are added to (and may replace) them. */
export function builtInPolicies(): Map<string, PolicyModel> {
  return new Map([["standard", standard()]]);
}
