/**
 * Incremental analysis (server/engine/incremental.ts) must equal a fresh analysis of the whole
 * workspace after any sequence of edits: the same diagnostics, figures and ids. Random edit
 * sequences over realistic cases (the examples and generated cases) join parts (a line that
 * names another case's invoice), split them, break and mend ids, touch the context (`self`
 * party, policies) and delete and add files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze, CODES, statusOf, Workspace, type Analysis, type AnalysisOptions } from "../../server/engine";
import { IncrementalAnalysis } from "../../server/engine/incremental";
import { parseDun } from "../../grammar";
import { memoryFiles } from "../helpers";
import { budget } from "../hostile/support";
import { applyEdit } from "../randomEdits";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

const ROOT = "/ws";
let texts: Record<string, string> = {};
/** A ledger kept as one file (the `self` party, its policies and 10 cases), and a plan: split into runs below. */
let oneFile: Record<string, string> = {};
let generated: string;

function dunFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".dun"))
    .map((d) => join(d.parentPath, d.name));
}

beforeAll(() => {
  generated = mkdtempSync(join(tmpdir(), "dun-incremental-"));
  generateWorkspace(12, { out: generated });
  for (const path of dunFiles(generated)) texts[`${ROOT}/gen/${relative(generated, path)}`] = readFileSync(path, "utf8");
  for (const path of dunFiles("examples/acme-security")) texts[`${ROOT}/acme/${relative("examples/acme-security", path)}`] = readFileSync(path, "utf8");
  texts[`${ROOT}/plan/marlowe.dun`] = readFileSync("examples/contractor-plan/marlowe.dun", "utf8");
  const single = mkdtempSync(join(tmpdir(), "dun-incremental-one-"));
  generateWorkspace(10, { out: single, single: true, evidenceFiles: false });
  oneFile = { [`${ROOT}/one/ledger.dun`]: readFileSync(join(single, "ledger.dun"), "utf8"), [`${ROOT}/plan/marlowe.dun`]: texts[`${ROOT}/plan/marlowe.dun`]! };
  rmSync(single, { recursive: true, force: true });
});

afterAll(() => rmSync(generated, { recursive: true, force: true }));

const OPTIONS: AnalysisOptions = { today: "2026-05-04", defaultCurrency: "USD", files: memoryFiles(ROOT, [`${ROOT}/gen/evidence/contract.pdf`]) };

/** What a user sees of an analysis, comparable with toEqual. */
function seen(analysis: Analysis, paths: string[]) {
  const ids = (map: Map<string, unknown>) => [...map.keys()].sort();
  return {
    diagnostics: analysis.diagnostics,
    byFile: Object.fromEntries(paths.map((path) => [path, analysis.diagnosticsOf(path)])),
    status: statusOf(analysis),
    parties: ids(analysis.ledger.parties),
    contracts: ids(analysis.ledger.contracts),
    invoices: ids(analysis.ledger.invoices),
    policies: [...analysis.ledger.policies.values()].map((p) => [p.id, p.title, p.steps]).sort(),
    self: analysis.ledger.self?.id,
    defaultPolicy: analysis.ledger.defaultPolicy.steps,
    counts: CODES.map((code) => analysis.countOf(code)),
    overdue: analysis.overdue(),
    ladders: [...analysis.reports.values()].map((r) => [r.invoice.id, r.state, r.ladder.next?.step.kind, r.ladder.next?.due, r.ladder.furthest, r.figures]).sort(),
  };
}

/** Applies one random edit to `files` and the workspace: the incremental analysis then equals a fresh one. */
function expectEditSeen(files: Map<string, string>, workspace: Workspace, incremental: IncrementalAnalysis, edit: [number, number, number, number], pool: string[], keepValid = false): void {
  const before = new Set(files.keys());
  const texts = new Map(files);
  applyEdit(files, edit, pool);
  // An edit that breaks a line is left out where the texts are to stay valid (a file with a
  // syntax error is analysed whole: such a chain would test runs for its first break only).
  if (keepValid && [...files].some(([path, text]) => text !== texts.get(path) && parseDun(text).errors.length > 0)) {
    files.clear();
    for (const [path, text] of texts) files.set(path, text);
    return;
  }
  for (const path of before) if (!files.has(path)) workspace.removeFile(path);
  for (const [path, text] of files) workspace.setFile(path, text);
  const paths = [...new Set([...before, ...files.keys()])].sort();
  expect(seen(incremental.update(OPTIONS).analysis, paths)).toEqual(seen(fresh(files), paths));
}

const seenOf = (analysis: Analysis, paths: string[]) => seen(analysis, paths);
const freshOf = (files: Record<string, string>) => fresh(new Map(Object.entries(files)));

function fresh(files: Map<string, string>): Analysis {
  const workspace = new Workspace();
  for (const [path, text] of files) workspace.setFile(path, text);
  return analyze(workspace, OPTIONS);
}

