/**
 * How the files of a workspace fall into independent *parts*, shared by the server's
 * incremental analysis (server/engine/incremental.ts) and `dun check` by parts
 * (server/cli/parts/).
 *
 * Two files share a part when one defines or names an id the other defines or names (an
 * invoice and its payments, a party and its calls, a contract and its work). The `self`
 * parties and the policies are the exception, since every case may use them and they would
 * join everything into one part: they are the *context*. The files that define a context id
 * form the core part; every other part is analysed with the context's definitions read in
 * beside it (`analyzeParts`, with the files from `contextFileOf`). A `creditor` or
 * `policy` line naming a context id does not join a part to the core; any other reference to
 * it does (an invoice billed to the `self` party, say). A part's unknown references are
 * suggested among the whole workspace's ids (`firstDefinitions`, `suggestionIds`).
 *
 * Analysed that way, each part's diagnostics and figures are those of `analyze` of the whole
 * workspace (test/unit/incremental.test.ts, test/unit/checkParts.test.ts).
 */
import type { DunFile, Entry, EntryOf } from "../../grammar";
import { analyzeFiles, type Analysis, type AnalysisOptions } from "./analysis";
import type { DefinitionKind } from "./ledgerBuilder";
import { visitIds } from "./occurrences";
import type { SourceFile } from "./workspace";

/** What links a file to others, read from its tree once. Plain data: it crosses threads. */
export interface FileFacts {
  /** The first definition in this file of each id it defines: a kind, or "broken" for a header that did not parse. */
  definitions: Map<string, DefinitionKind | "broken">;
  /** Ids defined here by a `self` party or a policy. */
  contextIds: string[];
  /** Every id defined here or named anywhere but on `creditor` and `policy` lines, once each. */
  ids: string[];
  /** Ids named on `creditor` and `policy` lines. */
  contextRefs: string[];
}

/** The key that joins every file defining a context id into the core part. */
export const CORE = "\u0000core";

export function readFacts(tree: DunFile): FileFacts {
  const definitions = new Map<string, DefinitionKind | "broken">();
  const contextIds: string[] = [];
  const refs: string[] = [];
  const contextRefs: string[] = [];
  for (const entry of tree.entries) {
    if (entry.kind === "broken") {
      if (entry.definedId && !definitions.has(entry.definedId)) definitions.set(entry.definedId, "broken");
      continue;
    }
    visitIds(entry, (node, role, _kinds, property) => {
      if (role === "reference") (property?.name === "creditor" || property?.name === "policy" ? contextRefs : refs).push(node.name);
      // The first real definition of an id in this file wins over a broken header before it.
      else if ((definitions.get(node.name) ?? "broken") === "broken") definitions.set(node.name, entry.kind as DefinitionKind);
    });
    if (entry.kind === "policy" || (entry.kind === "party" && entry.properties.some((p) => p.name === "self"))) contextIds.push(entry.id.name);
  }
  return { definitions, contextIds, ids: [...new Set([...definitions.keys(), ...refs])], contextRefs };
}

/**
 * The ids by which an entry joins the run of entries before it (`entryRuns`): those it defines,
 * and those it names but on `creditor` and `policy` lines (which may name the context).
 */
export function linkingIds(entry: Entry): string[] {
  const own: string[] = [];
  visitIds(entry, (node, role, _kinds, property) => {
    if (role === "definition" || (property?.name !== "creditor" && property?.name !== "policy")) own.push(node.name);
  });
  return own;
}

/**
 * A large file's entries in *runs*: an entry joins the run before it when they share an id
 * (`idsOf`, `linkingIds` or a cache of it), so a case written as one block is one run, which
 * would be in one part anyway. Runs are what the parts of a large file are made of: `dun check`
 * by parts, and the server's incremental analysis, which analyses again only the runs an edit
 * touched (and what they are linked to).
 */
export function entryRuns(entries: readonly Entry[], idsOf: (entry: Entry) => readonly string[] = linkingIds): Entry[][] {
  const runs: Entry[][] = [];
  const builder = new RunBuilder(idsOf);
  for (const entry of entries) {
    const done = builder.add(entry);
    if (done) runs.push(done);
  }
  const last = builder.finish();
  if (last) runs.push(last);
  return runs;
}

/** Entries into runs (`entryRuns`), one at a time, in the order written: `dun check` by parts reads a large file a chunk at a time. */
export class RunBuilder {
  private run: Entry[] = [];
  private ids = new Set<string>();

  constructor(private readonly idsOf: (entry: Entry) => readonly string[] = linkingIds) {}

