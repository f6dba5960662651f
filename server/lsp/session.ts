/**
 * The server's state: the workspace of every `.dun` file in the open folders (open editors'
 * text wins over the disk), the settings, today's date, and the latest analysis.
 *
 * Edits only mark documents as changed; the work happens when diagnostics are next due (after a
 * short pause in typing) or when a request needs a fresh analysis. A burst of keystrokes is
 * therefore parsed and analysed once, for its last text: stale work is dropped, not finished.
 */
import { LineIndex } from "../../grammar/lineIndex";
import { findEdit } from "../../grammar/reparse";
import { REPARSE_FROM } from "../engine/workspace";
import { localToday, Workspace, type Analysis, type AnalysisOptions, type SourceFile, type WorkspaceFiles } from "../engine";
import { IdIndex } from "../engine/idIndex";
import { IncrementalAnalysis, type StagedAnalysis } from "../engine/incremental";
import { diskFiles, findDunFiles, readRegularFile, type Listings } from "../node/disk";
import { DEFAULT_SETTINGS, type Settings } from "../settings";

/**
 * From this many files, an analysis of the whole workspace is made a group of parts at a time
 * (`stagedAnalysis`), so that diagnostics go out while it goes on, the open documents' first.
 * Below, one analysis at once costs less than finding the parts first.
 */
export const STAGED_FROM = 1000;

export class Session {
  readonly workspace = new Workspace();
  settings: Settings = DEFAULT_SETTINGS;
  folders: string[] = [];
  /** Whether the client takes snippet completions (`${1:ID}` placeholders). */
  snippetSupport = true;
  /** Texts of open documents not yet parsed, by path. */
  private readonly pending = new Map<string, string>();
  /** Paths whose text comes from an open editor (the disk copy is ignored while open). */
  private readonly open = new Set<string>();
  /** Re-analyses only the part of the workspace an edit can affect. */
  private readonly incremental = new IncrementalAnalysis(this.workspace);
  /** True while some change has not been analysed. */
  private dirty = true;
  /** The last analysis computed, even if an edit has since made it stale. */
  private last: Analysis | undefined;
  /** Files whose diagnostics may have changed since `takeTouched` was last called. */
  private touched: Set<string> | "all" = "all";
  private evidence: WorkspaceFiles | undefined;
  /** The folders listed while indexing: the first analysis' evidence checks use them, then they go. */
  private listings: Listings | undefined;

  /** `exists` replaces the disk for evidence lookups (tests). */
  constructor(private readonly exists?: (path: string) => boolean) {}

  /** The date every figure is computed at: `dun.today`, else the local date. */
  get today(): string {
    return /^\d{4}-\d{2}-\d{2}$/.test(this.settings.today) ? this.settings.today : localToday();
  }

  /** Reads every `.dun` file of the workspace folders from disk. */
  indexFolders(folders: string[]): void {
    this.folders = folders;
    this.evidence = undefined;
    this.forgetListings();
    this.listings = new Map();
    for (const path of findDunFiles(folders, undefined, this.listings)) this.loadFromDisk(path);
    this.invalidate();
  }

  /**
   * A file changed, appeared or was deleted on disk (not through an open editor). A file that
   * appears or goes may be evidence any case cites: then every case is checked again.
   */
  diskChanged(path: string, change: "created" | "changed" | "deleted"): void {
    // New evidence files: the incremental analysis, keyed on them, analyses everything again.
    if (change !== "changed") {
      this.evidence = undefined;
      this.forgetListings();
    }
    if (path.endsWith(".dun") && !this.open.has(path)) {
      // A file that cannot be read (gone since the event, a folder, a FIFO) is dropped.
      if (change === "deleted" || !this.loadFromDisk(path)) this.workspace.removeFile(path);
    }
    this.invalidate();
  }

  /** An editor opened or changed a document. */
  documentChanged(path: string, text: string): void {
    this.open.add(path);
    this.pending.set(path, text);
    this.invalidate();
  }

  /** An editor closed a document: the disk's copy counts again (or none, if it is gone). */
  documentClosed(path: string): void {
    this.open.delete(path);
    this.pending.delete(path);
    if (!this.loadFromDisk(path)) this.workspace.removeFile(path);
    this.invalidate();
  }

