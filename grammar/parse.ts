/**
 * `parseDun(text)`: the fast path (`fastParse.ts`) for a text with no syntax error, else
 * chevrotain's (`chevrotainParse.ts`, loaded on first use), which gives every error its message.
 * Never throws: it returns the tree and the list of syntax errors.
 */
import type { DunFile } from "./ast";
import { loadChevrotain } from "./chevrotainLazy";
import { fastParseDun } from "./fastParse";

/** Parses one `.dun` file: the same tree from either path, chevrotain's messages for errors. */
export function parseDun(text: string): DunFile {
  let fast: DunFile | undefined;
  try {
    fast = fastParseDun(text);
  } catch {
    // A fault of the fast path (its tests look for them) must not cost the file its parse.
    fast = undefined;
  }
  return fast ?? loadChevrotain().parseDunChevrotain(text);
}

