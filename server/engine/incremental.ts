/**
 * Incremental analysis, for the language server: an edit re-analyses what it can affect, not
 * the whole workspace.
 *
 * The workspace falls into *units*: a file, or, for a large file (REPARSE_FROM characters or
 * more, without a syntax error), each run of its entries (`entryRuns`: an entry joins the run
 * before it when they share an id, so a case written as one block is one run). Units fall
 * into independent *parts* (server/engine/parts.ts): two share a part when one defines or
 * names an id the other defines or names; the `self` parties and the policies are the
 * *context* every part is analysed with, so they join nothing.
 *
 * An edit of a large file is parsed again only around it, and the old nodes past it are moved
 * to their new offsets in place (grammar/reparse.ts): every run the edit did not touch is then
 * the same run, with the same nodes, and what its part's analysis made of it (models, figures)
 * still holds; only its diagnostics are moved by the edit's length. So an edit in one case of
 * a ledger of thousands, kept as one file, re-analyses that case, as it would in a file of its
 * own.
 *
 * The result equals `analyze` of the whole workspace, diagnostic for diagnostic and figure for
 * figure (test/unit/incremental.test.ts checks that after random edits, with files whole and
 * split into runs). A change of the context itself (a policy's steps, a new `self` party), of
 * the options or of today re-analyses all.
 */
import type { Entry } from "../../grammar";
import { addOverdue, analyze, groupByFile, type Analysis, type AnalysisOptions, type InvoiceReport, type OverdueTotals } from "./analysis";
import type { Code, Diagnostic } from "./diagnostics";
import type { ContractModel, InvoiceModel, Ledger, PartyModel } from "./ledger";
import { buildLedger, type DefinitionKind } from "./ledgerBuilder";
import {
  analyzeParts,
  contextFileOf,
  contextSignature,
  entryRuns,
  entryRunsAfterEdit,
  firstDefinitions,
  isContextFile,
  linkingIds,
  linkKeys,
  PartLinks,
  readFacts,
  suggestionIds,
  type FileFacts,
} from "./parts";
import { Reporter } from "./reporter";
import { REPARSE_FROM, type SourceFile, type Workspace } from "./workspace";

/** A unit: a whole file, or a run of a large file's entries. */
interface Unit {
  /** The path for a whole file; for a run, the path, a NUL and a number of its own. */
  key: string;
  path: string;
  /** The file's current text and tree. */
  file: SourceFile;
  /** The run's entries; undefined for a whole file. */
  run?: Entry[];
  /** Where the run started when its diagnostics were worked out: they move as it moves. */
  at: number;
  facts: FileFacts;
  /** The ids (and CORE) that join this unit to others, given the context ids. */
  keys: string[];
}

/** A part of the workspace and what its analysis put into the merged view. */
interface Part {
  units: string[];
  parties: PartyModel[];
  contracts: ContractModel[];
  invoices: InvoiceModel[];
  reports: InvoiceReport[];
  /** An unknown reference's "did you mean" depends on every definition in the workspace. */
  hasUnknownRefs: boolean;
  /** A `duplicate-id` message names the line of the first definition: lines added or removed above it move it. */
  namesLines: boolean;
}

export interface IncrementalUpdate {
  analysis: Analysis;
  /** Files whose diagnostics may have changed (removed files included); `all` after a full analysis. */
  touched: Set<string> | "all";
}

/**
 * A full analysis made a group of parts at a time (`IncrementalAnalysis.stage`): the server
 * sends each group's diagnostics while the next is analysed, the open documents' parts first.
 */
export interface StagedAnalysis {
  /** The merged view, complete once `step` has returned undefined. */
  readonly analysis: Analysis;
  /**
   * Analyses the next group of parts: the files (as analysed) whose diagnostics are now final,
   * or undefined when none is left.
   */
  step(): SourceFile[] | undefined;
}

/** About how much text (characters) a group of small parts holds in a staged analysis: ~60 cases' files. */
const STAGE_SIZE = 1 << 16;

