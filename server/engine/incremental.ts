/**
 * Incremental analysis, for the language server: an edit re-analyses the files it can affect,
 * not the whole workspace.
 *
 * The files fall into independent *parts* (server/engine/parts.ts): two files share a part when
 * one defines or names an id the other defines or names; the `self` parties and the policies
 * are the *context* every part is analysed with, so they join nothing.
 *
 * The result equals `analyze` of the whole workspace, diagnostic for diagnostic and figure for
 * figure (test/unit/incremental.test.ts checks that after random edits). A change of the context
 * itself (a policy's steps, a new `self` party), of the options or of today re-analyses all.
 */
import { addOverdue, analyze, groupByFile, type Analysis, type AnalysisOptions, type InvoiceReport, type OverdueTotals } from "./analysis";
import type { Code, Diagnostic } from "./diagnostics";
import type { ContractModel, InvoiceModel, Ledger, PartyModel } from "./ledger";
import { buildLedger, type DefinitionKind } from "./ledgerBuilder";
import { analyzeParts, contextFileOf, contextSignature, firstDefinitions, isContextFile, linkKeys, PartLinks, readFacts, suggestionIds, type FileFacts } from "./parts";
import { Reporter } from "./reporter";
import type { SourceFile, Workspace } from "./workspace";

interface Known {
  file: SourceFile;
  facts: FileFacts;
  /** The ids (and CORE) that join this file to others, given the context ids. */
  keys: string[];
}

/** A part of the workspace and what its analysis put into the merged view. */
interface Part {
  files: string[];
  parties: PartyModel[];
  contracts: ContractModel[];
  invoices: InvoiceModel[];
  reports: InvoiceReport[];
  /** An unknown reference's "did you mean" depends on every definition in the workspace. */
  hasUnknownRefs: boolean;
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
  /** The facts each path had when last analysed, and the keys that link it to others. */
  private readonly known = new Map<string, Known>();
  private contextIds = new Set<string>();
  /** For each file defining a context id: its context entries as a file of their own, and their text. */
  private readonly contextFiles = new Map<string, { file: SourceFile; signature: string }>();
  /** The files under each key (an id, or CORE). */
  private readonly links = new PartLinks<string>();
  private readonly partOf = new Map<string, Part>();
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  /** How many diagnostics of each code `diagnostics` holds. */
  private readonly codes = new Map<Code, number>();
  /** "Did you mean" among the whole workspace's ids; worked out again after a change of definitions. */
  private suggest: ((kinds: readonly DefinitionKind[]) => string[]) | undefined;
  private view: MergedAnalysis | undefined;
  /** The last full analysis, before `prepare` found its parts. */
  private unprepared: { files: SourceFile[]; analysis: Analysis } | undefined;
  private optionsKey = "";
  private options: AnalysisOptions | undefined;
  /** The groups of parts a staged analysis has still to analyse, in order. */
  private staged: Part[][] | undefined;

  constructor(private readonly workspace: Workspace) {}

  update(options: AnalysisOptions): IncrementalUpdate {
    // A staged analysis not yet done is finished first: the edits since are applied to it.
    this.finishStaged();
    const changes = this.workspace.takeChanges();
    if (this.needsFull(options)) return { analysis: this.full(), touched: "all" };
    if (changes.size === 0) return { analysis: this.view!, touched: new Set() };
    this.prepare();
    if (this.contextChanges(changes)) return { analysis: this.full(), touched: "all" };
    return this.partial(changes);
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
    this.collect(this.partition(files.map((file) => file.path), new Set()), analysis);
  }

  /** Every file's facts and links, and the context, from scratch; no file is in a part yet. */
  private findParts(files: SourceFile[]): void {
    this.known.clear();
    this.contextIds = new Set(files.flatMap((file) => this.factsOf(file).contextIds));
    for (const file of files) this.known.set(file.path, this.knownOf(file));
    this.contextFiles.clear();
    for (const file of files) this.refreshContext(file);
    this.suggest = undefined;
    this.links.clear();
    for (const [path, known] of this.known) this.links.link(path, known.keys, true);
    this.partOf.clear();
  }

