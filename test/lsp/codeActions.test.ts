/**
 * Code actions: each quick fix, applied to the text, must clear the diagnostic it was offered
 * for without breaking the file, and insert exactly the lines a clerk would type.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CodeActionKind, type CodeAction, type TextEdit } from "vscode-languageserver";
import { LineIndex } from "../../grammar";
import type { Analysis, Diagnostic } from "../../server/engine";
import { pathToUri } from "../../server/lsp/convert";
import { provideCodeActions } from "../../server/lsp/features/codeActions";
import type { FeatureContext } from "../../server/lsp/features/context";
import { toLspDiagnostic } from "../../server/lsp/features/diagnostics";
import { Session } from "../../server/lsp/session";
import { DEFAULT_SETTINGS } from "../../server/settings";
import { featureContext, ROOT } from "./featureHelpers";

const DOCS = (code: string) => `https://dun.example/docs/language.md#${code}`;

const PARTIES = `party acme "Acme Security LLC"
  self

party globex "Globex Corporation"
`;

// Invoice of 2026-02-01 under net 30: due 2026-03-03 (28 days of February + 2 = 30).
// The standard ladder's days from it: reminder 03-04 (+1), call 03-06 (+3), demand and
// suspend 03-17 (+14), final demand 03-31 (+28), collections 04-02 (+30), claim 04-17 (+45).
const CASE = `${PARTIES}
2026-01-05 contract C-7 globex "Security services"
  terms net 30
  evidence "evidence/C-7.pdf"

2026-01-31 work C-7 "January patrols"
  evidence "evidence/logs.pdf"

2026-02-01 invoice INV-1001 C-7 42,000.00
  evidence "invoices/INV-1001.pdf"

2026-02-01 sent INV-1001 via email
  evidence "mail/INV-1001.eml"
`;

/** Applies LSP text edits to a text, last first so that earlier offsets stay valid. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }));
  for (const span of spans.sort((a, b) => b.start - a.start)) text = text.slice(0, span.start) + span.text + text.slice(span.end);
  return text;
}

/** The files after a code action's workspace edit (names relative to /ws, as featureContext takes them). */
function applyAction(files: Record<string, string>, action: CodeAction): Record<string, string> {
  const after = { ...files };
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    const name = Object.keys(files).find((n) => pathToUri(`${ROOT}/${n}`) === uri);
    if (!name) throw new Error(`edit of an unknown file ${uri}`);
    after[name] = applyEdits(after[name]!, edits);
  }
  return after;
}

/** The one engine diagnostic with this code in a file, as the editor shows it, and the actions offered for it. */
function offer(context: FeatureContext & { uri: string }, code: string, inFile = context.file.path) {
  const found = context.analysis.diagnostics.filter((d) => d.code === code && d.file === inFile);
  expect(found, `one ${code} in ${inFile}`).toHaveLength(1);
  const shown = toLspDiagnostic(context.session.workspace.getFile(inFile)!, found[0]!, DOCS);
  const actions = provideCodeActions(context, { textDocument: { uri: context.uri }, range: shown.range, context: { diagnostics: [shown] } });
  return { diagnostic: found[0]!, shown, actions };
}

/** Diagnostics after the edit with the same code on the same line of the same file (the edits never move the line they fix). */
function sameKind(analysis: Analysis, before: Record<string, string>, after: Record<string, string>, old: Diagnostic): Diagnostic[] {
  const name = old.file.slice(ROOT.length + 1);
  const line = (d: Diagnostic, text: string) => new LineIndex(text).positionAt(d.range.start).line;
  return analysis.diagnostics.filter((d) => d.code === old.code && d.file === old.file && line(d, after[name]!) === line(old, before[name]!));
}

/**
 * Offers the fixes for the one `code` diagnostic of `inFile` (default: the file asked about),
 * applies the one titled `title`, re-analyses, and checks the file is clean of syntax errors
 * and of that diagnostic. Returns the texts after the edit.
 */
function fix(files: Record<string, string>, today: string, code: string, title: string, options: { ask?: string; inFile?: string } = {}) {
  const context = featureContext(files, today, { file: options.ask });
  const { diagnostic, shown, actions } = offer(context, code, options.inFile ? `${ROOT}/${options.inFile}` : undefined);
  const action = actions.find((a) => a.title === title);
  expect(action, `"${title}" among ${JSON.stringify(actions.map((a) => a.title))}`).toBeDefined();
  expect(action!.kind).toBe(CodeActionKind.QuickFix);
  expect(action!.diagnostics).toEqual([shown]);
  const after = applyAction(files, action!);
  const again = featureContext(after, today).analysis;
  expect(again.diagnostics.filter((d) => d.code === "syntax")).toEqual([]);
  expect(sameKind(again, files, after, diagnostic)).toEqual([]);
  return { after, actions, again };
}