describe("incremental analysis", () => {
  it("puts independent cases in separate parts: an edit in one re-analyses it alone", () => {
    const workspace = new Workspace();
    for (const [path, text] of Object.entries(texts)) workspace.setFile(path, text);
    const incremental = new IncrementalAnalysis(workspace);
    expect(incremental.update(OPTIONS).touched).toBe("all");
    const path = Object.keys(texts).find((p) => p.includes("/gen/cases/"))!;
    workspace.setFile(path, texts[path]!.replace(/address "/, 'address "X'));
    const { touched } = incremental.update(OPTIONS);
    // Only the edited case file: the self party and policies are context, not a link.
    expect(touched).toEqual(new Set([path]));
  });

  it("analyses a ledger kept as one file a run of entries at a time: an edit in one case re-analyses that case alone", () => {
    const path = `${ROOT}/one/ledger.dun`;
    const text = oneFile[path]!;
    const workspace = new Workspace(0);
    workspace.setFile(path, text);
    const incremental = new IncrementalAnalysis(workspace, 0);
    const before = incremental.update(OPTIONS).analysis;
    // As the server does once the first diagnostics are out: the parts are found before the first edit.
    incremental.prepare();
    const invoices = [...before.ledger.invoices.values()];
    expect(invoices.length).toBeGreaterThanOrEqual(10);
    // A character typed into the address of the last case's debtor: one case.
    const at = text.lastIndexOf('  address "') + '  address "'.length;
    const edited = text.slice(0, at) + "X" + text.slice(at);
    workspace.setFile(path, edited);
    const after = incremental.update(OPTIONS).analysis;
    const kept = invoices.filter((invoice) => after.ledger.invoices.get(invoice.id) === invoice);
    // Every case's invoices but the edited case's are the models analysed before (not analysed again).
    const edited_ = invoices.filter((invoice) => invoice.entry.start > text.lastIndexOf("\nparty ", at));
    expect(edited_.length).toBeGreaterThan(0);
    expect(kept.length).toBe(invoices.length - edited_.length);
    expect(seenOf(after, [path])).toEqual(seenOf(freshOf({ [path]: edited }), [path]));
    // An edit near the top moves every run below it: their diagnostics move with them.
    const top = edited.indexOf('  address "') + '  address "'.length;
    const moved = edited.slice(0, top) + "YY\n;" + edited.slice(top);
    workspace.setFile(path, moved);
    expect(seenOf(incremental.update(OPTIONS).analysis, [path])).toEqual(seenOf(freshOf({ [path]: moved }), [path]));
  });

  it("re-analyses everything when the context changes", () => {
    const workspace = new Workspace();
    for (const [path, text] of Object.entries(texts)) workspace.setFile(path, text);
    const incremental = new IncrementalAnalysis(workspace);
    incremental.update(OPTIONS);
    const self = `${ROOT}/gen/self.dun`;
    workspace.setFile(self, texts[self]!.replace(/step (\w+) (\d+)d/, "step $1 9$2d"));
    expect(incremental.update(OPTIONS).touched).toBe("all");
  });

  it("updates a \"did you mean\" in another part when a near id is defined", () => {
    const workspace = new Workspace();
    workspace.setFile(`${ROOT}/a.dun`, `party acme "Acme"\n2026-01-05 payment INV-1O0 10.00\n`);
    workspace.setFile(`${ROOT}/b.dun`, `party bolt "Bolt"\n`);
    const incremental = new IncrementalAnalysis(workspace);
    expect(incremental.update(OPTIONS).analysis.diagnosticsOf(`${ROOT}/a.dun`)[0]!.message).toBe("no invoice or party `INV-1O0`");
    workspace.setFile(`${ROOT}/b.dun`, `party bolt "Bolt"\n2026-01-02 invoice INV-100 bolt 10.00\n`);
    const { analysis, touched } = incremental.update(OPTIONS);
    expect(analysis.diagnosticsOf(`${ROOT}/a.dun`)[0]!.message).toBe("no invoice or party `INV-1O0`; did you mean `INV-100`?");
    expect(touched).toEqual(new Set([`${ROOT}/a.dun`, `${ROOT}/b.dun`]));
  });

  it("equals a fresh analysis after any sequence of edits", () => {
    const pool = Object.values(texts).flatMap((text) => text.split("\n"));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }), (edits) => {
        const files = new Map(Object.entries(texts));
        const workspace = new Workspace();
        for (const [path, text] of files) workspace.setFile(path, text);
        const incremental = new IncrementalAnalysis(workspace);
        incremental.update(OPTIONS);
        for (const edit of edits) expectEditSeen(files, workspace, incremental, edit, pool);
      }),
      budget(60, 20261126),
    );
  });

  // A large file is parsed again only around its edit, its old nodes moved in place
  // (grammar/reparse.ts), and analysed a run of entries at a time: here every file is, and
  // what the analysis kept of the runs an edit did not touch must stay exact.
  it.each([
    ["the workspace of files, each parsed again only around its edits", () => texts, 0, undefined, false],
    ["the workspace of files, each in runs", () => texts, 0, 0, false],
    ["a ledger kept as one file, in runs", () => oneFile, 0, 0, false],
    ["a ledger kept as one file, in runs, every edit leaving it valid", () => oneFile, 0, 0, true],
  ] as const)("equals a fresh analysis after any sequence of edits: %s", (_what, start, reparseFrom, runsFrom, keepValid) => {
    const pool = Object.values(start()).flatMap((text) => text.split("\n"));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }), (edits) => {
        const files = new Map(Object.entries(start()));
        const workspace = new Workspace(reparseFrom);
        for (const [path, text] of files) workspace.setFile(path, text);
        const incremental = new IncrementalAnalysis(workspace, runsFrom);
        incremental.update(OPTIONS);
        // As the server does once the first diagnostics are out (the others edit before it).
        if (keepValid) incremental.prepare();
        for (const edit of edits) expectEditSeen(files, workspace, incremental, edit, pool, keepValid);
      }),
      budget(60, 20261126),
    );
  });

  it("equals a fresh analysis when made a group of parts at a time, the open files' parts first", () => {
    const pool = Object.values(texts).flatMap((text) => text.split("\n"));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { maxLength: 4 }),
        (before, open, after) => {
          const files = new Map(Object.entries(texts));
          for (const edit of before) applyEdit(files, edit, pool);
          // Half the runs parse files again only around their edits (grammar/reparse.ts) and
          // analyse them a run of entries at a time.
          const runs = before.length % 2 === 0 ? 0 : undefined;
          const workspace = new Workspace(runs);
          for (const [path, text] of files) workspace.setFile(path, text);
          const incremental = new IncrementalAnalysis(workspace, runs);
          const paths = [...files.keys()].sort();
          const first = open.map((i) => paths[i % paths.length]!);
          // Groups of ~3,000 characters: a case or two each.
          const staged = incremental.stage(OPTIONS, first, 3000)!;
          // Each file is reported once, and the open files' parts first: each in a group of its own.
          const groups: string[][] = [];
          for (let group = staged.step(); group; group = staged.step()) groups.push(group.map((file) => file.path));
          expect(groups.flat().sort()).toEqual(paths);
          const early = groups.slice(0, new Set(first).size).flat();
          for (const path of first) expect(early).toContain(path);
          expect(seen(staged.analysis, paths)).toEqual(seen(fresh(files), paths));
          // The parts found serve the edits that follow.
          for (const edit of after) expectEditSeen(files, workspace, incremental, edit, pool);
        },
      ),
      budget(40, 20261127),
    );
  });

  it.each([
    ["parsed whole", undefined],
    ["parsed again around the edit, in runs", 0],
  ])("finishes a staged analysis left half done before an update, with the edits made meanwhile (%s)", (_how, runs) => {
    const files = new Map(Object.entries(texts));
    const workspace = new Workspace(runs);
    for (const [path, text] of files) workspace.setFile(path, text);
    const incremental = new IncrementalAnalysis(workspace, runs);
    const staged = incremental.stage(OPTIONS, [], 3000)!;
    expect(staged.step()).toBeDefined();
    // An edit lands before the rest is analysed: the next update sees it.
    const [path, text] = [...files].find(([, t]) => t.includes("invoice "))!;
    const renamed = text.replace(/^(\d{4}-\d{2}-\d{2} invoice) (\S+)/m, "$1 $2-renamed");
    expect(renamed).not.toBe(text);
    files.set(path, renamed);
    workspace.setFile(path, files.get(path)!);
    const paths = [...files.keys()].sort();
    expect(seen(incremental.update(OPTIONS).analysis, paths)).toEqual(seen(fresh(files), paths));
    expect(staged.step()).toBeUndefined();
    // Nothing calls for a full analysis now: nothing is staged.
    expect(incremental.stage(OPTIONS, [])).toBeUndefined();
  });

  it("analyses everything again after a group of a staged analysis failed, rather than go on without it", () => {
    const files = new Map(Object.entries(texts));
    const workspace = new Workspace();
    for (const [path, text] of files) workspace.setFile(path, text);
    // The disk fails once, in the middle of the staged analysis: the group it fails in throws.
    let lookups = 0;
    const flaky = { ...OPTIONS.files!, exists: (path: string) => {
      if (++lookups === 20) throw new Error("the disk went away");
      return OPTIONS.files!.exists(path);
    } };
    const options = { ...OPTIONS, files: flaky };
    const incremental = new IncrementalAnalysis(workspace);
    const staged = incremental.stage(options, [], 3000)!;
    expect(() => {
      while (staged.step());
    }).toThrow("the disk went away");
    expect(lookups).toBeGreaterThanOrEqual(20);
    const paths = [...files.keys()].sort();
    expect(seen(incremental.update(options).analysis, paths)).toEqual(seen(fresh(files), paths));
  });
});