  /** Something changed (a text, a setting, the date): the next `current()` looks again. */
  invalidate(): void {
    this.dirty = true;
  }

  /**
   * The analysis of the current texts as of today. Only the files a change can affect are
   * analysed again (server/engine/incremental.ts); a new day, new settings or a change to the
   * `self` parties or policies analyse everything.
   */
  current(): Analysis {
    this.applyPending();
    const today = this.today;
    if (!this.dirty && this.last && this.last.ledger.today === today) return this.last;
    // A staged analysis not yet done is finished here, and the edits since applied to it.
    this.staging = undefined;
    const { analysis, touched } = this.incremental.update(this.analysisOptions(today));
    if (touched === "all" || this.touched === "all") this.touched = "all";
    else for (const path of touched) this.touched.add(path);
    this.dirty = false;
    this.last = analysis;
    // The listings made while indexing have served their one analysis: what was not looked at goes.
    this.forgetListings();
    return analysis;
  }

  /**
   * Where the next analysis is of the whole workspace and it has STAGED_FROM files or more: that
   * analysis, to be made a group of parts at a time (the open documents' parts first) with
   * `step`. Until it is done, `current()` finishes it. Otherwise undefined: `current()` it is.
   */
  stagedAnalysis(stagedFrom = STAGED_FROM): StagedAnalysis | undefined {
    this.applyPending();
    if (this.workspace.size < stagedFrom) return undefined;
    const today = this.today;
    if (!this.dirty && this.last && this.last.ledger.today === today) return undefined;
    const staged = this.incremental.stage(this.analysisOptions(today), this.open);
    if (!staged) return undefined;
    this.touched = "all";
    this.dirty = false;
    // Stale until the staged analysis is done: `typing` and `current()` finish it rather than use this.
    this.last = undefined;
    const staging = { view: staged.analysis, done: new Set<string>() };
    this.staging = staging;
    return {
      analysis: staged.analysis,
      step: () => {
        const files = staged.step();
        if (files) for (const file of files) staging.done.add(file.path);
        // Done, here or in `current()`: the view is the analysis; the listings have served it.
        if (!files && !this.dirty && this.last === undefined) this.last = staged.analysis;
        if (!files) {
          this.forgetListings();
          if (this.staging === staging) this.staging = undefined;
        }
        return files;
      },
    };
  }

  /** The newest text of a file, parsed (an open document's edits applied), without analysing anything. */
  latestFile(path: string): SourceFile | undefined {
    this.applyPending();
    return this.workspace.getFile(path);
  }

  /** Every file's newest text, parsed, in path order, without analysing anything. */
  latestFiles(): SourceFile[] {
    this.applyPending();
    return this.workspace.allFiles();
  }

  /** A staged analysis under way: its view, and the files whose parts it has analysed. */
  private staging: { view: Analysis; done: Set<string> } | undefined;

  /**
   * The analysis a request about one file is answered from. While a staged analysis is under way,
   * once that file's part is analysed, and nothing changed since it began: its view, which for
   * that file is exact (a part holds every file its files name; the context came first), so the
   * open documents are answered as soon as their diagnostics are out, not once every part is.
   * Otherwise `current()`.
   */
  analysisFor(path: string): Analysis {
    const staging = this.staging;
    if (staging && !this.dirty && this.pending.size === 0 && staging.done.has(path)) return staging.view;
    return this.current();
  }

  private applyPending(): void {
    for (const [path, text] of this.pending) this.workspace.setFile(path, text);
    this.pending.clear();
  }

  private analysisOptions(today: string): AnalysisOptions {
    return {
      today,
      defaultCurrency: this.settings.currency,
      defaultPolicy: this.settings.defaultPolicy,
      rules: this.settings.rules,
      files: this.evidenceFiles(),
    };
  }

  private forgetListings(): void {
    this.listings?.clear();
    this.listings = undefined;
  }

  /** Work that only the next edit needs, done while the server is otherwise idle. */
  prepareForEdits(): void {
    this.incremental.prepare();
  }

