/**
 * The worker thread of `dun check` by parts, and the main thread's handle on it.
 *
 * Both threads take work from shared counters (`Atomics.add` on a SharedArrayBuffer): chunks
 * of files to read for their facts, then parts to check, whichever thread is free taking the
 * next. The worker posts what it did: plain data (facts, each file's piece of the report).
 * Whatever the worker took and never reported (it failed to start, threw, or died) the main
 * thread does again, so the result never depends on the worker.
 */
import { parentPort, Worker } from "node:worker_threads";
import { exposeGc } from "../../node/gc";
import type { SeverityCounts } from "../checkReport";
import { PartChecker, readFileFacts, type FileRead, type KeptTexts, type PartsData, type RunData } from "./work";

/** What the worker is started with. */
export interface WorkerData extends RunData {
  dunCheckParts: true;
  /** [next chunk of files to read, next group of parts to check]. */
  counters: SharedArrayBuffer;
  chunkSize: number;
}

/** What the worker tells the main thread. */
export type FromWorker =
  | { kind: "facts"; chunk: number; reads: FileRead[] }
  | { kind: "facts-done" }
  | { kind: "checked"; groups: number[]; pieces: [number, string | string[]][]; counts: SeverityCounts }
  | { kind: "checked-done" }
  | { kind: "failed"; message: string };

/** What the main thread tells the worker: the groups of parts, once every file's facts are in. */
export interface ToWorker {
  kind: "parts";
  data: PartsData;
}

/** Counters' slots. */
export const NEXT_CHUNK = 0;
export const NEXT_GROUP = 1;

/** Groups' reports are posted together once this much text is waiting (fewer, larger messages). */
const BATCH_TEXT = 1 << 18;

export function isPartsWorker(data: unknown): data is WorkerData {
  return typeof data === "object" && data !== null && (data as Partial<WorkerData>).dunCheckParts === true;
}

/** The worker's side: read chunks while there are any, wait for the parts, check groups while there are any. */
export function runPartsWorker(data: WorkerData): void {
  const port = parentPort!;
  const post = (message: FromWorker) => port.postMessage(message);
  const counters = new Int32Array(data.counters);
  const fail = (error: unknown) => {
    post({ kind: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    port.close();
  };
  const texts: KeptTexts = [];
  try {
    const chunks = Math.ceil(data.paths.length / data.chunkSize);
    for (let chunk = Atomics.add(counters, NEXT_CHUNK, 1); chunk < chunks; chunk = Atomics.add(counters, NEXT_CHUNK, 1)) {
      const from = chunk * data.chunkSize;
      post({ kind: "facts", chunk, reads: readFileFacts(data, from, Math.min(data.paths.length, from + data.chunkSize), texts) });
    }
    post({ kind: "facts-done" });
    // As on the main thread (checkParts.ts): the first pass's trees go before the second pass.
    exposeGc()?.();
  } catch (error) {
    fail(error);
    return;
  }
  port.once("message", ({ data: parts }: ToWorker) => {
    try {
      const checker = new PartChecker(data, parts, texts);
      let batch: Extract<FromWorker, { kind: "checked" }> = emptyBatch();
      let text = 0;
      for (let group = Atomics.add(counters, NEXT_GROUP, 1); group < parts.groups.length; group = Atomics.add(counters, NEXT_GROUP, 1)) {
        const report = checker.check(parts.groups[group]!);
        batch.groups.push(group);
        for (const piece of report.pieces) {
          batch.pieces.push(piece);
          const [, written] = piece;
          text += typeof written === "string" ? written.length : written.reduce((sum, slice) => sum + slice.length, 0);
        }
        for (const severity of ["error", "warning", "info"] as const) batch.counts[severity] += report.counts[severity];
        if (text >= BATCH_TEXT) {
          post(batch);
          batch = emptyBatch();
          text = 0;
        }
      }
      post(batch);
      post({ kind: "checked-done" });
      port.close();
    } catch (error) {
      fail(error);
    }
  });
}

function emptyBatch(): Extract<FromWorker, { kind: "checked" }> {
  return { kind: "checked", groups: [], pieces: [], counts: { error: 0, warning: 0, info: 0 } };
}

/**
 * The main thread's handle on the worker. Messages wait in an inbox until the main thread asks
 * for them (`until`); once the worker has failed or gone, `until` answers at once and `post`
 * does nothing: the main thread then does the rest itself.
 */
export class Helper {
  private readonly inbox: FromWorker[] = [];
  private gone = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (message: FromWorker) => {
      if (message.kind === "failed") this.gone = true;
      else this.inbox.push(message);
      this.notify();
    });
    worker.on("error", () => this.stop());
    worker.on("exit", () => this.stop());
  }

  /** A worker running this script (the bundle itself), or undefined where none can start. */
  static start(script: string, data: WorkerData): Helper | undefined {
    try {
      return new Helper(new Worker(script, { workerData: data }));
    } catch {
      return undefined;
    }
  }

  post(message: ToWorker): void {
    if (!this.gone) this.worker.postMessage(message);
  }

  /** Hands every message to `take` until one of this kind has come, or the worker is gone. */
  async until(kind: FromWorker["kind"], take: (message: FromWorker) => void): Promise<void> {
    for (;;) {
      while (this.inbox.length > 0) {
        const message = this.inbox.shift()!;
        if (message.kind === kind) return;
        take(message);
      }
      if (this.gone) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /**
   * Hands `take` the messages already come, up to one of this kind (left for `until`), without
   * waiting: the main thread, between two pieces of its own work, takes in the worker's.
   */
  async drain(kind: FromWorker["kind"], take: (message: FromWorker) => void): Promise<void> {
    // One turn of the event loop, so that messages posted meanwhile reach the inbox.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.inbox.length > 0 && this.inbox[0]!.kind !== kind) take(this.inbox.shift()!);
  }

  /** The worker is not waited for: whatever it has not reported is done again. */
  stop(): void {
    if (!this.gone) void this.worker.terminate();
    this.gone = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
