/**
 * The second step of `dun check` by parts, on the main thread: from every file's facts, the
 * context and the parts (server/engine/parts.ts), the parts largest first so that the two
 * threads finish together.
 */
import { firstDefinitions, isContextFile, linkKeys, PartLinks, type FileFacts } from "../../engine/parts";
import type { PartsData } from "./work";

/** Each file's facts and size, by index in path order. */
export function partition(paths: readonly string[], facts: readonly FileFacts[], sizes: readonly number[]): PartsData {
  const contextIds = new Set<string>();
  for (const file of facts) for (const id of file.contextIds) contextIds.add(id);
  const keys = facts.map((file) => linkKeys(file, contextIds));
  const links = new PartLinks<number>();
  keys.forEach((fileKeys, index) => links.link(index, fileKeys, true));
  const done = new Set<number>();
  const parts: number[][] = [];
  for (let index = 0; index < facts.length; index++) {
    if (!done.has(index)) parts.push(links.walk(index, (file) => keys[file]!, done).sort((a, b) => a - b));
  }
  const size = (part: number[]) => part.reduce((sum, index) => sum + sizes[index]!, 0);
  const bySize = parts.map((part) => ({ part, size: size(part) })).sort((a, b) => b.size - a.size || a.part[0]! - b.part[0]!);
  const contextFiles: number[] = [];
  facts.forEach((file, index) => {
    if (isContextFile(file, contextIds)) contextFiles.push(index);
  });
  return {
    parts: bySize.map(({ part }) => part),
    contextFiles,
    contextIds: [...contextIds],
    firstDefinitions: firstDefinitions(facts.map((file, index) => [paths[index]!, file.definitions])),
  };
}
