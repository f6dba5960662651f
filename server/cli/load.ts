/** Reads the `.dun` files a command names and analyses them as one workspace. */
import { relative } from "node:path";
import { analyze, Workspace, type Analysis, type AnalysisOptions, type SourceFile } from "../engine";
import { analyzeParts, contextFileOf, firstDefinitions, isContextFile, linkKeys, PartLinks, readFacts, suggestionIds } from "../engine/parts";
import { diskFiles, findDunFiles, readDunFile, UsageError, workspaceRoot, type Listings } from "../node/disk";
import type { CommonOptions } from "./options";

export interface Loaded {
  analysis: Analysis;
  workspace: Workspace;
  fileCount: number;
  /** How a workspace path is shown: relative to the current folder. */
  display(path: string): string;
}

/** The files a command names, and the workspace folder evidence must stay inside. */
export interface Found {
  root: string;
  /** Every `.dun` file, in path order. */
  paths: string[];
  /** The folders listed to find them: the evidence checks need not list them again. */
  listings?: Listings;
}

/** The workspace folder (whose `--root` is checked first), then the files. */
export function findWorkspace(options: CommonOptions, cwd: string): Found {
  const root = workspaceRoot(options.root, cwd);
  const listings: Listings = new Map();
  return { root, paths: findDunFiles(options.paths, cwd, listings), listings };
}

/**
 * How a workspace path is shown: relative to the current folder. Paths inside it (most) lose
 * the folder's name, as `relative` would answer, without its work: it is asked of every file.
 */
export function displayFrom(cwd: string): (path: string) => string {
  const inside = process.platform === "win32" ? undefined : cwd.endsWith("/") ? cwd : `${cwd}/`;
  return (path) => (inside !== undefined && path.length > inside.length && path.startsWith(inside) ? path.slice(inside.length) : relative(cwd, path) || path);
}

/**
 * The engine's options for the command's flags; evidence is looked for on the disk below `root`
 * (in the folders listed to find the files, where given).
 */
export function analysisOptions(options: CommonOptions, root: string, listings?: Listings): AnalysisOptions {
  return {
    today: options.today,
    defaultCurrency: options.currency,
    defaultPolicy: options.policy,
    rules: options.rules,
    files: diskFiles(root, { listings }),
  };
}

/** `--policy ID` must name a policy of the workspace (or a built-in one); the error says which there are. */
export function checkPolicy(policy: string | undefined, policies: ReadonlyMap<string, unknown>): void {
  if (policy === undefined || policies.has(policy)) return;
  const known = [...policies.keys()].map((id) => `\`${id}\``).join(", ");
  throw new UsageError(`dun: --policy ${policy}: no such policy (the workspace has ${known})`);
}

/** Every file read, parsed and analysed at once (`dun status`, `dun letter`, and `dun check` of a few files). */
export function loadAndAnalyze(options: CommonOptions, cwd: string, found = findWorkspace(options, cwd)): Loaded {
  const display = displayFrom(cwd);
  return analyzeLoaded(options, found, display, readWorkspace(found, display));
}

/** Every file found, read and parsed. */
function readWorkspace(found: Found, display: (path: string) => string): Workspace {
  const workspace = new Workspace();
  for (const path of found.paths) workspace.setFile(path, readDunFile(path, display(path)));
  return workspace;
}

/** The whole workspace analysed at once. */
function analyzeLoaded(options: CommonOptions, found: Found, display: (path: string) => string, workspace: Workspace): Loaded {
  const analysis = analyze(workspace, analysisOptions(options, found.root, found.listings));
  checkPolicy(options.policy, analysis.ledger.policies);
  return { analysis, workspace, fileCount: found.paths.length, display };
}

/**
 * What a letter to these targets (a debtor, or invoices) needs: every file read and parsed, but
 * only the part that holds the targets analysed, with the context (server/engine/parts.ts), which
 * gives its files the figures and history the whole workspace's analysis gives them. At 10,000
 * cases, 2.5 s and 240 MB become a fraction of that. Where a target is in no part, or is a
 * `self` party or a policy, everything is analysed, and the letter's error is the one it always was.
 */
export function loadForTargets(options: CommonOptions, cwd: string, targets: readonly string[], found = findWorkspace(options, cwd)): Loaded {
  const display = displayFrom(cwd);
  const workspace = readWorkspace(found, display);
  const files = workspace.allFiles();
  const facts = files.map((file) => readFacts(file.tree));
  const contextIds = new Set(facts.flatMap((file) => file.contextIds));
  const seeds = files.flatMap((_, index) => (targets.some((target) => facts[index]!.ids.includes(target)) ? [index] : []));
  if (seeds.length === 0 || targets.some((target) => contextIds.has(target))) return analyzeLoaded(options, found, display, workspace);
  const keys = facts.map((file) => linkKeys(file, contextIds));
  const links = new PartLinks<number>();
  keys.forEach((fileKeys, index) => links.link(index, fileKeys, true));
  const done = new Set<number>();
  const part = new Set<number>();
  for (const seed of seeds) for (const index of links.walk(seed, (file) => keys[file]!, done)) part.add(index);
  const own: SourceFile[] = [...part].sort((a, b) => a - b).map((index) => files[index]!);
  const context = files.flatMap((file, index) => (isContextFile(facts[index]!, contextIds) ? [contextFileOf(file, contextIds)] : []));
  const first = () => firstDefinitions(files.map((file, index) => [file.path, facts[index]!.definitions]));
  const analysis = analyzeParts(own, context, { ...analysisOptions(options, found.root, found.listings), suggestionIds: suggestionIds(first) });
  checkPolicy(options.policy, analysis.ledger.policies);
  return { analysis, workspace, fileCount: found.paths.length, display };
}
