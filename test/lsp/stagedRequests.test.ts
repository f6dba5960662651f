/**
 * During the first analysis of a large workspace, made a part at a time (the open documents'
 * parts first), requests about an open document whose part is done are answered from the view
 * so far (`Session.analysisFor`): code lenses, inlay hints, the outline and code actions. They
 * must be what the whole analysis answers, and must not finish the staged analysis; a request
 * about a file not yet analysed, or after an edit, finishes it first.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Analysis, SourceFile } from "../../server/engine";
import { provideCodeActions } from "../../server/lsp/features/codeActions";
import { provideCodeLenses } from "../../server/lsp/features/codeLens";
import { provideHover } from "../../server/lsp/features/hover";
import { provideInlayHints } from "../../server/lsp/features/inlayHints";
import { provideDocumentSymbols } from "../../server/lsp/features/symbols";
import { Session } from "../../server/lsp/session";
import { DEFAULT_SETTINGS } from "../../server/settings";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

const TODAY = "2026-05-04";
let root: string;
let cases: string[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "dun-staged-requests-"));
  // Enough cases for several groups: the first steps leave most of the workspace to analyse.
  generateWorkspace(300, { out: root });
  cases = readdirSync(join(root, "cases"))
    .filter((name) => name.endsWith(".dun"))
    .sort()
    .map((name) => join(root, "cases", name));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function session(): Session {
  const s = new Session();
  s.settings = { ...DEFAULT_SETTINGS, today: TODAY };
  s.indexFolders([root]);
  return s;
}

/** What a user sees of an open document through the part-only features. */
function seen(s: Session, analysis: Analysis, file: SourceFile) {
  const context = { session: s, analysis, file };
  const whole = { start: { line: 0, character: 0 }, end: { line: file.lines.positionAt(file.text.length).line + 1, character: 0 } };
  return {
    lenses: provideCodeLenses(context),
    hints: provideInlayHints(context, { textDocument: { uri: `file://${file.path}` }, range: whole }),
    outline: provideDocumentSymbols(context),
    actions: provideCodeActions(context, {
      textDocument: { uri: `file://${file.path}` },
      range: whole,
      context: { diagnostics: [] },
    }),
    diagnostics: analysis.diagnosticsOf(file.path),
  };
}

describe("requests during a staged analysis", () => {
  it("are answered from the view once the document's part is done, as the whole analysis answers them, without finishing it", () => {
    const open = cases[Math.floor(cases.length / 2)]!;
    // The whole analysis, for comparison.
    const reference = session();
    reference.documentChanged(open, readFileSync(open, "utf8"));
    const expected = seen(reference, reference.current(), reference.workspace.getFile(open)!);
    expect(expected.lenses.length + expected.hints.length).toBeGreaterThan(0);

    const s = session();
    s.documentChanged(open, readFileSync(open, "utf8"));
    const staged = s.stagedAnalysis(1)!;
    const first = staged.step()!;
    expect(first.map((file) => file.path)).toContain(open);
    const view = s.analysisFor(open);
    expect(view).toBe(staged.analysis);
    expect(seen(s, view, s.workspace.getFile(open)!)).toEqual(expected);
    // Not finished by it: more parts are left to analyse.
    expect(staged.step()).toBeDefined();
  });

  it("answer a hover from the document's part, but the `self` party's card from the whole analysis", () => {
    const open = cases[Math.floor(cases.length / 3)]!;
    // The open document also notes something about our own party (the generated `self`
    // party, `northwind`): its card sums every case's invoices, which the part does not hold.
    const text = `${readFileSync(open, "utf8")}\n2026-04-02 note northwind "called our bank about the last payment"\n`;
    const hoverAt = (s: Session, analysis: Analysis, offset: number) => {
      const file = s.workspace.getFile(open)!;
      return provideHover({ session: s, analysis, file }, { textDocument: { uri: `file://${open}` }, position: file.lines.positionAt(offset) });
    };
    const invoiceAt = text.indexOf("invoice ") + "invoice ".length + 1;
    const selfAt = text.lastIndexOf("northwind") + 1;

    const reference = session();
    reference.documentChanged(open, text);
    const whole = reference.current();
    const invoiceCard = hoverAt(reference, whole, invoiceAt);
    const selfCard = hoverAt(reference, whole, selfAt);
    expect(invoiceCard?.contents).toBeDefined();
    expect(JSON.stringify(selfCard?.contents)).toContain("northwind");

    const s = session();
    s.documentChanged(open, text);
    const staged = s.stagedAnalysis(1)!;
    staged.step();
    expect(hoverAt(s, s.analysisFor(open), invoiceAt)).toEqual(invoiceCard);
    expect(staged.step()).toBeDefined(); // not finished by it
    expect(hoverAt(s, s.analysisFor(open), selfAt)).toEqual(selfCard);
    expect(staged.step()).toBeUndefined(); // the self party's card finished it
  });

  it("finish the staged analysis for a file not yet analysed, or once something changed", () => {
    const open = cases[0]!;
    const s = session();
    s.documentChanged(open, readFileSync(open, "utf8"));
    const staged = s.stagedAnalysis(1)!;
    staged.step();
    const later = cases.at(-1)!;
    // That file's part is still to come: the request finishes the analysis.
    s.analysisFor(later);
    expect(staged.step()).toBeUndefined();

    const t = session();
    t.documentChanged(open, readFileSync(open, "utf8"));
    const again = t.stagedAnalysis(1)!;
    again.step();
    // An edit since the analysis began: the answer must see it.
    t.documentChanged(open, `${readFileSync(open, "utf8")}\n2026-04-01 payment NO-SUCH-INVOICE 10.00\n`);
    const analysis = t.analysisFor(open);
    expect(again.step()).toBeUndefined();
    expect(analysis.diagnosticsOf(open).map((d) => d.code)).toContain("unknown-ref");
  });
});