  /** Takes the next entry; returns the run it ends, where it starts another. */
  add(entry: Entry): Entry[] | undefined {
    const own = this.idsOf(entry);
    let done: Entry[] | undefined;
    if (this.run.length > 0 && !own.some((id) => this.ids.has(id))) {
      done = this.run;
      this.run = [];
      this.ids = new Set();
    }
    this.run.push(entry);
    for (const id of own) this.ids.add(id);
    return done;
  }

  /** The last run, once every entry was taken. */
  finish(): Entry[] | undefined {
    const last = this.run.length > 0 ? this.run : undefined;
    this.run = [];
    this.ids = new Set();
    return last;
  }
}

/**
 * `entryRuns(entries)` again, after an edit, from the runs `before` had (entries that are the
 * same nodes where the edit did not touch them): the runs before the edit and after it are
 * taken as they were, and only those between found again. A run is kept where the entry after
 * it is the one that followed it before (nothing new joins it), and, from the end, where the
 * entry before the runs kept does not join the run found last.
 */
export function entryRunsAfterEdit(entries: readonly Entry[], before: readonly (readonly Entry[])[], idsOf: (entry: Entry) => readonly string[] = linkingIds): Entry[][] {
  const runs: Entry[][] = [];
  let at = 0;
  let r = 0;
  while (r + 1 < before.length && holds(entries, at, before[r]!) && entries[at + before[r]!.length] === before[r + 1]![0]) {
    runs.push(before[r] as Entry[]);
    at += before[r]!.length;
    r++;
  }
  const tail: Entry[][] = [];
  let end = entries.length;
  for (let q = before.length - 1; q > r && end - before[q]!.length >= at && holds(entries, end - before[q]!.length, before[q]!); q--) {
    tail.push(before[q] as Entry[]);
    end -= before[q]!.length;
  }
  const middle = entryRuns(entries.slice(at, end), idsOf);
  if (tail.length > 0) {
    // The first run kept from the end starts a run only if its first entry shares no id with the run before it.
    const last = middle[middle.length - 1] ?? runs[runs.length - 1];
    const ids = new Set(last ? last.flatMap((entry) => idsOf(entry)) : []);
    if (idsOf(entries[end]!).some((id) => ids.has(id))) return entryRuns(entries, idsOf);
  }
  for (const run of middle) runs.push(run);
  for (let i = tail.length - 1; i >= 0; i--) runs.push(tail[i]!);
  return runs;
}

/** True when `run` is the entries from `at` on. */
function holds(entries: readonly Entry[], at: number, run: readonly Entry[]): boolean {
  if (at + run.length > entries.length) return false;
  for (let i = 0; i < run.length; i++) if (entries[at + i] !== run[i]) return false;
  return true;
}

/** True when the file defines a context id (as a `self` party, a policy or anything else): it belongs to the core part. */
export function isContextFile(facts: FileFacts, contextIds: ReadonlySet<string>): boolean {
  for (const id of facts.definitions.keys()) if (contextIds.has(id)) return true;
  return false;
}

/** The keys that join a file to others, given the workspace's context ids: ids, and CORE for a context file. */
export function linkKeys(facts: FileFacts, contextIds: ReadonlySet<string>): string[] {
  const keys = [...facts.ids];
  for (const id of facts.contextRefs) if (!contextIds.has(id)) keys.push(id);
  if (isContextFile(facts, contextIds)) keys.push(CORE);
  return keys;
}

/**
 * The files under each key, and the walk from file to key to file that finds a part. `F`
 * names a file: a path (the server) or an index into a sorted list of paths (the CLI).
 */
export class PartLinks<F> {
  /** The files under each key (an id, or CORE): mostly one or two, so a list. */
  private readonly keyFiles = new Map<string, F[]>();

  /** Adds (or removes) a file under each key that links it to others. */
  link(file: F, keys: readonly string[], add: boolean): void {
    for (const key of keys) {
      const files = this.keyFiles.get(key);
      if (add) {
        if (!files) this.keyFiles.set(key, [file]);
        else if (files[files.length - 1] !== file) files.push(file);
      } else if (files) {
        const rest = files.filter((other) => other !== file);
        if (rest.length === 0) this.keyFiles.delete(key);
        else this.keyFiles.set(key, rest);
      }
    }
  }

  clear(): void {
    this.keyFiles.clear();
  }

  /**
   * The part that holds `seed`: every file reached from it through shared keys, in the order
   * reached. Files in `done` are not entered again; every file reached is added to it.
   */
  walk(seed: F, keysOf: (file: F) => readonly string[], done: Set<F>): F[] {
    const part: F[] = [];
    const queue = [seed];
    done.add(seed);
    while (queue.length > 0) {
      const file = queue.pop()!;
      part.push(file);
      for (const key of keysOf(file)) {
        for (const next of this.keyFiles.get(key) ?? []) {
          if (done.has(next)) continue;
          done.add(next);
          queue.push(next);
        }
      }
    }
    return part;
  }
}

