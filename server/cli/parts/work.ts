/**
 * The work of `dun check` by parts that either thread does: reading files for their facts
 * (first pass), and checking one part (second pass) into each file's piece of the report.
 * Everything going in and out is plain data, so that the worker thread can do it as well as
 * the main one.
 */
import { LineIndex, parseDun, type Entry } from "../../../grammar";
import { regionReader, type RegionReader } from "../../../grammar/fastParse";
import type { AnalysisOptions } from "../../engine/analysis";
import type { DefinitionKind } from "../../engine/ledgerBuilder";
import { analyzeParts, contextFileOf, readFacts, RunBuilder, suggestionIds, type FileFacts } from "../../engine/parts";
import type { Diagnostic } from "../../engine/diagnostics";
import type { SourceFile } from "../../engine/workspace";
import { readDunFile, UsageError, type Listings } from "../../node/disk";
import type { CommonOptions } from "../options";
import { analysisOptions, displayFrom } from "../load";
import { countSeverities, diagnosticRows, fileJson, fileText, LineCursor, type DiagnosticRow, type SeverityCounts } from "../checkReport";

/** What every thread knows of the run from the start. */
export interface RunData {
  /** Every `.dun` file, in path order: files are named by their index in it. */
  paths: string[];
  cwd: string;
  root: string;
  options: Pick<CommonOptions, "today" | "currency" | "policy" | "rules" | "format">;
  /**
   * From this many characters, a file without syntax errors is not one unit of the parts but
   * several: runs of its entries (./partition.ts links them as it links files), so that no
   * tree of the whole file is held. Infinity: never.
   */
  splitFrom: number;
}

/**
 * What the parts are made of: a whole file, or a run of a large file's entries (`region`: from
 * its first entry's start to the next run's, or the end of the text). Its facts, and its size
 * (for balancing the threads and the groups).
 */
export interface UnitRead {
  facts: FileFacts;
  size: number;
  region?: Region;
}

export type Region = readonly [start: number, end: number];

/** A file's units, or why it cannot be read: the usage error's message. */
export type FileRead = { units: UnitRead[] } | { problem: string };

/** What the first pass found, which the second needs on every thread. */
export interface PartsData {
  /** The groups of parts to check (./partition.ts), each one's units by index, in path order. */
  groups: number[][];
  /** The units that define a context id, and the ids. */
  contextFiles: number[];
  contextIds: string[];
  /** The kind of every id's first definition in the workspace: "did you mean" suggests among them. */
  firstDefinitions: Map<string, DefinitionKind | "broken">;
  /** Each unit's file (by index), and its region where it is a run of the file's entries. */
  unitFile: number[];
  regions: (Region | null)[];
}

/**
 * One group's share of the report: each file's piece (files without a diagnostic have none; a
 * file checked a run of entries at a time has its piece in slices, which follow each other in
 * the report as pieces of files do, each given by the group that checks the last run before it
 * unchecked), and the counts.
 */
export interface PartReport {
  pieces: [file: number, piece: string | string[]][];
  counts: SeverityCounts;
}

/** About how many diagnostics of a file checked by runs go into one slice of its piece. */
const SLICE_ROWS = 2000;

/**
 * A file checked a run of entries at a time, while some run is not reported: its lines, its
 * reader of runs, where along the lines its rows were last placed, and each run's diagnostics
 * (by its place in the file; undefined until checked, NONE where it has none, REPORTED once its
 * rows are out).
 */
interface SplitFile {
  lines?: LineIndex;
  read?: RegionReader;
  cursor?: LineCursor;
  firstUnit: number;
  runs: (Diagnostic[] | undefined)[];
  reported: number;
}

/** A run checked without a diagnostic, and one whose rows are out: no array of its own kept. */
const NONE: Diagnostic[] = [];
const REPORTED: Diagnostic[] = [];

/**
 * The texts a thread read in the first pass, by file index, until the second pass has checked
 * them: read once, not twice, so the report is of one state of each file. (With a worker,
 * the texts of files the other thread checks are read again there, and go here once it has
 * reported them.)
 */
export type KeptTexts = (string | undefined)[];

/** Reads and parses files `from` to `to` (exclusive) for their facts, keeping each text in `texts`; the trees go when this returns. */
export function readFileFacts(run: RunData, from: number, to: number, texts: KeptTexts): FileRead[] {
  const display = displayFrom(run.cwd);
  const reads: FileRead[] = [];
  for (let index = from; index < to; index++) {
    const path = run.paths[index]!;
    try {
      const text = readDunFile(path, display(path));
      reads.push({ units: unitsOf(text, run.splitFrom) });
      texts[index] = text;
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      reads.push({ problem: error.message });
    }
  }
  return reads;
}

/**
 * A file's units: the whole file, or from `splitFrom` characters (and only where the fast path
 * reads it: no syntax error) runs of its entries, each run as long as its entries share an id
 * (a case written as one block is one run), which would be in one part anyway. A file split so
 * is parsed a chunk of ~CHUNK characters at a time: its whole tree is never held.
 */
