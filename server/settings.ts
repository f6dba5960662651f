/**
 * Every setting of Dun, with its default, in one place shared by the extension and the server.
 *
 * To add a setting: (1) add it to `SETTINGS` below with its default and description; (2) add
 * the same key to `contributes.configuration` in package.json (a test checks the two agree);
 * (3) read it in the server through `Settings`; (4) document it in the README.
 */
import type { Code, Severity } from "./engine";

export interface Settings {
  /** Compute every figure as of this date (YYYY-MM-DD) instead of today's local date. */
  today: string;
  /** Per-code severity or `off`. */
  rules: Partial<Record<Code, Severity | "off">>;
  /** The escalation policy for invoices whose contract names none. */
  defaultPolicy: string;
  /** Currency of amounts that name none and whose invoice or contract names none. */
  currency: string;
  /** Where generated letters are written, relative to the folder of the debtor's case file. */
  lettersFolder: string;
  /** Paper for letters' PDFs: `auto` (US Letter in the US and Canada, A4 elsewhere), `a4` or `letter`. */
  letterPaper: string;
  /** Show a code lens over each open invoice. */
  codeLensEnabled: boolean;
  /** Show inlay hints (the computed due date where `due` is absent). */
  inlayHintsEnabled: boolean;
}

export const SETTINGS = {
  "dun.today": { key: "today", default: "", description: "Compute every figure as of this date (YYYY-MM-DD) instead of today's local date. Empty: today." },
  "dun.rules": { key: "rules", default: {}, description: "Severity per diagnostic code: error, warning, info or off, e.g. { \"no-work-proof\": \"off\" }." },
  "dun.defaultPolicy": { key: "defaultPolicy", default: "standard", description: "The escalation policy for invoices whose contract names none." },
  "dun.currency": { key: "currency", default: "USD", description: "Currency of amounts that name none and whose invoice or contract names none (ISO 4217)." },
  "dun.lettersFolder": { key: "lettersFolder", default: "letters", description: "Where generated letters are written, relative to the folder of the debtor's case file (it must stay inside the workspace)." },
  "dun.letters.paper": { key: "letterPaper", default: "auto", description: "Paper for letters' PDFs: auto (US Letter for a creditor in the US or Canada, A4 elsewhere), a4 or letter." },
  "dun.codeLens.enabled": { key: "codeLensEnabled", default: true, description: "Show the amount due, days late and next step over each open invoice." },
  "dun.inlayHints.enabled": { key: "inlayHintsEnabled", default: true, description: "Show the computed due date of invoices that do not state one." },
} as const satisfies Record<string, { key: keyof Settings; default: unknown; description: string }>;

export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  Object.values(SETTINGS).map((setting) => [setting.key, setting.default]),
) as unknown as Settings;

/** Settings from the `dun` configuration section as the client sends it (nested objects). */
export function settingsFrom(section: unknown): Settings {
  const raw = (section ?? {}) as Record<string, unknown>;
  const read = (path: string): unknown => path.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], raw);
  const settings = { ...DEFAULT_SETTINGS };
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const value = read(name.slice("dun.".length));
    if (value !== undefined && typeof value === typeof setting.default) (settings as Record<string, unknown>)[setting.key] = value;
  }
  return settings;
}

/** Custom messages between the extension and the server. */
export const Messages = {
  /** Request: the status report of the workspace as Markdown. Params: none. */
  statusReport: "dun/statusReport",
  /** Notification from the server: the totals for the status bar. */
  summary: "dun/summary",
  /** Request: debtors with an open balance, for a quick pick. */
  debtors: "dun/debtors",
  /** Request: write a letter (GenerateLetterParams) and return the files and the entry to record. */
  generateLetter: "dun/generateLetter",
  /** Request: write the PDF of an open Markdown letter beside it. Params: { uri, text }. */
  exportLetterPdf: "dun/exportLetterPdf",
} as const;

export interface Summary {
  /** Overdue total per currency, formatted (`12,300.00 USD`). */
  overdue: string[];
  overdueInvoices: number;
  stepsDue: number;
  today: string;
}

/** The error code of `dun/generateLetter` when it cannot tell which debtor: the client asks. */
export const NEEDS_DEBTOR = -32001;

export type LetterKindName = "demand" | "final-demand" | "statement";

export interface GenerateLetterParams {
  kind: LetterKindName;
  /** A debtor's party id or invoice ids; else the case at `uri`/`position`. */
  targets?: string[];
  uri?: string;
  position?: { line: number; character: number };
  pdf?: boolean;
}
