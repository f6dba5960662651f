/** Reads the `.dun` files a command names and analyses them as one workspace. */
import { relative } from "node:path";
import { analyze, Workspace, type Analysis } from "../engine";
import { diskFiles, findDunFiles, readDunFile, UsageError, workspaceRoot } from "../node/disk";
import type { CommonOptions } from "./options";

export interface Loaded {
  analysis: Analysis;
  workspace: Workspace;
  fileCount: number;
  /** How a workspace path is shown: relative to the current folder. */
  display(path: string): string;
}

export function loadAndAnalyze(options: CommonOptions, cwd: string): Loaded {
  const root = workspaceRoot(options.root, cwd);
  const display = (path: string) => relative(cwd, path) || path;
  const workspace = new Workspace();
  const paths = findDunFiles(options.paths, cwd);
  for (const path of paths) workspace.setFile(path, readDunFile(path, display(path)));
  const analysis = analyze(workspace, {
    today: options.today,
    defaultCurrency: options.currency,
    defaultPolicy: options.policy,
    rules: options.rules,
    files: diskFiles(root),
  });
  if (options.policy !== undefined && !analysis.ledger.policies.has(options.policy)) {
    const known = [...analysis.ledger.policies.keys()].map((id) => `\`${id}\``).join(", ");
    throw new UsageError(`dun: --policy ${options.policy}: no such policy (the workspace has ${known})`);
  }
  return { analysis, workspace, fileCount: paths.length, display };
}
