/** Shared test helpers: run the engine over texts or fixture folders as a user's workspace would be. */
import { existsSync, realpathSync, statSync } from "node:fs";
import { analyze, Workspace, type Analysis, type AnalysisOptions, type WorkspaceFiles } from "../server/engine";

/** Evidence lookups on the real disk below `root`. */
export function diskWorkspaceFiles(root: string): WorkspaceFiles {
  return {
    root,
    exists: (path) => existsSync(path) && statSync(path).isFile(),
    realPath: (path) => {
      try {
        return realpathSync(path);
      } catch {
        return undefined;
      }
    },
  };
}

/** Evidence lookups in a fixed set of paths. */
export function memoryFiles(root: string, paths: string[] = []): WorkspaceFiles {
  const set = new Set(paths);
  return { root, exists: (path) => set.has(path) };
}

export interface Checked {
  analysis: Analysis;
  workspace: Workspace;
  /** Diagnostics with 1-based line numbers and the file name relative to the workspace. */
  diagnostics: { file: string; line: number; code: string; severity: string; message: string }[];
}

/** Analyses one text as `/ws/case.dun` (or several named texts) as of `today`. */
export function checkTexts(
  texts: string | Record<string, string>,
  today: string,
  options: Partial<AnalysisOptions> = {},
  root = "/ws",
): Checked {
  const workspace = new Workspace();
  const files = typeof texts === "string" ? { "case.dun": texts } : texts;
  for (const [name, text] of Object.entries(files)) workspace.setFile(`${root}/${name}`, text);
  const analysis = analyze(workspace, { today, defaultCurrency: "USD", files: memoryFiles(root), ...options });
  const diagnostics = analysis.diagnostics.map((d) => ({
    file: d.file.slice(root.length + 1),
    line: workspace.getFile(d.file)!.lines.positionAt(d.range.start).line + 1,
    code: d.code,
    severity: d.severity,
    message: d.message,
  }));
  return { analysis, workspace, diagnostics };
}

/** Deterministic randomness (mulberry32), so a failure replays. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(list: T[]) => list[Math.floor(next() * list.length)]! };
}
