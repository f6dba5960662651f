/**
 * Go to definition, find references and rename: every id of the workspace is one name in one
 * namespace, and all three read the same occurrences (server/engine/occurrences.ts), looked up
 * by name in the session's index (server/engine/idIndex.ts) and matched by the kinds of
 * definition a reference may name.
 */
import { posix } from "node:path";
import {
  ErrorCodes,
  ResponseError,
  type DefinitionParams,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import { occurrenceAt, type DefinitionKind, type Occurrence, type SourceFile } from "../../engine";
import type { Found } from "../../engine/idIndex";
import { pathToUri, toLspRange, toOffset } from "../convert";
import type { FeatureContext } from "./context";

/** The pattern of an id (LANGUAGE.md §1): what a new name must look like. */
const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_\-./]*$/;

/** The built-in ladder every contract without a `policy` follows. */
const BUILT_IN_POLICY = "standard";

/** The definition a reference names: the first, in path order, of a kind it may name. */
function definitionOf(context: FeatureContext, occurrence: Occurrence): Found | undefined {
  if (occurrence.role === "definition") return { file: context.file, occurrence };
  return context.session.ids().definition(occurrence.node.name, occurrence.kinds);
}

function sharesKind(a: Occurrence, b: Occurrence): boolean {
  return a.kinds.some((kind) => b.kinds.includes(kind));
}

function locationOf(found: Found): Location {
  return { uri: pathToUri(found.file.path), range: toLspRange(found.file, found.occurrence.node) };
}

/** The id under the cursor, if any. */
function occurrenceUnder(context: FeatureContext, position: { line: number; character: number }): Occurrence | undefined {
  return occurrenceAt(context.file.tree, toOffset(context.file, position));
}

/**
 * Every occurrence of the id under the cursor that names the same thing: same name, and a
 * kind the definition has (or, for an id defined nowhere, a kind the cursor's id may name).
 */
function sameIdOccurrences(context: FeatureContext, occurrence: Occurrence): Found[] {
  const target = definitionOf(context, occurrence)?.occurrence ?? occurrence;
  return context.session.ids().named(occurrence.node.name).filter((found) => sharesKind(found.occurrence, target));
}

/** Go to definition: from a reference to the entry that defines it; a definition leads to itself. */
export function provideDefinition(context: FeatureContext, params: DefinitionParams): Location | null {
  const occurrence = occurrenceUnder(context, params.position);
  if (!occurrence) return null;
  const definition = definitionOf(context, occurrence);
  return definition ? locationOf(definition) : null;
}

/** Find references: every place in the workspace that names the id, its definition too when asked. */
export function provideReferences(context: FeatureContext, params: ReferenceParams): Location[] {
  const occurrence = occurrenceUnder(context, params.position);
  if (!occurrence) return [];
  return sameIdOccurrences(context, occurrence)
    .filter((found) => params.context.includeDeclaration || found.occurrence.role === "reference")
    .map(locationOf);
}

function refuse(message: string): never {
  throw new ResponseError(ErrorCodes.InvalidParams, message);
}

function isBuiltInPolicy(occurrence: Occurrence): boolean {
  return occurrence.node.name === BUILT_IN_POLICY && occurrence.kinds.includes("policy");
}

/** Before a rename: the id under the cursor and its text, or null where there is no id to rename. */
export function prepareRename(context: FeatureContext, params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const occurrence = occurrenceUnder(context, params.position);
  if (!occurrence) return null;
  if (isBuiltInPolicy(occurrence)) refuse(builtInMessage());
  return { range: toLspRange(context.file, occurrence.node), placeholder: occurrence.node.name };
}

function builtInMessage(): string {
  return `\`${BUILT_IN_POLICY}\` is the built-in escalation policy (contracts without a \`policy\` follow it): it cannot be renamed`;
}

/** Where an id is defined already, in the words of a message: `invoice at b.dun:3`. */
function existingDefinition(context: FeatureContext, name: string): string | undefined {
  const ids = context.session.ids();
  const where = (file: SourceFile, offset: number) => `${shownPath(context, file.path)}:${file.lines.positionAt(offset).line + 1}`;
  const defined = ids.definition(name, ANY_KIND);
  const broken = ids.brokenDefinitions(name)[0];
  // The first in path order, then source order, of either.
  if (broken && (!defined || broken.file.path < defined.file.path || (broken.file.path === defined.file.path && broken.start < defined.occurrence.node.start))) {
    return `at ${where(broken.file, broken.start)}`;
  }
  if (defined) {
    const kind = defined.occurrence.kinds[0]!;
    return `as ${kind === "invoice" ? "an" : "a"} ${kind} at ${where(defined.file, defined.occurrence.node.start)}`;
  }
  return name === BUILT_IN_POLICY ? "as the built-in policy" : undefined;
}

const ANY_KIND: readonly DefinitionKind[] = ["party", "policy", "contract", "invoice"];

function shownPath(context: FeatureContext, path: string): string {
  const root = context.session.rootFor(path);
  return posix.relative(root, path) || posix.basename(path);
}

/**
 * Rename an id everywhere it stands: its definition and every reference, in every file.
 * Refused (with the reason shown to the user) for a name that is not an id, a name already
 * defined, and the built-in policy.
 */
export function provideRename(context: FeatureContext, params: RenameParams): WorkspaceEdit | null {
  const occurrence = occurrenceUnder(context, params.position);
  if (!occurrence) return null;
  const oldName = occurrence.node.name;
  const newName = params.newName;
  if (newName === oldName) return { changes: {} };
  if (isBuiltInPolicy(occurrence)) refuse(builtInMessage());
  if (!ID_PATTERN.test(newName)) {
    refuse(`\`${newName}\` is not a valid id: an id starts with a letter or \`_\`, then letters, digits, \`_\`, \`-\`, \`.\` or \`/\``);
  }
  if (newName === "via") refuse("`via` cannot be an id here: it ends a list of invoices (`sent INV-1 via email`)");
  const existing = existingDefinition(context, newName);
  if (existing) refuse(`cannot rename \`${oldName}\` to \`${newName}\`: \`${newName}\` is already defined ${existing}`);
  const changes: Record<string, TextEdit[]> = {};
  for (const found of sameIdOccurrences(context, occurrence)) {
    const uri = pathToUri(found.file.path);
    (changes[uri] ??= []).push({ range: toLspRange(found.file, found.occurrence.node), newText: newName });
  }
  return { changes };
}
