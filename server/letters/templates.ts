/**
 * Templates: the shipped default of each letter, or the workspace's own `templates/<kind>.md`;
 * rendered with mustache (logic-less), values escaped for Markdown. A template that does not
 * parse, or names a placeholder the letter does not have, is refused with an error naming
 * the template file and line, before anything is written.
 */
import { realpathSync } from "node:fs";
import { isInsideReal, readRegularFile } from "../node/disk";
import Mustache from "mustache";
import { DEFAULT_TEMPLATES } from "./defaults";
import { templateName, type LetterKind } from "./kinds";

export interface Template {
  kind: LetterKind;
  /** Where it came from: the override's path, or `(built-in demand.md)`. */
  path: string;
  text: string;
}

/** A template that cannot be used; `path:line: what is wrong`. */
export class TemplateError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${path}:${line}: ${detail}`);
  }
}

export function defaultTemplate(kind: LetterKind): Template {
  return { kind, path: `(built-in ${templateName(kind)})`, text: DEFAULT_TEMPLATES[kind] };
}

/** The file a workspace overrides a template with. */
export function overridePath(root: string, kind: LetterKind): string {
  return `${root.replace(/[\\/]+$/, "")}/templates/${templateName(kind)}`;
}

/** The workspace's `templates/<kind>.md` under `root` if there is one, else the default. */
export function loadTemplate(
  kind: LetterKind,
  root: string | undefined,
  read: (path: string, root: string) => string | undefined = readInside,
): Template {
  if (root === undefined) return defaultTemplate(kind);
  const path = overridePath(root, kind);
  const text = read(path, root);
  return text === undefined ? defaultTemplate(kind) : { kind, path, text };
}

/**
 * The template's text if the workspace has one: only a regular file whose real path stays in
 * the workspace (a link that leads out, or a FIFO, is refused rather than followed or waited on).
 */
function readInside(path: string, root: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new TemplateError(path, 1, `cannot read the template (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (!isInsideReal(real, root)) throw new TemplateError(path, 1, "the template is a link that leads outside the workspace");
  const read = readRegularFile(real);
  if ("problem" in read) throw new TemplateError(path, 1, `cannot read the template (${read.problem})`);
  return read.bytes.toString("utf8");
}

/** Markdown's own characters in a value are escaped so that a name never turns into formatting. */
export function markdownEscape(value: unknown): string {
  return String(value).replace(/[\\`*_|[\]<>]/g, "\\$&");
}

/** Renders the letter as Markdown; throws `TemplateError` for a broken template or an unknown placeholder. */
export function renderTemplate(template: Template, facts: object): string {
  let tokens: unknown[];
  try {
    tokens = Mustache.parse(template.text);
  } catch (error) {
    throw parseError(template, (error as Error).message);
  }
  checkPlaceholders(template, tokens as Token[], [facts]);
  // Sections that render empty leave blank lines behind; Markdown reads one blank line the same.
  return Mustache.render(template.text, facts, {}, { escape: markdownEscape }).replace(/\n{3,}/g, "\n\n");
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

function parseError(template: Template, message: string): TemplateError {
  const at = /at (\d+)$/.exec(message);
  const offset = at ? Number(at[1]) : 0;
  const section = /section "([^"]*)"/.exec(message)?.[1];
  let detail = `broken template: ${message.replace(/ at \d+$/, "").replace(/^Unclosed tag$/, "a tag opened with {{ is never closed with }}")}`;
  let line = lineAt(template.text, offset);
  if (message.startsWith("Unclosed section") && section !== undefined && offset >= template.text.length) {
    // The end of the file is where mustache noticed; the opening tag is where the fix goes.
    const opened = [...template.text.matchAll(new RegExp(`\\{\\{\\s*[#^]\\s*${section.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\}\\}`, "g"))].pop();
    if (opened) line = lineAt(template.text, opened.index);
    detail = `broken template: section "${section}" is opened here and never closed with {{/${section}}}`;
  } else if (message.startsWith("Unclosed section") && section !== undefined) {
    detail = `broken template: section "${section}" must be closed with {{/${section}}} before this tag`;
  } else if (message.startsWith("Unclosed tag")) {
    // Mustache reads on to the end looking for the `}}`; the tag begins at the last `{{` before that.
    const opened = template.text.lastIndexOf("{{", Math.max(0, offset - 2));
    if (opened >= 0) line = lineAt(template.text, opened);
  } else if (message.startsWith("Unopened section") && section !== undefined) {
    detail = `broken template: {{/${section}}} closes a section that was never opened`;
  }
  return new TemplateError(template.path, line, detail);
}

/** [type, value, start, end, children?] as mustache.js parses them. */
type Token = [string, string, number, number, Token[]?];

const MISSING = Symbol("missing");

/** Looks a name up the context stack as mustache does; MISSING when no context has it. */
function lookup(name: string, stack: unknown[]): unknown {
  if (name === ".") return stack[stack.length - 1];
  const [first, ...rest] = name.split(".");
  for (let i = stack.length - 1; i >= 0; i--) {
    const context = stack[i];
    if (context === null || typeof context !== "object" || !(first! in context)) continue;
    let value: unknown = (context as Record<string, unknown>)[first!];
    for (const key of rest) {
      if (value === null || value === undefined) return undefined;
      if (typeof value !== "object" || !(key in value)) return MISSING;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  }
  return MISSING;
}

/** Every placeholder must name a fact of the letter: a typo would otherwise print as nothing. */
function checkPlaceholders(template: Template, tokens: Token[], stack: unknown[]): void {
  for (const [type, name, start, , children] of tokens) {
    if (type === ">") throw new TemplateError(template.path, lineAt(template.text, start), `partials ({{> ${name}}}) are not supported`);
    if (type !== "name" && type !== "&" && type !== "#" && type !== "^") continue;
    const value = lookup(name, stack);
    if (value === MISSING) {
      throw new TemplateError(template.path, lineAt(template.text, start), `unknown placeholder {{${type === "name" ? "" : type}${name}}}: the letter has no fact of that name`);
    }
    if (!children) continue;
    if (type === "#" && Array.isArray(value)) {
      if (value.length === 0) continue; // nothing to check the items against
      const item = value.every((v) => v !== null && typeof v === "object") ? Object.assign({}, ...value) : value[0];
      checkPlaceholders(template, children, [...stack, item]);
    } else if (type === "#" && value !== null && typeof value === "object") {
      checkPlaceholders(template, children, [...stack, value]);
    } else {
      checkPlaceholders(template, children, stack);
    }
  }
}