describe("step-due: record the next step of the standard ladder, dated today", () => {
  // Each case: what was done before (appended to CASE), today = the day the next step falls
  // due, and the entry expected after the last one, separated by one blank line. The step
  // after it is not yet due on that day, so no step-due at all may remain.
  const cases = [
    {
      step: "reminder",
      today: "2026-03-04", // due + 1
      before: "",
      title: "Record the reminder for INV-1001 (today)",
      entry: `2026-03-04 reminder INV-1001 via email\n  evidence ""`,
    },
    {
      step: "call",
      today: "2026-03-06", // due + 3
      before: `2026-03-04 reminder INV-1001 via email\n  evidence "mail/reminder.eml"\n`,
      title: "Record the call for INV-1001 (today)",
      entry: `2026-03-06 call globex ""\n  with ""\n  re INV-1001`,
    },
    {
      step: "suspend",
      today: "2026-03-17", // due + 14, the demand already sent that day
      before: `2026-03-17 demand INV-1001 via certified-mail\n  deadline 10d\n  evidence "letters/demand.pdf"\n  receipt "letters/receipt.pdf"\n`,
      title: "Record the suspend for INV-1001 (today)",
      entry: `2026-03-17 suspend C-7\n  evidence ""`,
    },
    {
      step: "final demand",
      today: "2026-03-31", // due + 28; the suspend is the furthest step taken
      before: `2026-03-17 suspend C-7\n  evidence "letters/hold.pdf"\n`,
      title: "Record the final demand for INV-1001 (today)",
      entry: `2026-03-31 demand INV-1001 via certified-mail\n  deadline 7d\n  final\n  evidence ""\n  receipt ""`,
    },
    {
      step: "collections",
      today: "2026-04-02", // due + 30
      before: `2026-03-31 demand INV-1001 via certified-mail\n  deadline 7d\n  final\n  evidence "letters/final.pdf"\n  receipt "letters/final-receipt.pdf"\n`,
      title: "Record the collections for INV-1001 (today)",
      entry: `2026-04-02 collections INV-1001 "agency"\n  evidence ""`,
    },
    {
      step: "claim",
      today: "2026-04-17", // due + 45
      before: `2026-04-02 collections INV-1001 "Recovery Partners"\n  evidence "letters/referral.pdf"\n`,
      title: "Record the claim for INV-1001 (today)",
      entry: `2026-04-17 claim INV-1001 "court"\n  evidence ""`,
    },
  ];

  for (const c of cases) {
    it(`records the ${c.step}`, () => {
      const text = c.before ? `${CASE}\n${c.before}` : CASE;
      const { after } = fix({ "case.dun": text }, c.today, "step-due", c.title);
      expect(after["case.dun"]).toBe(`${text}\n${c.entry}\n`);
    });
  }

  it("records the first demand with its ladder deadline and receipt line", () => {
    // No contract: the suspend step is passed over, so after this demand the next step is the
    // final demand on 03-31, not yet due on 03-17 (due 03-03 + 14).
    const text = `${PARTIES}
2026-02-01 invoice INV-2001 globex 5,000.00
  evidence "invoices/INV-2001.pdf"

2026-02-01 sent INV-2001 via email
  evidence "mail/INV-2001.eml"

2026-03-06 call globex "Will pay next week"
  with "Hank Scorpio"
  re INV-2001
`;
    const { after } = fix({ "case.dun": text }, "2026-03-17", "step-due", "Record the demand for INV-2001 (today)");
    expect(after["case.dun"]).toBe(`${text}\n2026-03-17 demand INV-2001 via certified-mail\n  deadline 10d\n  evidence ""\n  receipt ""\n`);
  });

  it("writes into the invoice's own file when asked from another", () => {
    const files = {
      "parties.dun": PARTIES,
      // Due 03-03 (net 30): on 03-06 the call is due.
      "invoices.dun": `2026-02-01 invoice INV-3001 globex 1,200.00\n  evidence "invoices/INV-3001.pdf"\n\n2026-02-01 sent INV-3001 via email\n  evidence "mail/INV-3001.eml"\n`,
      "globex.dun": `; Globex: calls and letters\n2026-03-04 reminder INV-3001 via email\n  evidence "mail/reminder.eml"\n`,
    };
    const { after, actions } = fix(files, "2026-03-06", "step-due", "Record the call for INV-3001 (today)", { ask: "globex.dun", inFile: "invoices.dun" });
    expect(Object.keys(actions[0]!.edit!.changes!)).toEqual(["file:///ws/invoices.dun"]);
    expect(after["invoices.dun"]).toBe(`${files["invoices.dun"]}\n2026-03-06 call globex ""\n  with ""\n  re INV-3001\n`);
    expect(after["globex.dun"]).toBe(files["globex.dun"]);
  });
});

