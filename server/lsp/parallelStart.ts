/**
 * The first diagnostics of a large workspace, on two threads.
 *
 * Reading, parsing and analysing 10,000 cases takes the server about a second and a half on
 * one thread, and no diagnostic can be shown before the analysis ends. But the cases fall into
 * independent parts (server/engine/parts.ts): at startup a worker thread reads and parses the
 * same files while the server does, takes a share of the parts once the server has found them,
 * and sends back their diagnostics, while the server analyses the rest; the server publishes
 * both. It then runs its usual full analysis in the background, which every other feature
 * reads; its diagnostics are the same (a group of whole parts, analysed with the context,
 * gets the diagnostics the whole workspace's analysis gives it: test/unit/incremental.test.ts,
 * test/lsp/parallelStart.test.ts), so none is sent again.
 *
 * Only for a workspace of `PARALLEL_START_FILES` files or more, with no document open yet, in
 * the bundled server (the worker runs `dist/server.js`); anywhere else, or when the worker
 * fails, the server starts on one thread as before.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { analyzeFiles, type Diagnostic, type OverdueTotals, type SourceFile } from "../engine";
import type { DefinitionKind } from "../engine/ledgerBuilder";
import { contextFileOf, firstDefinitions, idsOfKinds, isContextFile, linkKeys, PartLinks, readFacts, type FileFacts } from "../engine/parts";
import type { Settings } from "../settings";
import { Session } from "./session";

/** The fewest files for which a second thread pays for its start (~0.1 s) and its second parse. */
export const PARALLEL_START_FILES = Number(process.env.DUN_PARALLEL_START_FILES) || 2000;

/** The server's share of the text to analyse: a little less than half, since it also publishes. */
const SERVER_SHARE = 0.45;

/** What the worker is started with: the files the server lists, and the settings it reads them with. */
interface StartData {
  dunParallelStart: true;
  folders: string[];
  paths: string[];
  settings: Settings;
  today: string;
}

/** What the worker is asked to analyse, once the server has found the parts. */
interface Share {
  /** The worker's files: whole parts. */
  paths: string[];
  /** The files that define a context id, the ids, and every id's first definition (for "did you mean"). */
  contextPaths: string[];
  contextIds: string[];
  definitions: Map<string, DefinitionKind | "broken">;
}

/** One thread's diagnostics (files without any left out) and its share of the summary. */
export interface ShareResult {
  byFile: [path: string, diagnostics: Diagnostic[]][];
  overdue: OverdueTotals;
  stepsDue: number;
}

type WorkerReply = { kind: "result"; result: ShareResult } | { kind: "error"; message: string };

export class ParallelStart {
  private readonly reply: Promise<ShareResult>;

