/**
 * Random edits of a workspace's texts, for the properties that an incremental analysis
 * (test/unit/incremental.test.ts) and `dun check` by parts (test/unit/checkParts.test.ts)
 * give what one analysis of the whole gives: the edits that join parts, split them, touch the
 * context, break lines and make near misses.
 */

/** One edit, chosen by numbers so fast-check can shrink it: the kind, a file, a line, a pick. */
export type Edit = [op: number, file: number, line: number, pick: number];

/** How many kinds of edit `applyEdit` knows (`op` is taken modulo this). */
const KINDS = 11;

/** Applies one edit to `files` (path → text); `pool` is lines from anywhere in the workspace. */
export function applyEdit(files: Map<string, string>, [op, f, l, p]: Edit, pool: string[]): void {
  const paths = [...files.keys()].sort();
  const path = paths[f % paths.length]!;
  const lines = files.get(path)!.split("\n");
  const at = l % (lines.length + 1);
  switch (op % KINDS) {
    case 0: // a line from anywhere: often names another case's ids, joining two parts
    case 1:
      lines.splice(at, 0, pool[p % pool.length]!);
      break;
    case 2: // delete a line: may split a part, or drop a definition
      lines.splice(at % Math.max(1, lines.length), 1);
      break;
    case 3: { // one character changed: a typo in an id, an amount, a date
      const line = lines[at % lines.length] ?? "";
      const i = p % (line.length + 1);
      lines[at % lines.length] = line.slice(0, i) + "x1-"[p % 3] + line.slice(i + 1);
      break;
    }
    case 4: // a new file with a copy of another's text: duplicate ids
      files.set(`${path.replace(/\.dun$/, "")}-${p % 5}.dun`, files.get(paths[p % paths.length]!)!);
      return;
    case 5: // the file is deleted
      if (files.size > 1) files.delete(path);
      return;
    case 6: // two files merged into one
      if (files.size > 1) {
        const other = paths[p % paths.length]!;
        if (other !== path) {
          files.set(path, `${files.get(path)}\n${files.get(other)}`);
          files.delete(other);
        }
      }
      return;
    case 7: // the context: a policy's step, a self party, a default policy name
      lines.splice(at, 0, ["policy gentle \"changed\"\n  step call 5d", "party extra-self \"X\"\n  self", "policy fresh\n  step reminder 1d"][p % 3]!);
      break;
    case 8: // a line of another file moved here
      lines.splice(at, 0, ...files.get(paths[p % paths.length]!)!.split("\n").slice(p % 7, (p % 7) + 3));
      break;
    case 9: // a line that does not parse
      lines.splice(at, 0, ["2026-01-0 invoice", "party", "  amount ??", "invoice INV-9 acme 10.00"][p % 4]!);
      break;
    case 10: { // a line from anywhere with a typo: an unknown id near one of another part
      const line = pool[p % pool.length]!;
      const i = (l * 7) % (line.length + 1);
      lines.splice(at, 0, line.slice(0, i) + "x1-"[l % 3] + line.slice(i + 1));
      break;
    }
  }
  files.set(path, lines.join("\n"));
}