describe("missing-evidence and missing-receipt: add the line to fill in", () => {
  const noContractEvidence = CASE.replace(`  terms net 30\n  evidence "evidence/C-7.pdf"\n`, "  terms net 30\n");

  it("adds evidence to a contract, under its last property", () => {
    const { after, actions, again } = fix({ "case.dun": noContractEvidence }, "2026-03-03", "missing-evidence", 'Add an empty `evidence` line');
    expect(after["case.dun"]).toBe(CASE.replace(`evidence "evidence/C-7.pdf"`, `evidence ""`));
    expect(actions.map((a) => a.title)).toEqual(['Add an empty `evidence` line']); // /ws is not on disk: no file to cite
    // The empty path is the engine's to report, at the new line (0-based line 7: two parties
    // on lines 0–3, a blank, the contract header on 5, `terms` on 6).
    const lines = new LineIndex(after["case.dun"]!);
    const onNewLine = again.diagnostics.filter((d) => lines.positionAt(d.range.start).line === 7);
    expect(onNewLine.map((d) => [d.code, d.message])).toEqual([["evidence-not-found", "the evidence path is empty: name the file"]]);
  });

  it("adds evidence to an invoice, after a comment at the end of its header", () => {
    const text = CASE.replace(`42,000.00\n  evidence "invoices/INV-1001.pdf"\n`, "42,000.00 ; January\n");
    const { after } = fix({ "case.dun": text }, "2026-03-03", "missing-evidence", 'Add an empty `evidence` line');
    expect(after["case.dun"]).toBe(CASE.replace(`42,000.00\n  evidence "invoices/INV-1001.pdf"\n`, `42,000.00 ; January\n  evidence ""\n`));
  });

  it("keeps the indentation the entry already uses", () => {
    const text = noContractEvidence.replace("  terms net 30", "\tterms net 30");
    const { after } = fix({ "case.dun": text }, "2026-03-03", "missing-evidence", 'Add an empty `evidence` line');
    expect(after["case.dun"]).toBe(noContractEvidence.replace("  terms net 30\n", `\tterms net 30\n\tevidence ""\n`));
  });

  it("adds a receipt to a certified-mail demand, after the comment lines under it", () => {
    const demand = `2026-03-17 demand INV-1001 via certified-mail\n  deadline 10d\n  evidence "letters/demand.pdf"\n  ; posted at the Main Street office\n`;
    const { after } = fix({ "case.dun": `${CASE}\n${demand}` }, "2026-03-17", "missing-receipt", 'Add an empty `receipt` line');
    expect(after["case.dun"]).toBe(`${CASE}\n${demand}  receipt ""\n`);
  });
});

describe("unknown-ref and no-delivery", () => {
  it("changes an unknown id to the suggested one", () => {
    const text = `${PARTIES}\n2026-02-01 invoice INV-1 globx 1,000.00\n  evidence "invoices/INV-1.pdf"\n`;
    const { after, actions } = fix({ "case.dun": text }, "2026-02-10", "unknown-ref", "Change to `globex`");
    expect(after["case.dun"]).toBe(text.replace("globx", "globex"));
    expect(actions[0]!.isPreferred).toBe(true);
  });

  it("records the delivery of an overdue invoice that was never sent", () => {
    // Due 03-03; on 03-04 it is one day late with no `sent` entry.
    const text = `${PARTIES}\n2026-02-01 invoice INV-1 globex 1,000.00\n  evidence "invoices/INV-1.pdf"\n`;
    const { after } = fix({ "case.dun": text }, "2026-03-04", "no-delivery", "Record that INV-1 was sent (today, via email)");
    expect(after["case.dun"]).toBe(`${text}\n2026-03-04 sent INV-1 via email\n  evidence ""\n`);
  });
});