  /**
   * Starts a full analysis made a group of parts at a time, where `update` would analyse the
   * whole workspace at once (the first analysis, new options or a new `files`); undefined
   * otherwise. The parts are found first, from every file's facts; the parts holding any of
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
    this.codes.clear();
    // The policies, the `self` party and the default policy, as the whole ledger has them: the
    // context files' context entries hold every one. The models come with their parts.
    const context = buildLedger([...this.contextFiles.values()].map(({ file }) => file), this.options!, new Reporter());
    const ledger: Ledger = { ...context, parties: new Map(), contracts: new Map(), invoices: new Map() };
    const view = new MergedAnalysis(ledger, new Map(), this.diagnostics, this.codes, { invoices: 0, byCurrency: new Map() });
    this.view = view;
    this.staged = this.stages(this.partition(files.map((file) => file.path), new Set()), first, groupSize);
    return { analysis: view, step: () => this.stepStaged() };
  }

  /** The parts in the order a staged analysis takes them, in groups. */
  private stages(parts: Part[], first: Iterable<string>, groupSize: number): Part[][] {
    const early = new Set<Part>();
    for (const path of first) {
      const part = this.partOf.get(path);
      if (part) early.add(part);
    }
    const groups: Part[][] = [...early].map((part) => [part]);
    let group: Part[] = [];
    let size = 0;
    for (const part of parts) {
      if (early.has(part)) continue;
      group.push(part);
      for (const path of part.files) size += this.known.get(path)!.file.text.length;
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
    const group = this.staged?.pop();
    if (!group) {
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
    const files: SourceFile[] = [];
    for (const part of group) {
      for (const path of part.files) {
        this.setDiagnostics(path, analysis.diagnosticsOf(path));
        files.push(this.known.get(path)!.file);
      }
    }
    this.collect(group, analysis);
    for (const part of group) {
      this.insert(part, view);
      if (part.files.some((path) => this.contextFiles.has(path))) view.adoptContext(analysis.ledger);
    }
    view.changed();
    if (this.staged!.length === 0) this.staged = undefined;
    return files;
  }

  private finishStaged(): void {
    while (this.staged) this.stepStaged();
  }

  /** True when the changed files change the context: then only a full analysis is exact. */
  private contextChanges(changes: Set<string>): boolean {
    const ids = new Set(this.contextIds);
    let changed = false;
    for (const path of changes) {
      const before = this.known.get(path)?.facts;
      const file = this.workspace.getFile(path);
      const after = file ? this.factsOf(file) : undefined;
      for (const id of before?.contextIds ?? []) if (!after?.contextIds.includes(id)) changed = true;
      for (const id of after?.contextIds ?? []) if (!ids.has(id)) changed = true;
      const signature = file && isContextFile(after!, this.contextIds) ? contextSignature(file, this.contextIds) : undefined;
      if (signature !== this.contextFiles.get(path)?.signature) changed = true;
    }
    return changed;
  }

  // --- part of it -----------------------------------------------------------------------------------

  private partial(changes: Set<string>): IncrementalUpdate {
    const view = this.view!;
    const stale = new Set<Part>();
    const seeds: string[] = [];
    let definitionsChanged = false;
    for (const path of changes) {
      const before = this.known.get(path);
      const part = this.partOf.get(path);
      if (part) stale.add(part);
      if (before) this.links.link(path, before.keys, false);
      const file = this.workspace.getFile(path);
      if (file) {
        const known = this.knownOf(file);
        if (!before || !sameDefinitions(before.facts.definitions, known.facts.definitions)) definitionsChanged = true;
        this.known.set(path, known);
        this.links.link(path, known.keys, true);
        this.refreshContext(file);
        seeds.push(path);
      } else {
        definitionsChanged ||= before !== undefined && before.facts.definitions.size > 0;
        this.known.delete(path);
        this.partOf.delete(path);
        this.setDiagnostics(path, []);
      }
    }
    if (definitionsChanged) {
      this.suggest = undefined;
      // Their "did you mean" may now name another id.
      for (const part of new Set(this.partOf.values())) if (part.hasUnknownRefs) stale.add(part);
    }
    for (const part of stale) for (const path of part.files) if (this.known.has(path)) seeds.push(path);
    const touched = new Set<string>(changes);
    const parts = this.partition(seeds, stale);
    for (const part of stale) {
      this.retract(part, view);
      for (const path of part.files) touched.add(path);
    }
    for (const part of parts) {
      const analysis = this.analyzeGroup([part]);
      for (const path of part.files) {
        const list = analysis.diagnosticsOf(path);
        this.setDiagnostics(path, list);
        touched.add(path);
      }
      this.collect([part], analysis);
      this.insert(part, view);
      if (part.files.some((path) => this.contextFiles.has(path))) view.adoptContext(analysis.ledger);
    }
    view.changed();
    return { analysis: view, touched };
  }

  /** Independent parts analysed together: each file gets the diagnostics it gets alone (server/cli/parts/partition.ts). */
  private analyzeGroup(parts: readonly Part[]): Analysis {
    this.suggest ??= suggestionIds(() => firstDefinitions([...this.known].map(([path, { facts }]) => [path, facts.definitions])));
    const files = parts.flatMap((part) => part.files.map((path) => this.known.get(path)!.file));
    const context = [...this.contextFiles.values()].map(({ file }) => file);
    return analyzeParts(files, context, { ...this.options!, suggestionIds: this.suggest });
  }

  // --- the parts --------------------------------------------------------------------------------------

  private knownOf(file: SourceFile): Known {
    const facts = this.factsOf(file);
    return { file, facts, keys: linkKeys(facts, this.contextIds) };
  }

  /**
   * The parts that hold these files, found by walking from file to key to file. A walk that
   * reaches a file of another part (a new reference joined two parts) takes that part in whole:
   * it is added to `stale`.
   */
  private partition(seeds: string[], stale: Set<Part>): Part[] {
    const parts: Part[] = [];
    const done = new Set<string>();
    for (const seed of seeds) {
      if (done.has(seed)) continue;
      const part = emptyPart();
      part.files = this.links.walk(seed, (path) => this.known.get(path)!.keys, done);
      for (const path of part.files) {
        const old = this.partOf.get(path);
        if (old && !stale.has(old)) stale.add(old);
        this.partOf.set(path, part);
      }
      part.files.sort();
      parts.push(part);
    }
    return parts;
  }

  /** Notes what of an analysis belongs to each part's own files (context copies belong to none). */
  private collect(parts: Part[], analysis: Analysis): void {
    const wanted = new Set(parts);
    const owner = (model: { file: string }) => {
      const part = this.partOf.get(model.file);
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
      part.hasUnknownRefs = part.files.some((path) => (this.diagnostics.get(path) ?? []).some((d) => d.code === "unknown-ref"));
      // Kept as long as the part: an array pushed to once holds 17 slots (at 10,000 files, 6 MiB of
      // the server's heap), so each is copied to its length.
      part.files = part.files.slice();
      part.parties = part.parties.slice();
      part.contracts = part.contracts.slice();
      part.invoices = part.invoices.slice();
      part.reports = part.reports.slice();
    }
  }

  /** Keeps a file's diagnostics, and the count of each code, up to date. */
  private setDiagnostics(path: string, list: Diagnostic[]): void {
    for (const diagnostic of this.diagnostics.get(path) ?? []) this.codes.set(diagnostic.code, this.codes.get(diagnostic.code)! - 1);
    for (const diagnostic of list) this.codes.set(diagnostic.code, (this.codes.get(diagnostic.code) ?? 0) + 1);
    if (list.length > 0) this.diagnostics.set(path, list);
    else this.diagnostics.delete(path);
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

  /** Keeps `contextFiles` in step with one file's text. */
  private refreshContext(file: SourceFile): void {
    if (!isContextFile(this.factsOf(file), this.contextIds)) {
      this.contextFiles.delete(file.path);
      return;
    }
    this.contextFiles.set(file.path, { file: contextFileOf(file, this.contextIds), signature: contextSignature(file, this.contextIds) });
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
  return { files: [], parties: [], contracts: [], invoices: [], reports: [], hasUnknownRefs: false };
}

function sameDefinitions(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, kind] of a) if (b.get(id) !== kind) return false;
  return true;
}