export class IncrementalAnalysis {
  private readonly facts = new WeakMap<SourceFile, FileFacts>();
  /** Each entry's `linkingIds`, kept while the entry lives (a large file's runs are found again after every edit). */
  private readonly entryIds = new WeakMap<Entry, readonly string[]>();
  /** Every unit, by key, as last analysed. */
  private readonly known = new Map<string, Unit>();
  /** Each file's units' keys, in the order written. */
  private readonly unitsOf = new Map<string, string[]>();
  private nextRun = 0;
  private contextIds = new Set<string>();
  /** For each file defining a context id: its context entries as a file of their own, and their text. */
  private readonly contextFiles = new Map<string, { file: SourceFile; signature: string }>();
  /** The units under each key (an id, or CORE). */
  private readonly links = new PartLinks<string>();
  private readonly partOf = new Map<string, Part>();
  /** Each file's diagnostics: what the view reads. */
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Each run's diagnostics (a file in runs has the concatenation of its runs'). */
  private readonly runDiagnostics = new Map<string, Diagnostic[]>();
  /** How many diagnostics of each code there are: counted by whole file, and by run for a file in runs (an edit counts only the runs it changed). */
  private readonly codes = new Map<Code, number>();
  /** "Did you mean" among the whole workspace's ids; worked out again after a change of definitions. */
  private suggest: ((kinds: readonly DefinitionKind[]) => string[]) | undefined;
  private view: MergedAnalysis | undefined;
  /** The last full analysis, before `prepare` found its parts. */
  private unprepared: { files: SourceFile[]; analysis: Analysis } | undefined;
  private optionsKey = "";
  private options: AnalysisOptions | undefined;
  /** The groups of parts a staged analysis has still to analyse, in order, and each file's units not yet analysed. */
  private staged: { groups: Part[][]; remaining: Map<string, number> } | undefined;

  /** `runsFrom`: the size from which a file is units of runs (REPARSE_FROM; tests use 0). */
  constructor(
    private readonly workspace: Workspace,
    private readonly runsFrom = REPARSE_FROM,
  ) {}

  update(options: AnalysisOptions): IncrementalUpdate {
    // The runs of a changed file analysed before its edit keep what was worked out of them;
    // not those a staged analysis finishes now, or whose parts are found now (`prepare`): they
    // are read from the nodes the edit has moved already, beside the old text.
    const settled = this.staged === undefined && this.unprepared === undefined;
    // A staged analysis not yet done is finished first: the edits since are applied to it.
    this.finishStaged();
    const changes = this.workspace.takeChanges();
    if (this.needsFull(options)) return { analysis: this.full(), touched: "all" };
    if (changes.size === 0) return { analysis: this.view!, touched: new Set() };
    this.prepare();
    const fresh = new Map<string, Unit[]>();
    for (const path of changes) {
      const file = this.workspace.getFile(path);
      if (file) fresh.set(path, this.unitsFor(file, settled ? this.unitsOfPath(path) : []));
    }
    if (this.contextChanges(changes, fresh)) return { analysis: this.full(), touched: "all" };
    return this.partial(changes, fresh);
  }

  /** True when these options (or the first analysis) call for a full analysis; the options are kept. */
  private needsFull(options: AnalysisOptions): boolean {
    const key = JSON.stringify([options.today, options.defaultCurrency, options.defaultPolicy ?? null, options.rules ?? {}]);
    const full = !this.view || key !== this.optionsKey || options.files !== this.options?.files;
    this.optionsKey = key;
    this.options = options;
    return full;
  }

  // --- the whole workspace ------------------------------------------------------------------------

  private full(): MergedAnalysis {
    this.view = undefined; // the old view goes before the new analysis is built
    this.unprepared = undefined;
    const files = this.workspace.allFiles();
    const analysis = analyze(this.workspace, this.options!);
    this.diagnostics.clear();
    this.runDiagnostics.clear();
    this.codes.clear();
    for (const [path, list] of groupByFile(analysis.diagnostics)) this.setDiagnostics(path, list);
    this.view = new MergedAnalysis(analysis.ledger, analysis.reports, this.diagnostics, this.codes, analysis.overdue());
    this.unprepared = { files, analysis };
    return this.view;
  }

  /**
   * Finds the parts of the last full analysis, which only the next edit needs: the server calls
   * this once the first diagnostics are out (else the next update does).
   */
  prepare(): void {
    const unprepared = this.unprepared;
    if (!unprepared) return;
    this.unprepared = undefined;
    const { files, analysis } = unprepared;
    this.findParts(files);
    // Each run's diagnostics, from its file's.
    for (const file of files) if (this.isSplit(file.path)) this.splitDiagnostics(file.path, this.diagnostics.get(file.path) ?? [], undefined);
    this.collect(this.partition([...this.known.keys()], new Set()), analysis);
  }

  /** Every file's units, facts and links, and the context, from scratch; no unit is in a part yet. */
  private findParts(files: SourceFile[]): void {
    this.known.clear();
    this.unitsOf.clear();
    const units = files.map((file) => this.unitsFor(file, []));
    this.contextIds = new Set(units.flatMap((list) => list.flatMap((unit) => unit.facts.contextIds)));
    for (const list of units) {
      for (const unit of list) {
        unit.keys = linkKeys(unit.facts, this.contextIds);
        this.known.set(unit.key, unit);
      }
      this.unitsOf.set(list[0]!.path, list.map((unit) => unit.key));
    }
    this.contextFiles.clear();
    files.forEach((file, i) => this.refreshContext(file, units[i]!));
    this.suggest = undefined;
    this.links.clear();
    for (const [key, unit] of this.known) this.links.link(key, unit.keys, true);
    this.partOf.clear();
  }

  /**
   * Starts a full analysis made a group of parts at a time, where `update` would analyse the
   * whole workspace at once (the first analysis, new options or a new `files`); undefined
   * otherwise. The parts are found first, from every unit's facts; the parts holding any of
   * `first` come first, then the rest in path order, small ones in groups of about `groupSize`
   * characters. Once every group is analysed the view equals `update`'s, and the parts are
   * already known to the next edit. `update` finishes a staged analysis left unfinished.
   */
  stage(options: AnalysisOptions, first: Iterable<string>, groupSize = STAGE_SIZE): StagedAnalysis | undefined {
    this.finishStaged();
    if (!this.needsFull(options)) return undefined;
    this.workspace.takeChanges();
    this.view = undefined; // the old view goes before the new analysis is built
    this.unprepared = undefined;
    const files = this.workspace.allFiles();
    this.findParts(files);
    this.diagnostics.clear();
    this.runDiagnostics.clear();
    this.codes.clear();
    // The policies, the `self` party and the default policy, as the whole ledger has them: the
    // context files' context entries hold every one. The models come with their parts.
    const context = buildLedger([...this.contextFiles.values()].map(({ file }) => file), this.options!, new Reporter());
    const ledger: Ledger = { ...context, parties: new Map(), contracts: new Map(), invoices: new Map() };
    const view = new MergedAnalysis(ledger, new Map(), this.diagnostics, this.codes, { invoices: 0, byCurrency: new Map() });
    this.view = view;
    const remaining = new Map<string, number>();
    for (const [path, keys] of this.unitsOf) remaining.set(path, keys.length);
    this.staged = { groups: this.stages(this.partition([...this.known.keys()], new Set()), first, groupSize), remaining };
    return { analysis: view, step: () => this.stepStaged() };
  }

  /** The parts in the order a staged analysis takes them, in groups. */
  private stages(parts: Part[], first: Iterable<string>, groupSize: number): Part[][] {
    // Each open file's parts in a group of their own: its diagnostics are final after it.
    const early = new Set<Part>();
    const groups: Part[][] = [];
    for (const path of first) {
      const own: Part[] = [];
      for (const key of this.unitsOf.get(path) ?? []) {
        const part = this.partOf.get(key);
        if (part && !early.has(part)) {
          early.add(part);
          own.push(part);
        }
      }
      if (own.length > 0) groups.push(own);
    }
    let group: Part[] = [];
    let size = 0;
    for (const part of parts) {
      if (early.has(part)) continue;
      group.push(part);
      for (const key of part.units) size += unitSize(this.known.get(key)!);
      if (size >= groupSize) {
        groups.push(group);
        group = [];
        size = 0;
      }
    }
    if (group.length > 0) groups.push(group);
    return groups.reverse(); // taken from the end
  }

  private stepStaged(): SourceFile[] | undefined {
    const staged = this.staged;
    const group = staged?.groups.pop();
    if (!staged || !group) {
      this.staged = undefined;
      return undefined;
    }
    const view = this.view!;
    let analysis: Analysis;
    try {
      analysis = this.analyzeGroup(group);
    } catch (error) {
      // Without this group the view would be wrong: the next update analyses everything again.
      this.staged = undefined;
      this.view = undefined;
      throw error;
    }
    this.takeDiagnostics(group, analysis);
    // A file's diagnostics are final once all its units are analysed.
    const files: SourceFile[] = [];
    for (const part of group) {
      for (const key of part.units) {
        const unit = this.known.get(key)!;
        const left = staged.remaining.get(unit.path)! - 1;
        staged.remaining.set(unit.path, left);
        if (left === 0) files.push(unit.file);
      }
    }
    this.collect(group, analysis);
    for (const part of group) {
      this.insert(part, view);
      if (part.units.some((key) => this.contextFiles.has(pathOf(key)))) view.adoptContext(analysis.ledger);
    }
    view.changed();
    if (staged.groups.length === 0) this.staged = undefined;
    return files;
  }

  private finishStaged(): void {
    while (this.staged) this.stepStaged();
  }

  /** True when the changed files change the context: then only a full analysis is exact. */
  private contextChanges(changes: Set<string>, fresh: Map<string, Unit[]>): boolean {
    const ids = new Set(this.contextIds);
    let changed = false;
    for (const path of changes) {
      const before = this.unitsOfPath(path).flatMap((unit) => unit.facts.contextIds);
      const units = fresh.get(path) ?? [];
      const after = units.flatMap((unit) => unit.facts.contextIds);
      for (const id of before) if (!after.includes(id)) changed = true;
      for (const id of after) if (!ids.has(id)) changed = true;
      const file = this.workspace.getFile(path);
      const signature = file ? this.contextOf(file, units)?.signature : undefined;
      if (signature !== this.contextFiles.get(path)?.signature) changed = true;
    }
    return changed;
  }

  // --- part of it -----------------------------------------------------------------------------------

  private partial(changes: Set<string>, fresh: Map<string, Unit[]>): IncrementalUpdate {
    const view = this.view!;
    const stale = new Set<Part>();
    const seeds: string[] = [];
    const touched = new Set<string>(changes);
    let definitionsChanged = false;
    let linesMoved = false;
    for (const path of changes) {
      const before = this.unitsOfPath(path);
      const after = fresh.get(path) ?? [];
      const kept = new Set(after);
      const file = this.workspace.getFile(path);
      if (before.length > 0 && file && before[0]!.file.lines.lineCount !== file.lines.lineCount) linesMoved = true;
      const removed: string[] = [];
      const added: string[] = [];
      for (const unit of before) {
        if (kept.has(unit)) continue;
        const part = this.partOf.get(unit.key);
        if (part) stale.add(part);
        this.links.link(unit.key, unit.keys, false);
        this.known.delete(unit.key);
        this.partOf.delete(unit.key);
        if (unit.run) this.setRunDiagnostics(unit.key, []);
        else this.setDiagnostics(path, []);
        for (const [id, kind] of unit.facts.definitions) removed.push(`${id}\u0000${kind}`);
      }
      const was = new Set(before);
      for (const unit of after) {
        if (was.has(unit)) {
          // A run the edit did not touch: the same nodes, moved; its diagnostics move with it.
          unit.file = file!;
          this.moveDiagnostics(unit);
          continue;
        }
        unit.keys = linkKeys(unit.facts, this.contextIds);
        this.known.set(unit.key, unit);
        this.links.link(unit.key, unit.keys, true);
        seeds.push(unit.key);
        for (const [id, kind] of unit.facts.definitions) added.push(`${id}\u0000${kind}`);
      }
      if (removed.sort().join("\u0001") !== added.sort().join("\u0001")) definitionsChanged = true;
      // A file in runs no more: its runs' diagnostics are uncounted already; their join goes.
      if (before[0]?.run && !after[0]?.run) this.diagnostics.delete(path);
      if (file) {
        this.unitsOf.set(path, after.map((unit) => unit.key));
        this.refreshContext(file, after);
      } else {
        this.unitsOf.delete(path);
      }
    }
    if (definitionsChanged || linesMoved) {
      if (definitionsChanged) this.suggest = undefined;
      // Their "did you mean" may now name another id; their lines may have moved.
      for (const part of new Set(this.partOf.values())) {
        if ((definitionsChanged && part.hasUnknownRefs) || (linesMoved && part.namesLines)) stale.add(part);
      }
    }
    for (const part of stale) for (const key of part.units) if (this.known.has(key)) seeds.push(key);
    const parts = this.partition(seeds, stale);
    for (const part of stale) {
      this.retract(part, view);
      for (const key of part.units) touched.add(pathOf(key));
    }
    for (const part of parts) {
      const analysis = this.analyzeGroup([part]);
      this.takeDiagnostics([part], analysis);
      for (const key of part.units) touched.add(pathOf(key));
      this.collect([part], analysis);
      this.insert(part, view);
      if (part.units.some((key) => this.contextFiles.has(pathOf(key)))) view.adoptContext(analysis.ledger);
    }
    // A file in runs: its diagnostics, the runs' (moved or worked out again) put together.
    for (const path of changes) if (this.isSplit(path)) this.joinDiagnostics(path);
    view.changed();
    return { analysis: view, touched };
  }

  /**
   * Independent parts analysed together: each unit gets the diagnostics it gets alone
   * (server/cli/parts/partition.ts). A file in runs is read as the runs of it the group holds,
   * with its context entries (which the group does not hold otherwise: a context file among a
   * group's files is not read again beside them); what is reported on those is dropped
   * (`takeDiagnostics`), as for any context file.
   */
  private analyzeGroup(parts: readonly Part[]): Analysis {
    this.suggest ??= suggestionIds(() => firstDefinitions([...this.known.values()].map((unit) => [orderKey(unit), unit.facts.definitions])));
    const files: SourceFile[] = [];
    const runs = new Map<string, Unit[]>();
    for (const part of parts) {
      for (const key of part.units) {
        const unit = this.known.get(key)!;
        if (!unit.run) files.push(unit.file);
        else {
          const list = runs.get(unit.path);
          if (list) list.push(unit);
          else runs.set(unit.path, [unit]);
        }
      }
    }
    for (const [path, units] of runs) {
      const { file } = units[0]!;
      const entries = units.flatMap((unit) => unit.run!);
      const context = this.contextFiles.get(path);
      if (context) {
        const held = new Set(entries);
        for (const entry of context.file.tree.entries) if (!held.has(entry as Entry)) entries.push(entry as Entry);
      }
      entries.sort((a, b) => a.start - b.start);
      files.push({ path, text: file.text, lines: file.lines, tree: { entries, comments: [], errors: [] } });
    }
    const context = [...this.contextFiles.values()].map(({ file }) => file);
    return analyzeParts(files, context, { ...this.options!, suggestionIds: this.suggest });
  }

  // --- the units and the parts -----------------------------------------------------------------------

  /**
   * A file's units: its runs, where it is large enough and parses, and has two runs at least;
   * else the file whole. A run whose entries are those of one of `previous` (the same nodes:
   * the edit did not touch them) is that unit, not a new one.
   */
  private unitsFor(file: SourceFile, previous: readonly Unit[]): Unit[] {
    const idsOf = (entry: Entry) => this.linkingIdsOf(entry);
    const entries = file.tree.entries as Entry[];
    const before = previous.filter((unit) => unit.run).map((unit) => unit.run!);
    const split = file.text.length >= this.runsFrom && file.tree.errors.length === 0;
    const runs = !split ? [] : before.length > 0 ? entryRunsAfterEdit(entries, before, idsOf) : entryRuns(entries, idsOf);
    if (runs.length < 2) {
      const facts = this.factsOf(file);
      return [{ key: file.path, path: file.path, file, at: 0, facts, keys: [] }];
    }
    const byFirst = new Map<Entry, Unit>();
    for (const unit of previous) if (unit.run) byFirst.set(unit.run[0]!, unit);
    return runs.map((run) => {
      const old = byFirst.get(run[0]!);
      if (old && sameRun(old.run!, run)) return old;
      const facts = readFacts({ entries: run, comments: [], errors: [] });
      return { key: `${file.path}\u0000${this.nextRun++}`, path: file.path, file, run, at: run[0]!.start, facts, keys: [] };
    });
  }

  private unitsOfPath(path: string): Unit[] {
    return (this.unitsOf.get(path) ?? []).map((key) => this.known.get(key)!);
  }

  /** True when the file is analysed a run at a time. */
  private isSplit(path: string): boolean {
    const keys = this.unitsOf.get(path);
    return keys !== undefined && this.known.get(keys[0]!)?.run !== undefined;
  }

  private linkingIdsOf(entry: Entry): readonly string[] {
    let ids = this.entryIds.get(entry);
    if (!ids) this.entryIds.set(entry, (ids = linkingIds(entry)));
    return ids;
  }

  /**
   * The parts that hold these units, found by walking from unit to key to unit. A walk that
   * reaches a unit of another part (a new reference joined two parts) takes that part in whole:
   * it is added to `stale`.
   */
  private partition(seeds: string[], stale: Set<Part>): Part[] {
    const parts: Part[] = [];
    const done = new Set<string>();
    for (const seed of seeds) {
      if (done.has(seed)) continue;
      const part = emptyPart();
      part.units = this.links.walk(seed, (key) => this.known.get(key)!.keys, done);
      for (const key of part.units) {
        const old = this.partOf.get(key);
        if (old && !stale.has(old)) stale.add(old);
        this.partOf.set(key, part);
      }
      part.units.sort();
      parts.push(part);
    }
    return parts;
  }

  /** The unit that holds `offset` of a file: its run, for a file in runs (the first run from the text's start). */
  private unitAt(path: string, offset: number): string | undefined {
    const keys = this.unitsOf.get(path);
    if (!keys || keys.length === 1) return keys?.[0];
    let low = 1;
    let high = keys.length - 1;
    let found = 0;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.known.get(keys[middle]!)!.run![0]!.start <= offset) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return keys[found];
  }

  /** Notes what of an analysis belongs to each part's own units (context copies belong to none). */
  private collect(parts: Part[], analysis: Analysis): void {
    const wanted = new Set(parts);
    const owner = (model: { file: string; entry: Entry }) => {
      const key = this.unitAt(model.file, model.entry.start);
      const part = key === undefined ? undefined : this.partOf.get(key);
      return part && wanted.has(part) ? part : undefined;
    };
    const { ledger } = analysis;
    for (const party of ledger.parties.values()) owner(party)?.parties.push(party);
    for (const contract of ledger.contracts.values()) owner(contract)?.contracts.push(contract);
    for (const invoice of ledger.invoices.values()) {
      const part = owner(invoice);
      if (!part) continue;
      part.invoices.push(invoice);
      const report = analysis.reports.get(invoice.id);
      if (report) part.reports.push(report);
    }
    for (const part of parts) {
      const lists = part.units.map((key) => (this.known.get(key)!.run ? this.runDiagnostics.get(key) : this.diagnostics.get(key)) ?? []);
      part.hasUnknownRefs = lists.some((list) => list.some((d) => d.code === "unknown-ref"));
      part.namesLines = lists.some((list) => list.some((d) => d.code === "duplicate-id"));
      // Kept as long as the part: an array pushed to once holds 17 slots (at 10,000 files, 6 MiB of
      // the server's heap), so each is copied to its length.
      part.units = part.units.slice();
      part.parties = part.parties.slice();
      part.contracts = part.contracts.slice();
      part.invoices = part.invoices.slice();
      part.reports = part.reports.slice();
    }
  }

  // --- the diagnostics ---------------------------------------------------------------------------------

  /** The diagnostics an analysis of these parts gave their units. */
  private takeDiagnostics(parts: readonly Part[], analysis: Analysis): void {
    const split = new Map<string, Set<string>>();
    for (const part of parts) {
      for (const key of part.units) {
        const unit = this.known.get(key)!;
        if (!unit.run) {
          this.setDiagnostics(unit.path, analysis.diagnosticsOf(unit.path));
          continue;
        }
        const keys = split.get(unit.path);
        if (keys) keys.add(key);
        else split.set(unit.path, new Set([key]));
      }
    }
    for (const [path, keys] of split) {
      this.splitDiagnostics(path, analysis.diagnosticsOf(path), keys);
      this.joinDiagnostics(path);
    }
  }

  /**
   * A file in runs: its diagnostics (by range) shared out to its runs, each the run's from its
   * start to the next run's (the first from the text's start); only to the runs `only` holds,
   * where given (the rest were not analysed: what falls on them is a context entry's).
   */
  private splitDiagnostics(path: string, list: readonly Diagnostic[], only: ReadonlySet<string> | undefined): void {
    const keys = this.unitsOf.get(path)!;
    const lists = keys.map((): Diagnostic[] => []);
    let run = 0;
    for (const diagnostic of list) {
      while (run + 1 < keys.length && this.known.get(keys[run + 1]!)!.run![0]!.start <= diagnostic.range.start) run++;
      lists[run]!.push(diagnostic);
    }
    keys.forEach((key, i) => {
      if (only && !only.has(key)) return;
      const unit = this.known.get(key)!;
      unit.at = unit.run![0]!.start;
      // Without `only`, the whole file's diagnostics, already counted (`prepare`), are shared out.
      if (only) this.setRunDiagnostics(key, lists[i]!);
      else if (lists[i]!.length > 0) this.runDiagnostics.set(key, lists[i]!);
    });
  }

  /** A run moved by an edit before it: its diagnostics go with it. */
  private moveDiagnostics(unit: Unit): void {
    const delta = unit.run![0]!.start - unit.at;
    if (delta === 0) return;
    unit.at += delta;
    for (const diagnostic of this.runDiagnostics.get(unit.key) ?? []) {
      diagnostic.range = { start: diagnostic.range.start + delta, end: diagnostic.range.end + delta };
    }
  }

  /** A file in runs: its diagnostics are its runs', in order (counted by run). */
  private joinDiagnostics(path: string): void {
    const list: Diagnostic[] = [];
    for (const key of this.unitsOf.get(path) ?? []) for (const diagnostic of this.runDiagnostics.get(key) ?? []) list.push(diagnostic);
    if (list.length > 0) this.diagnostics.set(path, list);
    else this.diagnostics.delete(path);
  }

  /** Keeps a whole file's diagnostics, and the count of each code, up to date. */
  private setDiagnostics(path: string, list: Diagnostic[]): void {
    this.count(this.diagnostics.get(path), -1);
    this.count(list, 1);
    if (list.length > 0) this.diagnostics.set(path, list);
    else this.diagnostics.delete(path);
  }

  /** Keeps a run's diagnostics, and the count of each code, up to date. */
  private setRunDiagnostics(key: string, list: Diagnostic[]): void {
    this.count(this.runDiagnostics.get(key), -1);
    this.count(list, 1);
    if (list.length > 0) this.runDiagnostics.set(key, list);
    else this.runDiagnostics.delete(key);
  }

  private count(list: readonly Diagnostic[] | undefined, sign: 1 | -1): void {
    for (const diagnostic of list ?? []) this.codes.set(diagnostic.code, (this.codes.get(diagnostic.code) ?? 0) + sign);
  }

  private retract(part: Part, view: MergedAnalysis): void {
    addOverdue(view.totals, part.reports, -1);
    const drop = <T>(map: Map<string, T>, id: string, value: T) => {
      if (map.get(id) === value) map.delete(id);
    };
    for (const party of part.parties) drop(view.ledger.parties, party.id, party);
    for (const contract of part.contracts) drop(view.ledger.contracts, contract.id, contract);
    for (const invoice of part.invoices) drop(view.ledger.invoices, invoice.id, invoice);
    for (const report of part.reports) drop(view.reports, report.invoice.id, report);
  }

  private insert(part: Part, view: MergedAnalysis): void {
    addOverdue(view.totals, part.reports);
    for (const party of part.parties) view.ledger.parties.set(party.id, party);
    for (const contract of part.contracts) view.ledger.contracts.set(contract.id, contract);
    for (const invoice of part.invoices) view.ledger.invoices.set(invoice.id, invoice);
    for (const report of part.reports) view.reports.set(report.invoice.id, report);
  }

  // --- the context and the names ---------------------------------------------------------------------

  /** Keeps `contextFiles` in step with one file's text (its units' facts given). */
  private refreshContext(file: SourceFile, units: readonly Unit[]): void {
    const context = this.contextOf(file, units);
    if (context) this.contextFiles.set(file.path, context);
    else this.contextFiles.delete(file.path);
  }

  /** The last file whose context was worked out, and it: asked twice an edit (`contextChanges`, `refreshContext`). */
  private lastContext: { file: SourceFile; ids: Set<string>; context: { file: SourceFile; signature: string } | undefined } | undefined;

  /**
   * A file's context entries as a file of their own, and their signature; undefined where it
   * defines no context id. For a file in runs, read from the runs that define one (the others
   * hold none of its context entries), not from every entry.
   */
  private contextOf(file: SourceFile, units: readonly Unit[]): { file: SourceFile; signature: string } | undefined {
    const last = this.lastContext;
    if (last && last.file === file && last.ids === this.contextIds) return last.context;
    const defining = units.filter((unit) => isContextFile(unit.facts, this.contextIds));
    let context: { file: SourceFile; signature: string } | undefined;
    if (defining.length > 0) {
      const source = units[0]!.run ? { ...file, tree: { entries: defining.flatMap((unit) => unit.run!), comments: [], errors: [] } } : file;
      context = { file: contextFileOf(source, this.contextIds), signature: contextSignature(source, this.contextIds) };
    }
    this.lastContext = { file, ids: this.contextIds, context };
    return context;
  }

  private factsOf(file: SourceFile): FileFacts {
    let facts = this.facts.get(file);
    if (!facts) {
      facts = readFacts(file.tree);
      this.facts.set(file, facts);
    }
    return facts;
  }
}

