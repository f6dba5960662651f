/**
 * V8's `gc()` without starting Node with `--expose-gc`: for the few places where a full
 * collection at a known moment keeps memory down (the server once idle, `dun check` between
 * its passes), since V8 on its own lets the heap grow well past what is live before it
 * collects.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** A full, blocking collection; undefined where it cannot be had. */
export function exposeGc(): (() => void) | undefined {
  const known = (globalThis as { gc?: () => void }).gc;
  if (known) return known;
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    setFlagsFromString("--no-expose-gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