/** What a party, policy, contract or invoice entry defines; undefined for every other entry. */
export function definedKind(entry: Entry | { kind: "broken" }): DefinitionKind | undefined {
  const kind = entry.kind;
  return kind === "party" || kind === "policy" || kind === "contract" || kind === "invoice" ? kind : undefined;
}

/** The id an entry defines (a broken header's too), if any. */
export function definedId(entry: Entry | { kind: "broken"; definedId?: string }): string | undefined {
  if (entry.kind === "broken") return entry.definedId;
  return definedKind(entry) ? (entry as EntryOf<DefinitionKind>).id.name : undefined;
}

/**
 * A context file's context entries as a file of their own: what a part that does not hold the
 * file reads of it. No comments and no syntax errors: nothing of it is reported.
 */
export function contextFileOf(file: SourceFile, contextIds: ReadonlySet<string>): SourceFile {
  const entries = file.tree.entries.filter((entry) => {
    const id = definedId(entry);
    return id !== undefined && contextIds.has(id);
  });
  return { ...file, tree: { entries, comments: [], errors: [] } };
}

/** The text and place of a file's context entries: equal signatures, equal context. */
export function contextSignature(file: SourceFile, contextIds: ReadonlySet<string>): string {
  const parts: string[] = [];
  for (const entry of file.tree.entries) {
    const id = definedId(entry);
    if (id === undefined || !contextIds.has(id)) continue;
    parts.push(`${entry.start}\u0000${file.text.slice(entry.start, entry.end)}`);
  }
  return parts.join("\u0001");
}

/**
 * The kind of each id's first definition in the workspace, in path order, as the ledger
 * builder resolves it: a real definition wins over a broken header, whatever their order.
 * `files` may come in any order; each is a path and the definitions its facts hold.
 */
export function firstDefinitions(files: Iterable<[path: string, definitions: FileFacts["definitions"]]>): Map<string, DefinitionKind | "broken"> {
  const kinds = new Map<string, DefinitionKind | "broken">();
  const paths = new Map<string, string>();
  for (const [path, definitions] of files) {
    for (const [id, kind] of definitions) {
      const known = kinds.get(id);
      // A real definition wins over a broken header; otherwise the first path wins.
      if (known === undefined || (known === "broken" && kind !== "broken") || (path < paths.get(id)! && (kind !== "broken" || known === "broken"))) {
        // Kept past the files' trees (the CLI's second pass), so holding none of their texts.
        kinds.set(known === undefined ? detached(id) : id, kind);
        paths.set(id, path);
      }
    }
  }
  return kinds;
}

/**
 * A copy of a string cut from a larger text that keeps none of that text. V8 keeps a substring
 * of 13 characters or more as a slice of the whole text, so an id kept in a map after its
 * file's tree is gone keeps the whole file alive (at 10,000 files, 10 MB of texts held to the
 * end of `dun check`). Joined to one more character it is two strings, which `slice` copies
 * into one before it cuts that character off again.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (" " + text).slice(1);
}

/** The ids a "did you mean" may suggest for a reference of these kinds: those first defined as one of them. */
function idsOfKinds(first: ReadonlyMap<string, DefinitionKind | "broken">, kinds: readonly DefinitionKind[]): string[] {
  const ids: string[] = [];
  for (const [id, kind] of first) if (kind !== "broken" && kinds.includes(kind)) ids.push(id);
  return ids;
}

/**
 * Analyses whole parts as `analyze` of the whole workspace would: `files`, with the context
 * files' context entries (`contextFileOf`) read in beside them and none of their diagnostics
 * kept. A context file that is among `files` is read whole, as one of them.
 */
export function analyzeParts(files: readonly SourceFile[], context: Iterable<SourceFile>, options: AnalysisOptions): Analysis {
  const own = new Set(files.map((file) => file.path));
  const all = [...files];
  const contextPaths = new Set<string>();
  for (const file of context) {
    if (own.has(file.path)) continue;
    all.push(file);
    contextPaths.add(file.path);
  }
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return analyzeFiles(all, options, contextPaths);
}

/**
 * The `suggestionIds` option for parts: "did you mean" among the whole workspace's ids, worked
 * out once for each set of kinds a reference may name, from `first` (asked once, when needed).
 */
export function suggestionIds(first: () => ReadonlyMap<string, DefinitionKind | "broken">): (kinds: readonly DefinitionKind[]) => string[] {
  let definitions: ReadonlyMap<string, DefinitionKind | "broken"> | undefined;
  const byKinds = new Map<string, string[]>();
  return (kinds) => {
    const key = kinds.join(",");
    let ids = byKinds.get(key);
    if (!ids) byKinds.set(key, (ids = idsOfKinds((definitions ??= first()), kinds)));
    return ids;
  };
}
