/**
 * Gives memory back when the server is idle. Indexing a large workspace allocates hundreds of
 * megabytes that are garbage moments later (the parser's and the analysis' temporaries), and V8
 * keeps the pages it grew into: a quiet server would hold twice the memory it uses. So, once
 * the server has been idle for a while (no work and no request) after work that grew its heap,
 * it runs full collections, which compact the heap and return the freed pages to the system.
 */
import { getHeapStatistics } from "node:v8";
import { exposeGc } from "../node/gc";

/** How long the server must be quiet (no work, no request) before it collects. */
const IDLE_MS = 1500;
/** Growth of the heap since the last collection that makes one worth its pause. */
const GROWTH_BYTES = 16 * 1024 * 1024;
/** A timer this late means the server was busy: what came in meanwhile is still to be read. */
const LATE_MS = 20;

export interface IdleCollector {
  /** Work or a request just happened: collect once the server has been quiet for a while, if the heap grew. */
  touch(): void;
  dispose(): void;
}

/** The options are the tests' to replace. */
export function idleCollector({
  gc = exposeGc(),
  growthBytes = GROWTH_BYTES,
  lateMs = LATE_MS,
}: { gc?: () => void; growthBytes?: number; lateMs?: number } = {}): IdleCollector {
  let timer: NodeJS.Timeout | undefined;
  let afterLast = getHeapStatistics().used_heap_size;
  /** Counts touches: a step scheduled before the latest touch is dropped (the touch started a new wait). */
  let touches = 0;
  let disposed = false;
  /** Runs `step` in `ms` if the server is still quiet then (a `touch` cancels it); a late timer waits again. */
  const later = (step: () => void, ms: number): void => {
    const due = performance.now() + ms;
    timer = setTimeout(() => {
      timer = undefined;
      if (performance.now() - due > lateMs) later(step, IDLE_MS);
      else step();
    }, ms);
    timer.unref();
  };
  return {
    touch() {
      if (!gc || disposed) return;
      if (timer) clearTimeout(timer);
      const touch = ++touches;
      later(() => {
        if (getHeapStatistics().used_heap_size - afterLast < growthBytes) return;
        // Twice: the first frees the objects, the second (finding little to do) lets V8 give back
        // the pages the first emptied (~15–30 MB more at 10,000 cases). Each is a pause of
        // 100–150 ms at 10,000 cases, so the second waits for a turn of its own: a request read
        // in during the first is answered first, and touches, which puts the second off.
        gc!();
        setImmediate(() => {
          if (touch !== touches || disposed) return;
          later(() => {
            gc!();
            afterLast = getHeapStatistics().used_heap_size;
          }, 0);
        });
      }, IDLE_MS);
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
