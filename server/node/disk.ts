/**
 * Node's access to the disk, shared by the command line and the language server: finding
 * `.dun` files, reading them strictly as UTF-8 text, the workspace root, and a
 * `WorkspaceFiles` for evidence checks.
 */
import { accessSync, closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { WorkspaceFiles } from "../engine";

/** A failure the user must fix before anything can be checked (the CLI prints it and exits 2). */
export class UsageError extends Error {}

/**
 * Folders as `findDunFiles` listed them, by path: each one's entries (names and kinds), and
 * the folder whose listing showed it as a folder (not a link) with its name there. `diskFiles`
 * given them does not list those folders again (a case's `evidence/` folder is listed once, not
 * twice). Names and kinds, not `Dirent`s: half the memory, which a check holds to its end.
 */
export type Listings = Map<string, Listing>;

interface Listing {
  names: string[];
  /** Each name's kind (FILE, FOLDER…) as a character code: a typed array of three would weigh more than the names. */
  kinds: string;
  parent?: string;
  name?: string;
}

/** What a listing says an entry is (`readdir`'s type, or `lstat`'s where the disk does not say). */
const UNKNOWN = 0;
const FILE = 1;
const FOLDER = 2;
const LINK = 3;
/** A FIFO, a socket or a device. */
const SPECIAL = 4;

function kindOf(entry: Dirent): number {
  if (entry.isFile()) return FILE;
  if (entry.isDirectory()) return FOLDER;
  if (entry.isSymbolicLink()) return LINK;
  return entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice() ? SPECIAL : UNKNOWN;
}

/** A folder's listing, or null where it cannot be listed. */
function listing(folder: string): Listing | null {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return null;
  }
  const names = new Array<string>(entries.length);
  const kinds: number[] = new Array<number>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    names[i] = entries[i]!.name;
    kinds[i] = kindOf(entries[i]!);
  }
  // In slices: a folder of a million entries would be more arguments than a call takes.
  let codes = "";
  for (let i = 0; i < kinds.length; i += 8192) codes += String.fromCharCode(...kinds.slice(i, i + 8192));
  return { names, kinds: codes };
}

/**
 * Every `*.dun` file under the given files and folders, skipping `node_modules` and dot-folders;
 * every folder listed goes into `listings`, when given.
 */
export function findDunFiles(paths: string[], cwd = process.cwd(), listings?: Listings): string[] {
  const found = new Set<string>();
  const walk = (folder: string, parent?: string, name?: string): void => {
    const listed = listing(folder);
    if (!listed) return; // an unreadable folder holds nothing we can check
    listed.parent = parent;
    listed.name = name;
    listings?.set(folder, listed);
    const { names, kinds } = listed;
    // A listed name has no separator, and the folder is absolute and normalised (it came from
    // `resolve`, then from here): on POSIX, joining them is putting a slash between (`join`
    // normalising each of ~50,000 paths took ~40 ms of a 10,000-case check).
    const prefix = WINDOWS ? undefined : folder === "/" ? "/" : `${folder}/`;
    for (let i = 0; i < names.length; i++) {
      const entry = names[i]!;
      if (entry.startsWith(".") || entry === "node_modules") continue;
      const path = prefix !== undefined ? prefix + entry : join(folder, entry);
      const kind = kinds.charCodeAt(i);
      if (kind === FOLDER) walk(path, folder, entry);
      else if (kind === FILE && entry.endsWith(".dun")) found.add(path);
    }
  };
  for (const given of paths) {
    const path = resolve(cwd, given);
    if (!existsSync(path)) throw new UsageError(`dun: ${given}: no such file or folder`);
    if (statSync(path).isDirectory()) walk(path);
    else found.add(path);
  }
  return [...found].sort();
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The bytes of a regular file, or why there are none: an error code (`ENOENT` for a file
 * deleted since it was listed, `EISDIR`…) or "not a regular file". The open does not block,
 * so a FIFO or device named `x.dun` cannot stall the caller, and the check is made on the open
 * descriptor, so the path cannot be swapped for one between the check and the read.
 */
export function readRegularFile(path: string): { bytes: Buffer } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code ?? "error" };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: "not a regular file" };
    return { bytes: readWhole(fd, stat.size) };
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code ?? "error" };
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes of an open regular file of `size` bytes (as `fstat` said), as `readFileSync(fd)`
 * reads them (up to that size; to the end where it said 0), without the second `fstat` it makes.
 */