/** A unit's key is its path, or its path, a NUL and a number. */
function pathOf(key: string): string {
  const nul = key.indexOf("\u0000");
  return nul < 0 ? key : key.slice(0, nul);
}

/** Where a unit stands in path order, then in its file: what "the first definition" goes by. */
function orderKey(unit: Unit): string {
  return unit.run ? `${unit.path}\u0000${String(unit.run[0]!.start).padStart(16, "0")}` : unit.path;
}

function unitSize(unit: Unit): number {
  return unit.run ? unit.run[unit.run.length - 1]!.end - unit.run[0]!.start : unit.file.text.length;
}

function sameRun(a: readonly Entry[], b: readonly Entry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The merged view the server's features read: the ledger's maps and the reports hold every
 * part's own models; the diagnostics are kept by file.
 */
class MergedAnalysis implements Analysis {
  private sorted: Diagnostic[] | undefined;

  constructor(
    readonly ledger: Ledger,
    readonly reports: Map<string, InvoiceReport>,
    private readonly byFile: Map<string, Diagnostic[]>,
    private readonly codes: Map<Code, number>,
    /** Kept up to date as parts come and go. */
    readonly totals: OverdueTotals,
  ) {}

  get diagnostics(): Diagnostic[] {
    if (!this.sorted) {
      const paths = [...this.byFile.keys()].sort();
      this.sorted = paths.flatMap((path) => this.byFile.get(path)!);
    }
    return this.sorted;
  }

  diagnosticsOf(path: string): Diagnostic[] {
    return this.byFile.get(path) ?? [];
  }

  countOf(code: Code): number {
    return this.codes.get(code) ?? 0;
  }

  overdue(): OverdueTotals {
    return { invoices: this.totals.invoices, byCurrency: new Map(this.totals.byCurrency) };
  }

  /** The core part was analysed again: its policies and `self` party are the current ones. */
  adoptContext(ledger: Ledger): void {
    this.ledger.policies = ledger.policies;
    this.ledger.self = ledger.self;
    this.ledger.defaultPolicy = ledger.defaultPolicy;
  }

  changed(): void {
    this.sorted = undefined;
  }
}

function emptyPart(): Part {
  return { units: [], parties: [], contracts: [], invoices: [], reports: [], hasUnknownRefs: false, namesLines: false };
}
