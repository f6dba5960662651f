/**
 * Node's access to the disk, shared by the command line and the language server: finding
 * `.dun` files, reading them strictly as UTF-8 text, the workspace root, and a
 * `WorkspaceFiles` for evidence checks.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { WorkspaceFiles } from "../engine";

/** A failure the user must fix before anything can be checked (the CLI prints it and exits 2). */
export class UsageError extends Error {}

/** Every `*.dun` file under the given files and folders, skipping `node_modules` and dot-folders. */
export function findDunFiles(paths: string[], cwd = process.cwd()): string[] {
  const found = new Set<string>();
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // an unreadable folder holds nothing we can check
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(".dun")) found.add(path);
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
    if (!fstatSync(fd).isFile()) return { problem: "not a regular file" };
    return { bytes: readFileSync(fd) };
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code ?? "error" };
  } finally {
    closeSync(fd);
  }
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

/** Evidence lookups on the disk; `rootFor` picks the workspace folder of a citing file, if several. */
export function diskFiles(root: string, rootFor?: (file: string) => string): WorkspaceFiles {
  return {
    root,
    rootFor,
    exists: (path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    },
    realPath: (path) => {
      try {
        return realpathSync.native(path);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * True when `path`, with its links resolved, lies inside `root` (also resolved): what letters
 * and templates check before they write or read, so that no link leads them out.
 */
export function isInsideReal(path: string, root: string): boolean {
  let realRoot: string;
  try {
    realRoot = realpathSync.native(root);
  } catch {
    realRoot = resolve(root);
  }
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch {
    real = resolve(path);
  }
  const rel = relative(realRoot, real);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
