/**
 * Throw-away folders and processes for the end-to-end suites, cleaned up however the run ends:
 * after the suite (`cleanUp`), on normal exit, and on SIGINT/SIGTERM/SIGHUP. The examples are
 * only ever copied, never changed.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CASE } from "./scenarios";

export const REPO = resolve(__dirname, "..", "..");
export const SERVER_JS = join(REPO, "dist", "server.js");
/** Screenshots and editor logs, kept after the run (test-results/ is gitignored). */
export const ARTEFACTS = join(REPO, "test-results", "e2e");

const tempFolders = new Set<string>();
const cleanups = new Set<() => void>();
let handlersInstalled = false;

/** Runs `cleanup` (synchronous) at `cleanUp()`, at exit or on a signal, whichever comes first. */
export function onCleanUp(cleanup: () => void): () => void {
  installHandlers();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** A new empty temporary folder, removed at clean-up. */
export function tempFolder(prefix: string): string {
  installHandlers();
  const folder = mkdtempSync(join(tmpdir(), `dun-e2e-${prefix}-`));
  tempFolders.add(folder);
  return folder;
}

/**
 * A copy of the example case in a temporary folder, with `.vscode/settings.json` fixing
 * `dun.today` so that every figure is the one the scenarios expect. Returns the copy's path.
 */
export function copyExampleWorkspace(): string {
  const workspace = join(tempFolder("workspace"), CASE.example);
  cpSync(join(REPO, "examples", CASE.example), workspace, { recursive: true });
  mkdirSync(join(workspace, ".vscode"));
  writeFileSync(join(workspace, ".vscode", "settings.json"), `${JSON.stringify({ "dun.today": CASE.today }, null, 2)}\n`);
  return workspace;
}

/** Ends what was started and removes the temporary folders; safe to call more than once. */
export function cleanUp(): void {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // keep cleaning: the rest must go too
    }
  }
  for (const folder of tempFolders) rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  tempFolders.clear();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", cleanUp);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      cleanUp();
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]);
    });
  }
}

/** Polls `check` until it returns a value (not undefined/false/null) or `timeoutMs` passes; never a fixed sleep. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, everyMs));
  }
}
