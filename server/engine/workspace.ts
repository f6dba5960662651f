/**
 * The workspace: every `.dun` file the caller gives, parsed once per change of its text.
 * It knows nothing of where texts come from (disk, editor buffers, tests): callers hand it
 * `(path, text)` pairs, and a `WorkspaceFiles` for the evidence files the ledger cites.
 */
import { LineIndex, parseDun, type DunFile } from "../../grammar";
import { findEdit, reparseEdit } from "../../grammar/reparse";

export interface SourceFile {
  /** The path as the caller names it; with `/` separators. */
  path: string;
  text: string;
  tree: DunFile;
  lines: LineIndex;
}

/**
 * Access to the files around the ledger, for evidence checks. Paths are absolute, with `/`.
 * The CLI backs it with the disk, the server with the disk and its watchers, tests with a map.
 */
export interface WorkspaceFiles {
  /** The workspace folder: evidence must stay inside it. */
  readonly root: string;
  /** Where several workspace folders are open: the one that holds this file. */
  rootFor?(file: string): string;
  /** True when a file exists at this absolute path. */
  exists(path: string): boolean;
  /** The path with symbolic links resolved, or undefined where it cannot be resolved. */
  realPath?(path: string): string | undefined;
}

/**
 * From this many characters, a file given a new text is parsed again only around the edit
 * (grammar/reparse.ts): its old tree's nodes past the edit are moved, in place, to the new
 * offsets. Below, parsing it whole costs a millisecond or less.
 */
export const REPARSE_FROM = 1 << 17;

export class Workspace {
  private readonly files = new Map<string, SourceFile>();
  /** Paths added, changed or removed since `takeChanges` was last called. */
  private changes = new Set<string>();
  /** Every path in order, until one is added or removed (an edit changes a text, not the paths). */
  private sortedPaths: string[] | undefined;

  /** `reparseFrom`: where a new text is parsed only around its edit (REPARSE_FROM; tests use 0). */
  constructor(private readonly reparseFrom = REPARSE_FROM) {}

  /**
   * Adds or replaces a file; parses it only when its text changed. A large file's new text is
   * parsed only around the edit, and the old tree's nodes past the edit then hold the new
   * text's offsets: a file replaced is not read again (the incremental analysis analyses the
   * changed file again; nothing else keeps an old file but to see that it changed).
   */
  setFile(path: string, text: string): SourceFile {
    const known = this.files.get(path);
    if (known && known.text === text) return known;
    // A large file's edit: parsed again around it, and its lines found again only inside it.
    const edit = known && text.length >= this.reparseFrom && known.text.length >= this.reparseFrom ? findEdit(known.text, text) : undefined;
    const reparsed = edit && reparseEdit(known!, text, edit);
    const lines = edit ? LineIndex.afterEdit(known!.lines, text, edit.from, edit.oldTo, edit.delta) : new LineIndex(text);
    const file: SourceFile = { path, text, tree: reparsed ?? parseDun(text), lines };
    if (!known) this.sortedPaths = undefined;
    this.files.set(path, file);
    this.changes.add(path);
    return file;
  }

  removeFile(path: string): boolean {
    if (!this.files.delete(path)) return false;
    this.sortedPaths = undefined;
    this.changes.add(path);
    return true;
  }

  /** The paths added, changed or removed since the last call (for incremental analysis). */
  takeChanges(): Set<string> {
    const changes = this.changes;
    this.changes = new Set();
    return changes;
  }

  getFile(path: string): SourceFile | undefined {
    return this.files.get(path);
  }

  /** Every file, in path order, so results never depend on the order files were added. */
  allFiles(): SourceFile[] {
    this.sortedPaths ??= [...this.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.sortedPaths.map((path) => this.files.get(path)!);
  }

  /** Every path, in no particular order. */
  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  get size(): number {
    return this.files.size;
  }
}
