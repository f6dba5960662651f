/**
 * The second step of `dun check` by parts, on the main thread: from every file's facts, the
 * context and the parts (server/engine/parts.ts), then the parts in groups, in path order (of
 * each part's first file), so that the report can be written as the check goes: every file's
 * piece is known once the groups up to its own are checked.
 *
 * Small parts (most are one case's file or two) are analysed in groups of about
 * `GROUP_SIZE` characters: independent parts analysed together give each file the diagnostics
 * it gets alone, and every analysis reads the context again and starts a ledger, which for a
 * single small file costs as much as the file.
 */
import { firstDefinitions, isContextFile, linkKeys, PartLinks, type FileFacts } from "../../engine/parts";
import type { PartsData } from "./work";

/** About how much text (characters) one group of small parts holds: ~60 cases' files. */
export const GROUP_SIZE = 1 << 16;

/**
 * The parts of these units (each one's file path, facts and text size, by index in path order,
 * a large file's runs of entries in the order written), in groups of about `groupSize`.
 */
export function partition(paths: readonly string[], facts: readonly FileFacts[], sizes: readonly number[], groupSize = GROUP_SIZE): Omit<PartsData, "unitFile" | "regions"> {
  const contextIds = new Set<string>();
  for (const file of facts) for (const id of file.contextIds) contextIds.add(id);
  const keys = facts.map((file) => linkKeys(file, contextIds));
  const links = new PartLinks<number>();
  keys.forEach((fileKeys, index) => links.link(index, fileKeys, true));
  const done = new Set<number>();
  const parts: { files: number[]; size: number }[] = [];
  for (let index = 0; index < facts.length; index++) {
    if (done.has(index)) continue;
    const files = links.walk(index, (file) => keys[file]!, done);
    parts.push({ files, size: files.reduce((sum, file) => sum + sizes[file]!, 0) });
  }
  const contextFiles: number[] = [];
  facts.forEach((file, index) => {
    if (isContextFile(file, contextIds)) contextFiles.push(index);
  });
  return {
    groups: groupParts(parts, groupSize),
    contextFiles,
    contextIds: [...contextIds],
    firstDefinitions: firstDefinitions(facts.map((file, index) => [paths[index]!, file.definitions])),
  };
}

/** Parts, in the order found (their first files' path order), in groups of about `groupSize`; each group's files in path order. */
function groupParts(parts: readonly { files: number[]; size: number }[], groupSize: number): number[][] {
  const groups: number[][] = [];
  let group: number[] = [];
  let size = 0;
  for (const part of parts) {
    for (const file of part.files) group.push(file);
    size += part.size;
    if (size >= groupSize) {
      groups.push(group.sort((a, b) => a - b));
      group = [];
      size = 0;
    }
  }
  if (group.length > 0) groups.push(group.sort((a, b) => a - b));
  return groups;
}