describe("line ends", () => {
  it("leaves a file without a final newline without one", () => {
    const text = `${PARTIES}\n2026-02-01 invoice INV-1 globex 1,000.00\n  evidence "invoices/INV-1.pdf"`;
    const sent = fix({ "case.dun": text }, "2026-03-04", "no-delivery", "Record that INV-1 was sent (today, via email)");
    expect(sent.after["case.dun"]).toBe(`${text}\n\n2026-03-04 sent INV-1 via email\n  evidence ""`);
    const unproved = `${PARTIES}\n2026-02-01 invoice INV-1 globex 1,000.00`;
    const evidence = fix({ "case.dun": unproved }, "2026-03-03", "missing-evidence", 'Add an empty `evidence` line');
    expect(evidence.after["case.dun"]).toBe(`${unproved}\n  evidence ""`);
  });

  it("writes CRLF line ends into a CRLF file", () => {
    const crlf = (s: string) => s.replace(/\n/g, "\r\n");
    const step = fix({ "case.dun": crlf(CASE) }, "2026-03-04", "step-due", "Record the reminder for INV-1001 (today)");
    expect(step.after["case.dun"]).toBe(crlf(`${CASE}\n2026-03-04 reminder INV-1001 via email\n  evidence ""\n`));
    const missing = crlf(CASE.replace(`  terms net 30\n  evidence "evidence/C-7.pdf"\n`, "  terms net 30\n"));
    const evidence = fix({ "case.dun": missing }, "2026-03-03", "missing-evidence", 'Add an empty `evidence` line');
    expect(evidence.after["case.dun"]).toBe(crlf(CASE.replace(`evidence "evidence/C-7.pdf"`, `evidence ""`)));
  });
});

describe("what is not fixed", () => {
  it("offers nothing for another source, a stale range, or a request for other kinds", () => {
    const context = featureContext({ "case.dun": `${CASE.replace(`  terms net 30\n  evidence "evidence/C-7.pdf"\n`, "  terms net 30\n")}` }, "2026-03-03");
    const { shown } = offer(context, "missing-evidence");
    const ask = (diagnostic: typeof shown, only?: string[]) =>
      provideCodeActions(context, { textDocument: { uri: context.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only } });
    expect(ask(shown)).toHaveLength(1);
    expect(ask({ ...shown, source: "spell" })).toEqual([]);
    // The contract header moved a line down since the editor got it: no edit from old facts.
    const moved = { ...shown, range: { start: { ...shown.range.start, line: shown.range.start.line + 1 }, end: { ...shown.range.end, line: shown.range.end.line + 1 } } };
    expect(ask(moved)).toEqual([]);
    expect(ask(shown, [CodeActionKind.Refactor])).toEqual([]);
    expect(ask(shown, [CodeActionKind.QuickFix])).toHaveLength(1);
  });
});

describe("citing evidence found on disk", () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it("offers up to three uncited files from the case's subfolders, best match first", () => {
    root = mkdtempSync(join(tmpdir(), "dun-actions-"));
    const files = [
      "evidence/C-7-signed.pdf", // header word `c-7`: score 1
      "letters/globex-contract-scan.pdf", // `contract` and `globex`: score 2
      "evidence/photo.PNG", // score 0, first of those alphabetically
      "misc/readme.txt", // score 0, fourth: left out
      "evidence/logs.pdf", // already cited, as are the next two
      "invoices/INV-1001.pdf",
      "mail/INV-1001.eml",
      "evidence/archive.zip", // not evidence-like
      ".git/notes.txt", // hidden folder
      "notes.md", // beside the file, not in a subfolder
    ];
    for (const name of files) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), "x");
    }
    const path = `${root}/case.dun`;
    const text = CASE.replace(`  terms net 30\n  evidence "evidence/C-7.pdf"\n`, "  terms net 30\n");
    const session = new Session();
    session.folders = [root];
    session.settings = { ...DEFAULT_SETTINGS, today: "2026-03-03" };
    session.documentChanged(path, text);
    const context = { session, analysis: session.current(), file: session.workspace.getFile(path)!, uri: pathToUri(path) };
    const { actions } = offer(context, "missing-evidence");
    expect(actions.map((a) => a.title)).toEqual([
      "Add an empty `evidence` line",
      "Cite letters/globex-contract-scan.pdf",
      "Cite evidence/C-7-signed.pdf",
      "Cite evidence/photo.PNG",
    ]);
    const edits = actions[2]!.edit!.changes![context.uri]!;
    const after = applyEdits(text, edits);
    expect(after).toBe(CASE.replace(`evidence "evidence/C-7.pdf"`, `evidence "evidence/C-7-signed.pdf"`));
    session.documentChanged(path, after);
    const codes = session.current().diagnostics.filter((d) => d.file === path).map((d) => d.code);
    expect(codes).not.toContain("missing-evidence");
    expect(codes).not.toContain("evidence-not-found"); // the cited file is there
  });
});
