/**
 * The work of `dun check` by parts that either thread does: reading files for their facts
 * (first pass), and checking one part (second pass) into each file's piece of the report.
 * Everything going in and out is plain data, so that the worker thread can do it as well as
 * the main one.
 */
import { LineIndex, parseDun } from "../../../grammar";
import type { AnalysisOptions } from "../../engine/analysis";
import type { DefinitionKind } from "../../engine/ledgerBuilder";
import { analyzeParts, contextFileOf, readFacts, suggestionIds, type FileFacts } from "../../engine/parts";
import type { SourceFile } from "../../engine/workspace";
import { readDunFile, UsageError, type Listings } from "../../node/disk";
import type { CommonOptions } from "../options";
import { analysisOptions, displayFrom } from "../load";
import { countSeverities, diagnosticRows, fileJson, fileText, type DiagnosticRow, type SeverityCounts } from "../checkReport";

/** What every thread knows of the run from the start. */
export interface RunData {
  /** Every `.dun` file, in path order: files are named by their index in it. */
  paths: string[];
  cwd: string;
  root: string;
  options: Pick<CommonOptions, "today" | "currency" | "policy" | "rules" | "format">;
}

/** A file's facts and its size (for balancing the threads), or why it cannot be read: the usage error's message. */
export type FileRead = { facts: FileFacts; size: number } | { problem: string };

/** What the first pass found, which the second needs on every thread. */
export interface PartsData {
  /** The groups of parts to check (./partition.ts), each one's files by index, in path order. */
  groups: number[][];
  /** The files that define a context id, and the ids. */
  contextFiles: number[];
  contextIds: string[];
  /** The kind of every id's first definition in the workspace: "did you mean" suggests among them. */
  firstDefinitions: Map<string, DefinitionKind | "broken">;
}

/** One group's share of the report: each file's piece (files without a diagnostic have none), and the counts. */
export interface PartReport {
  pieces: [file: number, piece: string][];
  counts: SeverityCounts;
}

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
      reads.push({ facts: readFacts(parseDun(text)), size: text.length });
      texts[index] = text;
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      reads.push({ problem: error.message });
    }
  }
  return reads;
}

/**
 * Checks groups of parts, one at a time: parses their files again (from the texts this thread
 * kept, or read now where the other thread read them), analyses them with the context, and
 * formats their rows. Nothing of a group outlives its report.
 */
export class PartChecker {
  private readonly display: (path: string) => string;
  private readonly options: AnalysisOptions;
  /** The context files' context entries, as files of their own, by index. */
  private readonly context = new Map<number, SourceFile>();

  constructor(
    private readonly run: RunData,
    data: PartsData,
    private readonly texts: KeptTexts,
    listings?: Listings,
  ) {
    this.display = displayFrom(run.cwd);
    const options = analysisOptions({ ...run.options, paths: [], help: false }, run.root, listings);
    this.options = { ...options, suggestionIds: suggestionIds(() => data.firstDefinitions) };
    const contextIds = new Set(data.contextIds);
    for (const index of data.contextFiles) this.context.set(index, contextFileOf(this.sourceFile(index), contextIds));
  }

  /** The context files' entries that every group reads beside its own files, in path order. */
  contextFiles(): SourceFile[] {
    return [...this.context.values()];
  }

  check(group: readonly number[]): PartReport {
    const files = group.map((index) => this.sourceFile(index));
    for (const index of group) this.texts[index] = undefined;
    const analysis = analyzeParts(files, this.context.values(), this.options);
    const own = new Map(files.map((file) => [file.path, file]));
    const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
    const pieces: [number, string][] = [];
    for (const index of group) {
      const diagnostics = analysis.diagnosticsOf(this.run.paths[index]!);
      if (diagnostics.length === 0) continue;
      const rows = diagnosticRows(diagnostics, { getFile: (path) => own.get(path) }, this.display);
      countSeverities(rows, counts);
      pieces.push([index, this.piece(rows)]);
    }
    return { pieces, counts };
  }

  /** The kept texts of a group the other thread checked. */
  forget(group: readonly number[]): void {
    for (const index of group) this.texts[index] = undefined;
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