function readWhole(fd: number, size: number): Buffer {
  let buffer = Buffer.allocUnsafe(size > 0 ? size : 8192);
  let length = 0;
  while (size === 0 || length < size) {
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return length === buffer.length ? buffer : buffer.subarray(0, length);
}

/** A `.dun` file's text; refuses files that are not UTF-8 text. */
export function readDunFile(path: string, shownAs: string): string {
  const read = readRegularFile(path);
  if ("problem" in read) {
    throw new UsageError(
      read.problem === "not a regular file" ? `dun: ${shownAs}: not a regular file` : `dun: ${shownAs}: cannot read (${read.problem})`,
    );
  }
  const bytes = read.bytes;
  if (bytes.includes(0)) throw new UsageError(`dun: ${shownAs}: not a text file (it holds NUL bytes)`);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UsageError(`dun: ${shownAs}: not valid UTF-8`);
  }
}

/** `--root`, else the top of the git repository holding the current folder, else the current folder. */
export function workspaceRoot(given: string | undefined, cwd: string): string {
  if (given !== undefined) {
    const root = resolve(cwd, given);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`dun: --root ${given}: no such folder`);
    return root;
  }
  for (let folder = cwd; ; folder = dirname(folder)) {
    if (existsSync(join(folder, ".git"))) return folder;
    if (dirname(folder) === folder) return cwd;
  }
}

/**
 * Evidence lookups on the disk; `rootFor` picks the workspace folder of a citing file, if several
 * (`roots`: all of them, `root` alone when not given).
 *
 * Tens of thousands of cited paths share a few thousand folders, so each folder is looked at
 * once — whether it exists (a folder inside a missing one is missing too), then its names and
 * types, then its real path — and the answers are the ones a `stat` and a `realpath` of each
 * path would give. A name listed as a regular file exists (once one file of that folder was
 * reached, showing it can be searched), and its real path is the folder's real path and the name. Inside a
 * workspace folder, a folder listed in its parent as a folder (not a link) exists, and its real
 * path is its parent's and its name: the ten thousand folders `evidence/<case>/` cost one
 * listing of `evidence/`, not a `stat` and a `realpath` (a system call per level) each.
 * Everything else — a link, a name not listed (on a disk that ignores case or Unicode form it
 * may still be found), a folder that cannot be listed — is asked of the disk path by path.
 * Folders in `listings` (just listed by `findDunFiles`) are not listed again. What it saw lives
 * as long as this object: make one per analysis. On Windows every path is asked of the disk.
 */
export function diskFiles(root: string, { rootFor, roots = [root], listings }: DiskOptions = {}): WorkspaceFiles {
  const folders = new Map<string, Folder>();
  const tops = roots.map((top) => (top.length > 1 && top.endsWith("/") ? top.slice(0, -1) : top));
  const inWorkspace = (path: string) => tops.some((top) => path === top || path.startsWith(top === "/" ? "/" : `${top}/`));
  // The last folder asked for: a case's citations come one after another, and all name one folder.
  let lastPath: string | undefined;
  let lastFolder: Folder | undefined;
  const folderAt = (path: string): Folder => {
    if (path === lastPath) return lastFolder!;
    let folder = folders.get(path);
    if (folder) {
      lastPath = path;
      lastFolder = folder;
      return folder;
    }
    const listed = listings?.get(path);
    const slash = path.lastIndexOf("/");
    const parentPath = slash > 0 ? path.slice(0, slash) : slash === 0 && path !== "/" ? "/" : undefined;
    if (listed) folder = { listed, parent: listed.parent, name: listed.name };
    else if (parentPath === undefined) folder = lookAtFolder(path);
    else {
      const parent = folderAt(parentPath);
      const fromParent = inWorkspace(parentPath) || parent.listed || parent.entries;
      folder = parent.missing ? { missing: true } : ((fromParent ? listedIn(parent, parentPath, path.slice(slash + 1)) : undefined) ?? lookAtFolder(path));
    }
    folders.set(path, folder);
    lastPath = path;
    lastFolder = folder;
    return folder;
  };
  /** The real path of a folder found (`folderAt`): its parent's and its name where it was listed there, else the disk's. */
  const realFolder = (path: string): string | null => {
    const folder = folderAt(path);
    if (folder.real === undefined) {
      const parentReal = folder.parent === undefined ? null : realFolder(folder.parent);
      folder.real = parentReal !== null ? (parentReal === "/" ? `/${folder.name}` : `${parentReal}/${folder.name}`) : (realPathOnDisk(path) ?? null);
    }
    return folder.real;
  };
  return {
    root,
    rootFor,
    exists: (path) => {
      const place = splitPath(path);
      if (!place) return isFileOnDisk(path);
      const folder = folderAt(place.folder);
      if (folder.missing) return false;
      const kind = entriesOf(folder, place.folder)?.get(place.name);
      if (kind === undefined) return isFileOnDisk(path);
      if (kind === FILE) {
        if (folder.searchable) return true;
        const found = reachable(path);
        if (found) folder.searchable = true;
        return found;
      }
      if (kind === FOLDER || kind === SPECIAL) return false;
      return isFileOnDisk(path); // a link (or a type the listing did not tell): follow it
    },
    realPath: (path) => {
      const place = splitPath(path);
      const folder = place && (place.folder === lastPath ? lastFolder : folders.get(place.folder));
      if (!place || !folder?.searchable || folder.entries?.get(place.name) !== FILE) return realPathOnDisk(path);
      const real = realFolder(place.folder);
      if (real === null) return realPathOnDisk(path);
      return real === "/" ? `/${place.name}` : `${real}/${place.name}`;
    },
  };
}

