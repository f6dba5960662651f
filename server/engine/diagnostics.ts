/**
 * Every diagnostic code of the checker (LANGUAGE.md §4) with its default severity, and the
 * shape of a diagnostic as the engine reports it: offsets into one file, no editor types.
 */
import type { Range } from "../../grammar";

export type Severity = "error" | "warning" | "info";

export const DEFAULT_SEVERITY = {
  syntax: "error",
  "bad-date": "error",
  "bad-amount": "error",
  "bad-currency": "error",
  "duplicate-id": "error",
  "unknown-ref": "error",
  "currency-mismatch": "error",
  "evidence-not-found": "error",
  "evidence-outside": "error",
  "date-order": "warning",
  "future-entry": "warning",
  "items-mismatch": "warning",
  overpaid: "warning",
  overdue: "warning",
  "step-due": "warning",
  "deadline-passed": "warning",
  "promise-broken": "warning",
  "installment-missed": "warning",
  "no-delivery": "warning",
  "missing-evidence": "warning",
  "missing-receipt": "warning",
  "no-work-proof": "info",
  "no-contract": "info",
  "dispute-open": "info",
  "no-decision-maker": "info",
} as const satisfies Record<string, Severity>;

export type Code = keyof typeof DEFAULT_SEVERITY;
export const CODES = Object.keys(DEFAULT_SEVERITY) as Code[];

export function isCode(value: string): value is Code {
  return Object.hasOwn(DEFAULT_SEVERITY, value);
}

/** Per-code severity chosen by the user, or `off`. */
export type RuleSettings = Partial<Record<Code, Severity | "off">>;

/** Extra facts a code action needs, kept beside the message. */
export type DiagnosticData =
  | { kind: "suggestion"; replacement: string }
  | { kind: "step"; invoice: string; step: string; final: boolean; deadlineDays?: number; channel?: string }
  | { kind: "invoice"; invoice: string }
  | { kind: "missing"; property: "evidence" | "receipt" };

export interface Diagnostic {
  /** The file's path as the workspace knows it. */
  file: string;
  range: Range;
  code: Code;
  severity: Severity;
  message: string;
  data?: DiagnosticData;
}