  /**
   * Brings the id index up to date for about `ms` milliseconds, while the server is idle: true
   * when there is more to do. A whole workspace's index (~100 ms at 10,000 files) is built in
   * slices, so that a request never waits for more than one.
   */
  prepareIds(ms: number): boolean {
    this.applyPending();
    const until = performance.now() + ms;
    return !this.idIndex.sync(this.workspace, () => performance.now() >= until);
  }

  private readonly idIndex = new IdIndex();

  /** Every id of the workspace by name, in step with the newest texts (navigation and rename). */
  ids(): IdIndex {
    this.applyPending();
    this.idIndex.sync(this.workspace);
    return this.idIndex;
  }

  /** The files whose diagnostics may have changed since the last call (`all` after a full analysis). */
  takeTouched(): Set<string> | "all" {
    const touched = this.touched;
    this.touched = new Set();
    return touched;
  }

  /**
   * For completion at typing speed: the document's newest text with its lines, not parsed (a
   * large file being typed in is not parsed again for each key), and the last analysis (its ids
   * and figures may be a keystroke old), so a keystroke never waits for the workspace.
   * Diagnostics and every other request still see a fresh analysis.
   */
  typing(path: string): { analysis: Analysis; file: { path: string; text: string; lines: LineIndex } | undefined } {
    const analysis = this.last ?? this.current();
    const text = this.pending.get(path);
    if (text === undefined) return { analysis, file: this.workspace.getFile(path) };
    if (this.typed?.path !== path || this.typed.text !== text) {
      const before = this.typed?.path === path ? this.typed : this.workspace.getFile(path);
      this.typed = { path, text, lines: linesAfterEdit(before, text) };
    }
    return { analysis, file: { path, text, lines: this.typed.lines } };
  }

  /** The lines of the last text completion was asked in, while it is the newest. */
  private typed: { path: string; text: string; lines: LineIndex } | undefined;

  /** The workspace folder that holds a path (the longest match), or the file's own folder. */
  rootFor(path: string): string {
    // A file's citations are checked one after another: the answer for the last path is kept.
    const last = this.lastRoot;
    if (last && last.path === path && last.folders === this.folders) return last.root;
    let best = "";
    for (const folder of this.folders) {
      if (folder.length > best.length && path.startsWith(folder) && (path.length === folder.length || path.charCodeAt(folder.length) === SLASH)) best = folder;
    }
    const root = best || path.slice(0, path.lastIndexOf("/")) || "/";
    this.lastRoot = { folders: this.folders, path, root };
    return root;
  }

  private lastRoot: { folders: string[]; path: string; root: string } | undefined;

  /** Reads a `.dun` file from disk; false where it is not a readable regular file (never blocks on a FIFO). */
  private loadFromDisk(path: string): boolean {
    const read = readRegularFile(path);
    if ("problem" in read) return false;
    this.workspace.setFile(path, read.bytes.toString("utf8"));
    return true;
  }

  /** One object while the folders stay the same: the incremental analysis keys on it. */
  private evidenceFiles(): WorkspaceFiles {
    this.evidence ??= this.makeEvidenceFiles();
    return this.evidence;
  }

  /**
   * The disk, looked at a folder at a time and remembered (server/node/disk.ts) until a file
   * appears or goes; tests replace it with their own `exists`.
   */
  private makeEvidenceFiles(): WorkspaceFiles {
    const root = this.folders[0] ?? "/";
    const roots = this.folders.length > 0 ? this.folders : [root];
    const disk = diskFiles(root, { rootFor: (file) => this.rootFor(file), roots, listings: this.listings });
    return this.exists ? { ...disk, exists: this.exists } : disk;
  }
}

const SLASH = 47;

/**
 * The lines of a document's new text: for a large one, from those of the text it was typed
 * into (`before`, the last text completion saw, or the file as last parsed), found again only
 * around the edit; else read whole.
 */
function linesAfterEdit(before: { text: string; lines: LineIndex } | undefined, text: string): LineIndex {
  if (!before || text.length < REPARSE_FROM || before.text.length < REPARSE_FROM) return new LineIndex(text);
  const { from, oldTo, delta } = findEdit(before.text, text);
  return LineIndex.afterEdit(before.lines, text, from, oldTo, delta);
}
