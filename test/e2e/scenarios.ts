/**
 * What every end-to-end suite checks, written once: the case it opens, the problems a user
 * must see there, the hover, the quick fix, the edit that clears a problem, the letter and the
 * status bar. The code-server and electron suites read these objects directly; the Neovim and
 * Emacs tests get them as JSON (`editorSpec`). Change an expectation here and every suite that
 * checks it fails.
 *
 * The figures are those of examples/acme-security as of 2026-05-04, worked out by hand in the
 * comments of its globex.dun (INV-1001: balance 16,000.00, total due 16,804.38 USD).
 */

/** The VS Code scenarios, in the order they run (the code-server and electron suites share them). */
export const VSCODE_SCENARIOS = {
  problems: "1. activates on opening a .dun file; the Problems panel lists the expected codes",
  hover: "2. hovering an invoice id shows its balance and total due",
  quickFix: "3. the step-due quick fix inserts the next step's entry and that problem leaves",
  letter: "4. \"Dun: Generate demand letter\" writes the letter into the workspace and opens it",
  statusBar: "5. the status bar item shows the overdue total",
} as const;

/** The example copied into a temporary workspace, the file opened, and the `dun.today` used. */
export const CASE = {
  example: "acme-security",
  file: "globex.dun",
  today: "2026-05-04",
} as const;

/** A problem the user must see: its code, its 1-based line, and a piece of its message. */
export interface ExpectedDiagnostic {
  code: string;
  line: number;
  message: string;
}

/** Every problem of globex.dun as of CASE.today (the same list `dun check` prints). */
export const DIAGNOSTICS: ExpectedDiagnostic[] = [
  { code: "overdue", line: 34, message: "`INV-1001` is 62 days late" },
  { code: "step-due", line: 34, message: "`INV-1001`: next step `final demand`" },
  { code: "overdue", line: 49, message: "`INV-1002` is 34 days late" },
  { code: "step-due", line: 49, message: "`INV-1002`: next step `demand`" },
  { code: "missing-receipt", line: 58, message: "went by certified mail but has no `receipt`" },
  { code: "promise-broken", line: 69, message: "promise made 2026-03-09" },
  { code: "deadline-passed", line: 72, message: "deadline 2026-04-03" },
  { code: "items-mismatch", line: 92, message: "items add up to 19,178.00 USD" },
  { code: "overdue", line: 92, message: "`INV-1003` is 3 days late" },
  { code: "step-due", line: 92, message: "`INV-1003`: next step `reminder`" },
  { code: "no-decision-maker", line: 108, message: "does not say `with` whom" },
];

/** Hovering the invoice id of INV-1001's header line (1-based line and column of its first letter). */
export const HOVER = {
  line: 34,
  column: 20,
  word: "INV-1001",
  /** Rows of the hover's table: label → value. */
  rows: { balance: "16,000.00 USD", "total due": "16,804.38 USD" } as Record<string, string>,
};

/**
 * The quick fix of INV-1001's step-due: it appends the final demand, dated today, at the end
 * of the file, and that step-due leaves the problems (INV-1002's and INV-1003's stay).
 */
export const STEP_DUE_FIX = {
  code: "step-due",
  line: 34,
  column: 20,
  message: "`INV-1001`: next step `final demand`",
  title: "Record the final demand for INV-1001 (today)",
  inserted: ["2026-05-04 demand INV-1001 via certified-mail", "  deadline 7d", "  final", '  evidence ""', '  receipt ""'],
} as const;

/**
 * An edit by hand that clears a problem: INV-1003's total had two digits swapped; typing the
 * items' sum in its place clears items-mismatch on that line.
 */
export const CHANGE = {
  code: "items-mismatch",
  line: 92,
  replace: "19,718.00",
  with: "19,178.00",
} as const;

/** "Dun: Generate demand letter" on globex.dun: the file it writes, relative to the workspace, and what it holds. */
export const LETTER = {
  command: "dun.generateDemandLetter",
  title: "Dun: Generate demand letter",
  file: `letters/${CASE.today}-globex-demand.md`,
  shows: ["Globex Corporation", "16,804.38"],
} as const;

/** The status bar item: the overdue total (16,804.38 + 22,223.54 + 19,734.21) and the steps due. */
export const STATUS_BAR = {
  shows: "58,762.13 USD overdue",
  steps: /\d+ steps? due/,
} as const;

/** The checks the Neovim and Emacs tests report, by name, in order. */
export const EDITOR_CHECKS = ["diagnostics", "hover", "code action", "change clears diagnostic"] as const;

/** Everything an editor test needs, as plain JSON: paths, today, and the expectations above. */
export function editorSpec(paths: { server: string; workspace: string; results: string }) {
  return {
    ...paths,
    file: `${paths.workspace}/${CASE.file}`,
    today: CASE.today,
    diagnostics: DIAGNOSTICS,
    hover: HOVER,
    fix: STEP_DUE_FIX,
    change: CHANGE,
    checks: EDITOR_CHECKS,
  };
}

/** A problem as an editor shows it: code, 1-based line, message. */
export interface ShownDiagnostic {
  code: string;
  line: number;
  message: string;
}

/**
 * The expected problems not shown and the shown problems not expected, each expected one
 * matching one shown with the same code and line whose message contains its fragment.
 * Both empty: the editor shows exactly what it should.
 */
export function diagnosticsDiff(shown: ShownDiagnostic[], expected: ExpectedDiagnostic[] = DIAGNOSTICS) {
  const left = [...shown];
  const missing: ExpectedDiagnostic[] = [];
  for (const want of expected) {
    const at = left.findIndex((d) => d.code === want.code && d.line === want.line && d.message.includes(want.message));
    if (at < 0) missing.push(want);
    else left.splice(at, 1);
  }
  return { missing, unexpected: left };
}
