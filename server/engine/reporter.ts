/**
 * Collects diagnostics and applies the user's per-code severities (`off` drops a code).
 */
import type { Range } from "../../grammar";
import { DEFAULT_SEVERITY, type Code, type Diagnostic, type DiagnosticData, type RuleSettings } from "./diagnostics";

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly rules: RuleSettings = {}) {}

  /** True when the user has not turned this code off: lets rules skip work nobody will see. */
  wants(code: Code): boolean {
    return this.rules[code] !== "off";
  }

  /**
   * Reports `code` over `at`: a node of the tree or any other range. The diagnostic keeps a
   * plain `{ start, end }` of its own, never the node.
   */
  report(file: string, at: Range, code: Code, message: string, data?: DiagnosticData): void {
    const severity = this.rules[code] ?? DEFAULT_SEVERITY[code];
    if (severity === "off") return;
    const range = { start: at.start, end: at.end };
    this.diagnostics.push(data ? { file, range, code, severity, message, data } : { file, range, code, severity, message });
  }
}