export interface DiskOptions {
  rootFor?: (file: string) => string;
  roots?: readonly string[];
  listings?: Listings;
}

/** One folder as `diskFiles` saw it. */
interface Folder {
  /** It does not exist, or is not a folder: nothing inside it exists. */
  missing?: boolean;
  /** Its entries' kinds by name once listed; null where it cannot be listed. */
  entries?: Map<string, number> | null;
  /** Its entries as `findDunFiles` listed them, until `entries` is made of them. */
  listed?: Listing;
  /** A file of it was reached (`access`): its listed files can be. */
  searchable?: boolean;
  /** Its real path once resolved; null where it cannot be. */
  real?: string | null;
  /** The folder whose listing showed it as a folder (not a link), and its name there. */
  parent?: string;
  name?: string;
}

/**
 * A folder as its parent's listing shows it: there, as a folder; missing, as something else;
 * undefined where the listing cannot tell (not listed, a link, a name not in UTF-8).
 */
function listedIn(parent: Folder, parentPath: string, name: string): Folder | undefined {
  const kind = entriesOf(parent, parentPath)?.get(name);
  if (kind === undefined || name === "" || name.includes("\uFFFD")) return undefined;
  if (kind === FOLDER) return { parent: parentPath, name };
  // A regular file, a FIFO, a device or a socket: `stat` would show no folder. A link: ask the disk.
  return kind === FILE || kind === SPECIAL ? { missing: true } : undefined;
}

/** Whether a folder is there: one `stat`, which throws nothing for a missing path. */
function lookAtFolder(path: string): Folder {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? {} : { missing: true };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOTDIR" ? { missing: true } : {};
  }
}

/** A folder's entries' kinds by name: as listed before, or listed now. */
function entriesOf(folder: Folder, path: string): Map<string, number> | null {
  if (folder.entries === undefined) {
    const listed = folder.listed ?? listing(path);
    folder.entries = listed && byName(listed);
    folder.listed = undefined;
  }
  return folder.entries;
}

function byName({ names, kinds }: Listing): Map<string, number> {
  const entries = new Map<string, number>();
  for (let i = 0; i < names.length; i++) entries.set(names[i]!, kinds.charCodeAt(i));
  return entries;
}

const WINDOWS = process.platform === "win32";

/**
 * An absolute `/` path as its folder and last name; undefined where a listing cannot answer
 * for it: on Windows, a name that is empty, `.` or `..`, or one holding U+FFFD (a listing shows
 * bytes that are not UTF-8 as U+FFFD, so such a name in it need not be the same file).
 */
function splitPath(path: string): { folder: string; name: string } | undefined {
  const slash = path.lastIndexOf("/");
  if (slash < 0 || WINDOWS) return undefined;
  const name = path.slice(slash + 1);
  if (name === "" || name === "." || name === ".." || name.includes("\uFFFD")) return undefined;
  return { folder: slash === 0 ? "/" : path.slice(0, slash), name };
}

/**
 * Whether a path can be reached (`access`, F_OK): for a file the folder's listing shows, that
 * the folder can be searched. One system call and no `Stats` to build, as for ten thousand
 * folders it is asked once each.
 */
function reachable(path: string): boolean {
  try {
    accessSync(path);
    return true;
  } catch {
    return false;
  }
}

/** `stat(path).isFile()`, false where the stat fails; a missing path costs no exception. */
export function isFileOnDisk(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function realPathOnDisk(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/**
 * The real path of `path`, or, where it does not exist yet, where it would be once made: the
 * real path of its nearest folder that exists, and the names below it (a link among those
 * folders is followed, so that a folder about to be made is judged where it will be).
 */
function realPathOnceMade(path: string): string {
  const rest: string[] = [];
  for (let at = resolve(path); ; ) {
    try {
      return join(realpathSync.native(at), ...rest);
    } catch {
      const parent = dirname(at);
      if (parent === at) return resolve(path);
      rest.unshift(basename(at));
      at = parent;
    }
  }
}

/**
 * True when `path`, with its links resolved, lies inside `root` (also resolved): what letters
 * and templates check before they write or read, so that no link leads them out. A path that
 * does not exist yet is judged where it would be made.
 */
export function isInsideReal(path: string, root: string): boolean {
  let realRoot: string;
  try {
    realRoot = realpathSync.native(root);
  } catch {
    realRoot = resolve(root);
  }
  const real = realPathOnceMade(path);
  const rel = relative(realRoot, real);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