function unitsOf(text: string, splitFrom: number): UnitRead[] {
  if (text.length >= splitFrom) {
    // Chunks no longer than the files split (`splitFrom` 0, as the tests have it: one entry each).
    const runs = runsOf(text, Math.min(CHUNK, splitFrom));
    if (runs) return runs;
  }
  return [{ facts: readFacts(parseDun(text)), size: text.length }];
}

/** How much text the first pass parses at once of a file it splits. */
const CHUNK = 1 << 16;

/** The runs of entries of a text the fast path reads; undefined where it declines (or finds one entry at most). */
function runsOf(text: string, chunk: number): UnitRead[] | undefined {
  const starts = headerStarts(text);
  if (starts.length < 2) return undefined;
  const runs = new Runs();
  const read = regionReader(text);
  // The first chunk from the text's start (after a byte-order mark), as `fastParseDun` reads it:
  // a property line before any header is declined there too.
  let chunkStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let next = 1; chunkStart < text.length; ) {
    while (next < starts.length && starts[next]! - chunkStart < chunk) next++;
    const chunkEnd = next < starts.length ? starts[next]! : text.length;
    const entries = read([[chunkStart, chunkEnd]]);
    if (!entries) return undefined;
    for (const entry of entries) runs.add(entry);
    chunkStart = chunkEnd;
    next++;
  }
  const units = runs.finish(text.length);
  return units.length > 0 ? units : undefined;
}

/**
 * Where the lines start that may be headers: whose first character is not blank, a comment's
 * `;` or a byte-order mark (a line that starts so is read as the header's property it may be).
 */
function headerStarts(text: string): number[] {
  const starts: number[] = [];
  for (let line = 0; line < text.length; ) {
    const c = text.charCodeAt(line);
    if (c !== 10 && c !== 13 && c !== 32 && c !== 9 && c !== 59 && c !== 0xfeff) starts.push(line);
    const end = text.indexOf("\n", line);
    if (end < 0) break;
    line = end + 1;
  }
  return starts;
}

/** Entries, in the order written, into units of runs (`RunBuilder`, server/engine/parts.ts), each with its region and facts. */
class Runs {
  readonly units: UnitRead[] = [];
  private readonly builder = new RunBuilder();

  add(entry: Entry): void {
    const done = this.builder.add(entry);
    if (done) this.close(done, entry.start);
  }

  finish(end: number): UnitRead[] {
    const last = this.builder.finish();
    if (last) this.close(last, end);
    return this.units;
  }

  private close(run: Entry[], end: number): void {
    const start = run[0]!.start;
    this.units.push({ facts: readFacts({ entries: run, comments: [], errors: [] }), size: end - start, region: [start, end] });
  }
}

/**
 * Checks groups of parts, one at a time: parses their files again (from the texts this thread
 * kept, or read now where the other thread read them), analyses them with the context, and
 * formats their rows. Nothing of a group outlives its report.
 */
export class PartChecker {
  private readonly display: (path: string) => string;
  private readonly options: AnalysisOptions;
  /** The context files' context entries, as files of their own, by file index. */
  private readonly context = new Map<number, SourceFile>();
  /** Each file checked a run of entries at a time, while some run of it is not yet reported. */
  private readonly split = new Map<number, SplitFile>();

  constructor(
    private readonly run: RunData,
    private readonly data: PartsData,
    private readonly texts: KeptTexts,
    listings?: Listings,
  ) {
    this.display = displayFrom(run.cwd);
    const options = analysisOptions({ ...run.options, paths: [], help: false }, run.root, listings);
    this.options = { ...options, suggestionIds: suggestionIds(() => data.firstDefinitions) };
    const contextIds = new Set(data.contextIds);
    // A file's runs are units that follow each other, in the order written.
    data.regions.forEach((region, unit) => {
      if (!region) return;
      const file = data.unitFile[unit]!;
      const state = this.split.get(file);
      if (state) state.runs.push(undefined);
      else this.split.set(file, { firstUnit: unit, runs: [undefined], reported: 0 });
    });
    // A file's context units make one file of context entries, as the whole file would.
    const contextUnits = new Map<number, number[]>();
    for (const unit of data.contextFiles) {
      const file = data.unitFile[unit]!;
      const units = contextUnits.get(file);
      if (units) units.push(unit);
      else contextUnits.set(file, [unit]);
    }
    for (const [file, units] of contextUnits) {
      const source = this.split.has(file) ? this.runsSource(file, units) : this.sourceFile(file);
      this.context.set(file, contextFileOf(source, contextIds));
    }
  }

  /** The context files' entries that every group reads beside its own files, in path order. */
  contextFiles(): SourceFile[] {
    return [...this.context.values()];
  }

