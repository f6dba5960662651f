/**
 * The server's state: the workspace of every `.dun` file in the open folders (open editors'
 * text wins over the disk), the settings, today's date, and the latest analysis.
 *
 * Edits only mark documents as changed; the work happens when diagnostics are next due (after a
 * short pause in typing) or when a request needs a fresh analysis. A burst of keystrokes is
 * therefore parsed and analysed once, for its last text: stale work is dropped, not finished.
 */
import { statSync } from "node:fs";
import { analyze, localToday, Workspace, type Analysis, type SourceFile, type WorkspaceFiles } from "../engine";
import { diskFiles, findDunFiles, readRegularFile } from "../node/disk";
import { DEFAULT_SETTINGS, type Settings } from "../settings";

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
  private analysis: Analysis | undefined;
  /** The last analysis computed, even if an edit has since made it stale. */
  private last: Analysis | undefined;
  private analysedToday = "";
  private readonly fileExists = new Map<string, boolean>();

  /** `exists` replaces the disk for evidence lookups (tests). */
  constructor(private readonly exists?: (path: string) => boolean) {}

  /** The date every figure is computed at: `dun.today`, else the local date. */
  get today(): string {
    return /^\d{4}-\d{2}-\d{2}$/.test(this.settings.today) ? this.settings.today : localToday();
  }

  /** Reads every `.dun` file of the workspace folders from disk. */
  indexFolders(folders: string[]): void {
    this.folders = folders;
    for (const path of findDunFiles(folders)) this.loadFromDisk(path);
    this.invalidate();
  }

  /** A file changed, appeared or was deleted on disk (not through an open editor). */
  diskChanged(path: string, deleted: boolean): void {
    this.fileExists.clear();
    if (path.endsWith(".dun") && !this.open.has(path)) {
      // A file that cannot be read (gone since the event, a folder, a FIFO) is dropped.
      if (deleted || !this.loadFromDisk(path)) this.workspace.removeFile(path);
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

  invalidate(): void {
    this.analysis = undefined;
  }

  /** The analysis of the current texts as of today, computed only when something changed. */
  current(): Analysis {
    for (const [path, text] of this.pending) this.workspace.setFile(path, text);
    this.pending.clear();
    const today = this.today;
    if (!this.analysis || this.analysedToday !== today) {
      // Let the stale analysis go before the new one is built: never two in memory at once.
      this.last = undefined;
      this.analysis = analyze(this.workspace, {
        today,
        defaultCurrency: this.settings.currency,
        defaultPolicy: this.settings.defaultPolicy,
        rules: this.settings.rules,
        files: this.evidenceFiles(),
      });
      this.analysedToday = today;
      this.last = this.analysis;
    }
    return this.analysis;
  }

  /**
   * For completion at typing speed: the document's newest text, parsed, with the last analysis
   * (its ids and figures may be a keystroke old), so a keystroke never waits for the workspace.
   * Diagnostics and every other request still see a fresh analysis.
   */
  typing(path: string): { analysis: Analysis; file: SourceFile | undefined } {
    const file = this.file(path);
    return { analysis: this.last ?? this.current(), file: file ?? this.workspace.getFile(path) };
  }

  /** The parsed file at a path, with any pending edit applied. */
  file(path: string): SourceFile | undefined {
    const text = this.pending.get(path);
    if (text !== undefined) {
      this.pending.delete(path);
      this.invalidate();
      return this.workspace.setFile(path, text);
    }
    return this.workspace.getFile(path);
  }

  /** The workspace folder that holds a path (the longest match), or the file's own folder. */
  rootFor(path: string): string {
    let best = "";
    for (const folder of this.folders) if ((path === folder || path.startsWith(`${folder}/`)) && folder.length > best.length) best = folder;
    return best || path.slice(0, path.lastIndexOf("/")) || "/";
  }

  /** Reads a `.dun` file from disk; false where it is not a readable regular file (never blocks on a FIFO). */
  private loadFromDisk(path: string): boolean {
    const read = readRegularFile(path);
    if ("problem" in read) return false;
    this.workspace.setFile(path, read.bytes.toString("utf8"));
    return true;
  }

  private evidenceFiles(): WorkspaceFiles {
    const disk = diskFiles(this.folders[0] ?? "/", (file) => this.rootFor(file));
    return {
      ...disk,
      exists: (path) => {
        if (this.exists) return this.exists(path);
        let known = this.fileExists.get(path);
        if (known === undefined) {
          try {
            known = statSync(path).isFile();
          } catch {
            known = false;
          }
          this.fileExists.set(path, known);
        }
        return known;
      },
    };
  }
}