  private constructor(private readonly worker: Worker) {
    this.reply = new Promise((resolve, reject) => {
      worker.once("message", (message: WorkerReply) => (message.kind === "result" ? resolve(message.result) : reject(new Error(message.message))));
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the start worker ended (exit code ${code})`)));
    });
    // Settled one way or the other; a rejection nobody awaits yet must not count as unhandled.
    this.reply.catch(() => undefined);
  }

  /**
   * Starts the worker on these files, before the server reads them itself; undefined where
   * the workspace is small, a document is open, or no worker can start from `script`.
   */
  static begin(script: string, session: Session, paths: string[]): ParallelStart | undefined {
    if (paths.length < PARALLEL_START_FILES || session.hasOpenDocuments() || !script.endsWith(".js")) return undefined;
    const data: StartData = { dunParallelStart: true, folders: session.folders, paths, settings: session.settings, today: session.today };
    try {
      return new ParallelStart(new Worker(script, { workerData: data }));
    } catch {
      return undefined;
    }
  }

  /**
   * Once the server has read every file: splits the parts between the threads, analyses the
   * server's share, hands it to `publish` at once, then the worker's when it comes. Returns the
   * summary's figures of the whole. Rejects if the worker fails; `publish` may have been
   * called for the server's share by then.
   */
  async run(session: Session, publish: (result: ShareResult) => void): Promise<{ overdue: OverdueTotals; stepsDue: number }> {
    try {
      const { own, share } = splitParts(session);
      this.worker.postMessage(share);
      const mine = analyseShare(session, own, share);
      publish(mine);
      const theirs = await this.reply;
      publish(theirs);
      const overdue: OverdueTotals = { invoices: mine.overdue.invoices + theirs.overdue.invoices, byCurrency: new Map(mine.overdue.byCurrency) };
      for (const [currency, units] of theirs.overdue.byCurrency) overdue.byCurrency.set(currency, (overdue.byCurrency.get(currency) ?? 0) + units);
      return { overdue, stepsDue: mine.stepsDue + theirs.stepsDue };
    } finally {
      void this.worker.terminate();
    }
  }
}

/**
 * The parts of the session's files (server/engine/parts.ts), split into the server's share
 * and the worker's: whole parts, largest first, each to the thread that has the less text so
 * far against its target share.
 */
function splitParts(session: Session): { own: string[]; share: Share } {
  const files = session.workspace.allFiles();
  const facts: FileFacts[] = files.map((file) => readFacts(file.tree));
  const contextIds = new Set<string>();
  for (const file of facts) for (const id of file.contextIds) contextIds.add(id);
  const keys = facts.map((file) => linkKeys(file, contextIds));
  const links = new PartLinks<number>();
  keys.forEach((fileKeys, index) => links.link(index, fileKeys, true));
  const done = new Set<number>();
  const parts: { files: number[]; size: number }[] = [];
  for (let index = 0; index < files.length; index++) {
    if (done.has(index)) continue;
    const part = links.walk(index, (file) => keys[file]!, done);
    const size = part.reduce((sum, file) => sum + files[file]!.text.length, 0);
    parts.push({ files: part, size });
  }
  parts.sort((a, b) => b.size - a.size || a.files[0]! - b.files[0]!);
  const own: string[] = [];
  const theirs: string[] = [];
  let ownSize = 0;
  let theirSize = 0;
  for (const part of parts) {
    const mine = ownSize / SERVER_SHARE <= theirSize / (1 - SERVER_SHARE);
    for (const index of part.files) (mine ? own : theirs).push(files[index]!.path);
    if (mine) ownSize += part.size;
    else theirSize += part.size;
  }
  const contextPaths = files.filter((_, index) => isContextFile(facts[index]!, contextIds)).map((file) => file.path);
  const definitions = firstDefinitions(files.map((file, index) => [file.path, facts[index]!.definitions]));
  return { own, share: { paths: theirs, contextPaths, contextIds: [...contextIds], definitions } };
}

/**
 * Analyses whole parts (`paths`) as `analyze` would within the whole workspace: with the
 * context files' context entries read in beside them, and "did you mean" among every id.
 */
function analyseShare(session: Session, paths: readonly string[], share: Share): ShareResult {
  const contextIds = new Set(share.contextIds);
  const own = new Set(paths);
  const files: SourceFile[] = [];
  for (const path of paths) {
    const file = session.workspace.getFile(path);
    if (file) files.push(file);
  }
  const context = new Set<string>();
  for (const path of share.contextPaths) {
    const file = own.has(path) ? undefined : session.workspace.getFile(path);
    if (!file) continue;
    files.push(contextFileOf(file, contextIds));
    context.add(path);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const suggestions = new Map<string, string[]>();
  const suggestionIds = (kinds: readonly DefinitionKind[]) => {
    const key = kinds.join(",");
    let ids = suggestions.get(key);
    if (!ids) suggestions.set(key, (ids = idsOfKinds(share.definitions, kinds)));
    return ids;
  };
  const analysis = analyzeFiles(files, { ...session.analysisOptions(), suggestionIds }, context);
  const byFile: [string, Diagnostic[]][] = [];
  for (const path of paths) {
    const list = analysis.diagnosticsOf(path);
    if (list.length > 0) byFile.push([path, list]);
  }
  return { byFile, overdue: analysis.overdue(), stepsDue: analysis.countOf("step-due") };
}

/** True in the worker thread this module starts. */
export function isParallelStartWorker(): boolean {
  return !isMainThread && (workerData as Partial<StartData> | undefined)?.dunParallelStart === true;
}

/** The worker: reads the files, waits for its share, analyses it and sends the result. */
export function runParallelStartWorker(): void {
  const data = workerData as StartData;
  const port = parentPort!;
  try {
    const session = new Session();
    session.settings = { ...data.settings, today: data.today };
    session.indexFolders(data.folders, data.paths);
    port.once("message", (share: Share) => {
      try {
        port.postMessage({ kind: "result", result: analyseShare(session, share.paths, share) } satisfies WorkerReply);
      } catch (error) {
        port.postMessage({ kind: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply);
      }
    });
  } catch (error) {
    port.postMessage({ kind: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply);
  }
}