  check(group: readonly number[]): PartReport {
    const { unitFile, regions } = this.data;
    const whole: number[] = [];
    const runs = new Map<number, number[]>();
    for (const unit of group) {
      const file = unitFile[unit]!;
      if (!regions[unit]) whole.push(file);
      else {
        const units = runs.get(file);
        if (units) units.push(unit);
        else runs.set(file, [unit]);
      }
    }
    const files = whole.map((index) => this.sourceFile(index));
    for (const index of whole) this.texts[index] = undefined;
    for (const [file, units] of runs) {
      // The file's context entries are read in with its own runs (a context file among a part's
      // files is not read again beside them); what is reported on them goes, as for context files.
      const context = this.data.contextFiles.filter((unit) => unitFile[unit] === file && !units.includes(unit));
      const source = this.runsSource(file, [...units, ...context]);
      files.push(source);
    }
    const analysis = analyzeParts(files, this.context.values(), this.options);
    const own = new Map(files.map((file) => [file.path, file]));
    const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
    const pieces: [number, string | string[]][] = [];
    for (const index of whole) {
      const diagnostics = analysis.diagnosticsOf(this.run.paths[index]!);
      if (diagnostics.length === 0) continue;
      const rows = diagnosticRows(diagnostics, { getFile: (path) => own.get(path) }, this.display);
      countSeverities(rows, counts);
      pieces.push([index, this.piece(rows)]);
    }
    for (const [file, units] of runs) {
      const state = this.split.get(file)!;
      // The group's runs and the diagnostics are both in the order written: one walk gives each run its own.
      const owned = [...units].sort((a, b) => a - b);
      const ofRun: Diagnostic[][] = owned.map(() => []);
      let run = 0;
      for (const diagnostic of analysis.diagnosticsOf(this.run.paths[file]!)) {
        const at = diagnostic.range.start;
        while (run < owned.length && regions[owned[run]!]![1] <= at) run++;
        if (run < owned.length && regions[owned[run]!]![0] <= at) ofRun[run]!.push(diagnostic);
      }
      // Each run's diagnostics in the order one analysis of the whole file gives them (runs do
      // not overlap, so it is their order within each run).
      owned.forEach((unit, index) => {
        const diagnostics = ofRun[index]!;
        state.runs[unit - state.firstUnit] = diagnostics.length === 0 ? NONE : diagnostics.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
      });
      // The runs checked from the last one reported on, without a gap, are reported now: a file
      // written a case at a time, whose parts come in the order written, is reported (and its
      // diagnostics let go) as it is checked.
      const slices = this.reportable(state, counts);
      if (slices.length > 0) pieces.push([file, slices]);
      if (state.reported === state.runs.length) {
        this.split.delete(file);
        this.texts[file] = undefined;
      }
    }
    return { pieces, counts };
  }

  /**
   * The rows of a split file's runs checked since its last run reported, up to the first run
   * not yet checked, in slices of about SLICE_ROWS (the report of a file this large is never one
   * string), counted into `counts`.
   */
  private reportable(state: SplitFile, counts: SeverityCounts): string[] {
    const slices: string[] = [];
    let batch: Diagnostic[] = [];
    const format = () => {
      const rows = diagnosticRows(batch, { getFile: () => undefined }, this.display, (state.cursor ??= new LineCursor(state.lines!)));
      countSeverities(rows, counts);
      slices.push(this.piece(rows));
      batch = [];
    };
    for (; state.reported < state.runs.length; state.reported++) {
      const diagnostics = state.runs[state.reported];
      if (!diagnostics) break;
      state.runs[state.reported] = REPORTED;
      for (const diagnostic of diagnostics) batch.push(diagnostic);
      if (batch.length >= SLICE_ROWS) format();
    }
    if (batch.length > 0) format();
    return slices;
  }

  /** The kept texts of a group the other thread checked. */
  forget(group: readonly number[]): void {
    for (const unit of group) this.texts[this.data.unitFile[unit]!] = undefined;
  }

  /** A file of only these runs of a file's entries (parsed from its kept text), with the whole file's lines. */
  private runsSource(file: number, units: readonly number[]): SourceFile {
    const path = this.run.paths[file]!;
    const text = this.texts[file]!;
    const state = this.split.get(file)!;
    state.lines ??= new LineIndex(text);
    state.read ??= regionReader(text);
    const regions = units.map((unit) => this.data.regions[unit]!).sort((a, b) => a[0] - b[0]);
    const entries = state.read(regions);
    // The text is the one whose runs the first pass found, with the fast path: it parses them again.
    if (!entries) throw new Error(`dun: ${path}: its runs of entries no longer parse`);
    return { path, text, tree: { entries, comments: [], errors: [] }, lines: state.lines };
  }

  private piece(rows: DiagnosticRow[]): string {
    return this.run.options.format === "json" ? fileJson(rows) : fileText(rows);
  }

  /** A file parsed again, from its kept text, else read again (the other thread read it first). */
  private sourceFile(index: number): SourceFile {
    const path = this.run.paths[index]!;
    const text = this.texts[index] ?? readDunFile(path, this.display(path));
    return { path, text, tree: parseDun(text), lines: new LineIndex(text) };
  }
}
