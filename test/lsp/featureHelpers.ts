/**
 * In-process helpers for editor-feature tests: a session over in-memory texts, and cursor
 * markers (`<|>`) in test inputs, as Langium and yaml-language-server write them.
 */
import type { Position } from "vscode-languageserver";
import { LineIndex } from "../../grammar";
import type { FeatureContext } from "../../server/lsp/features/context";
import { Session } from "../../server/lsp/session";
import { DEFAULT_SETTINGS, type Settings } from "../../server/settings";

export const ROOT = "/ws";

/** Splits `a<|>b` into the text without the marker and the marker's position. */
export function withCursor(marked: string): { text: string; position: Position; offset: number } {
  const offset = marked.indexOf("<|>");
  if (offset < 0) throw new Error("no <|> marker in the test input");
  const text = marked.slice(0, offset) + marked.slice(offset + 3);
  return { text, position: new LineIndex(text).positionAt(offset), offset };
}

/**
 * A session holding the given files (names relative to /ws) as open documents, with `today`
 * fixed, and the feature context for one of them (the first, unless named).
 */
export function featureContext(
  files: Record<string, string>,
  today: string,
  options: { file?: string; settings?: Partial<Settings>; evidence?: string[] } = {},
): FeatureContext & { uri: string } {
  const evidence = new Set((options.evidence ?? []).map((p) => `${ROOT}/${p}`));
  const session = new Session((path) => evidence.has(path));
  session.folders = [ROOT];
  session.settings = { ...DEFAULT_SETTINGS, ...options.settings, today };
  for (const [name, text] of Object.entries(files)) session.documentChanged(`${ROOT}/${name}`, text);
  const name = options.file ?? Object.keys(files)[0]!;
  const analysis = session.current();
  const file = session.workspace.getFile(`${ROOT}/${name}`)!;
  return { session, analysis, file, uri: `file://${ROOT}/${name}` };
}
