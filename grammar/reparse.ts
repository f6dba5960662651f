/**
 * `reparseEdit(before, text)`: the tree of an edited text, parsed again only around the edit.
 *
 * A keystroke in a large ledger changes one entry; parsing the whole file again (~25 ms a
 * mebibyte) is most of what the keystroke costs before its analysis. Here the edit is found
 * (the texts' common start and end), the entries from the one before it up to the first header
 * after it are parsed again with the fast path, and every entry and comment past the edit is
 * the old node, its offsets moved by the edit's length in place. The entries before the edit
 * are the old nodes as they were. What the analysis kept of them stays true of the new text:
 * that is the point (server/engine/incremental.ts reuses it).
 *
 * Moving nodes in place means the old tree no longer matches the old text: the caller gives up
 * the old file for the new one (`Workspace.setFile`). The result is the tree `parseDun(text)`
 * builds, node for node (test/unit/reparse.test.ts); `undefined` where that cannot be had
 * this way (an edit before the first entry, a region the fast path declines, an old tree with
 * syntax errors), and the caller parses the whole text.
 */
import type { Comment, DunFile } from "./ast";
import { fastParseRegion } from "./fastParse";

export function reparseEdit(before: { text: string; tree: DunFile }, text: string, edit: TextEdit = findEdit(before.text, text)): DunFile | undefined {
  const old = before.text;
  const { entries, comments, errors } = before.tree;
  if (errors.length > 0 || entries.length === 0 || old === text) return undefined;
  const { from, oldTo, delta } = edit;

  // From the last entry that starts before the edit (a line typed at the start of the next
  // header may join it)...
  const first = lastStartingBefore(entries, from);
  if (first < 0) return undefined;
  // ...to the first that starts after it (its header line and the line break before it are
  // untouched, so it and everything after parse as before, `delta` further on).
  let next = first + 1;
  while (next < entries.length && entries[next]!.start <= oldTo) next++;
  const start = entries[first]!.start;
  const oldEnd = next < entries.length ? entries[next]!.start : old.length;
  const region = fastParseRegion(text, start, oldEnd + delta);
  if (!region) return undefined;

  const after = entries.slice(next);
  if (delta !== 0) for (const entry of after) shift(entry, delta);
  const kept: Comment[] = [];
  for (const comment of comments) {
    if (comment.start >= start) break;
    kept.push(comment);
  }
  for (const comment of region.comments) kept.push(comment);
  for (const comment of comments) {
    if (comment.start < oldEnd) continue;
    if (delta !== 0) shift(comment, delta);
    kept.push(comment);
  }
  return { entries: [...entries.slice(0, first), ...region.entries, ...after], comments: kept, errors: [] };
}

/** An edit between two texts: the old text's `[from, oldTo)` became the new text's `[from, oldTo + delta)`. */
export interface TextEdit {
  from: number;
  oldTo: number;
  delta: number;
}

/** The one edit that turns `old` into `text`: where they stop agreeing from the start and from the end. */
export function findEdit(old: string, text: string): TextEdit {
  const from = commonStart(old, text);
  const oldTo = old.length - commonEnd(old, text, Math.min(old.length, text.length) - from);
  return { from, oldTo, delta: text.length - old.length };
}

/** Compared a block at a time (the engine's own string comparison), then a character at a time. */
const BLOCK = 1 << 12;

/** How many characters two texts have in common at their start. */
function commonStart(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  let at = 0;
  while (at + BLOCK <= shorter && a.slice(at, at + BLOCK) === b.slice(at, at + BLOCK)) at += BLOCK;
  while (at < shorter && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** How many characters two texts have in common at their end, at most `limit`. */
function commonEnd(a: string, b: string, limit: number): number {
  let same = 0;
  while (same + BLOCK <= limit && a.slice(a.length - same - BLOCK, a.length - same) === b.slice(b.length - same - BLOCK, b.length - same)) same += BLOCK;
  while (same < limit && a.charCodeAt(a.length - 1 - same) === b.charCodeAt(b.length - 1 - same)) same++;
  return same;
}

/** The index of the last entry starting before `offset`; -1 where none does. */
function lastStartingBefore(entries: DunFile["entries"], offset: number): number {
  let low = 0;
  let high = entries.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (entries[middle]!.start < offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Moves a node and every node inside it by `delta`: each `start` and `end` offset. */
function shift(node: object, delta: number): void {
  const record = node as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (typeof value === "number") {
      if (key === "start" || key === "end") record[key] = value + delta;
    } else if (typeof value === "object" && value !== null) {
      if (Array.isArray(value)) {
        for (const item of value) if (typeof item === "object" && item !== null) shift(item, delta);
      } else {
        shift(value, delta);
      }
    }
  }
}
