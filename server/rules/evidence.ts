/**
 * Evidence: "document everything" — the signed contract, proof of the work, the invoice as
 * sent, the demand letter and its certified-mail receipt. A claim without evidence is weak,
 * and a cited file that is not there is no evidence at all.
 *
 * Codes: evidence-not-found, evidence-outside, missing-evidence, missing-receipt.
 */
import { posix } from "node:path";
import type { Entry, PropertyOf, StringNode } from "../../grammar";
import type { RuleContext } from "./context";

/** What to attach, by entry kind, in the words of the advice. */
const WHAT_TO_ATTACH: Partial<Record<Entry["kind"], string>> = {
  contract: "the signed agreement",
  work: "logs, reports, timesheets or delivery notes that prove the work",
  invoice: "the invoice as it was sent",
  sent: "the sent email or proof of posting",
  demand: "the demand letter",
  plan: "the signed payment plan",
};

export function checkEvidence(context: RuleContext): void {
  const { reporter } = context;
  for (const file of context.files) {
    for (const entry of file.tree.entries) {
      if (entry.kind === "broken") continue;
      let evidence = false;
      let receipt = false;
      for (const property of entry.properties) {
        if (property.name === "evidence") evidence = true;
        else if (property.name === "receipt") receipt = true;
        else continue;
        checkPath(context, file.path, property);
      }
      const what = WHAT_TO_ATTACH[entry.kind];
      if (what && !evidence) {
        reporter.report(file.path, entry.header, "missing-evidence", `this \`${entry.kind}\` has no \`evidence\`: attach ${what}`, {
          kind: "missing",
          property: "evidence",
        });
      }
      if (entry.kind === "call" && (entry.text?.value.trim() ?? "") === "") {
        reporter.report(file.path, entry.header, "missing-evidence", "this call has no notes: write down what was said and promised");
      }
      if (
        (entry.kind === "sent" || entry.kind === "demand") &&
        entry.channel.name === "certified-mail" &&
        !receipt
      ) {
        reporter.report(
          file.path,
          entry.header,
          "missing-receipt",
          `this \`${entry.kind}\` went by certified mail but has no \`receipt\`: add the return receipt or tracking record`,
          { kind: "missing", property: "receipt" },
        );
      }
    }
  }
}

/** Where a cited path leads, or why it may not be followed. */
export type EvidenceLocation = { inside: true; path: string } | { inside: false; reason: string };

/**
 * Resolves an evidence path relative to the citing file and keeps it inside the workspace:
 * absolute paths, drive letters and `..` that climbs out are refused. (Links that lead out are
 * checked by the caller, only for files that exist: resolving links costs a system call.)
 * Dun never decodes `%xx`, but a tool that does would read `%2e%2e%2f` as `../`: a path with a
 * percent-encoded dot, slash or backslash is refused rather than trusted to stay a name.
 */
export function locateEvidence(citingFile: string, cited: string, root: string): EvidenceLocation {
  if (cited.includes("\0")) return { inside: false, reason: "contains a NUL character" };
  const encoded = cited.includes("%") ? /%(2e|2f|5c)/i.exec(cited) : null;
  if (encoded) return { inside: false, reason: `contains \`${encoded[0]}\`, a percent-encoded \`${decodeURIComponent(encoded[0])}\`` };
  const slashed = cited.includes("\\") ? cited.replace(/\\/g, "/") : cited;
  if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed)) return { inside: false, reason: "is an absolute path" };
  const top = workspaceTop(root);
  // The common case, a plain relative path (no `.` or `..` segment, no doubled slash), needs no normalising.
  const { folder, plain: plainFolder } = citingFolder(citingFile);
  const plain = plainFolder && !DOT_SEGMENT.test(slashed);
  const resolved = plain ? `${folder === "/" ? "" : folder}/${slashed}` : posix.normalize(posix.join(posix.dirname(citingFile), slashed));
  if (!isInside(resolved, top)) return { inside: false, reason: "leaves the workspace" };
  return { inside: true, path: resolved };
}

// Consecutive citations come from the same file in the same workspace: the last root's
// normalised form and the last citing file's folder are kept.
let lastRoot: { root: string; top: string } | undefined;
let lastCiting: { file: string; folder: string; plain: boolean } | undefined;

/** The workspace root, normalised, without a trailing slash. */
function workspaceTop(root: string): string {
  if (lastRoot?.root !== root) lastRoot = { root, top: posix.normalize(root).replace(/\/$/, "") };
  return lastRoot.top;
}

/** The folder of a citing file, and whether it has no `.`, `..` or empty segment. */
function citingFolder(file: string): { folder: string; plain: boolean } {
  if (lastCiting?.file !== file) {
    const folder = file.slice(0, file.lastIndexOf("/")) || "/";
    lastCiting = { file, folder, plain: !DOT_SEGMENT.test(folder) };
  }
  return lastCiting;
}

/** A `.` or `..` segment, or an empty one (`//`): what only normalising resolves. */
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)|\/\//;

function isInside(path: string, top: string): boolean {
  return path === top || (path.startsWith(top) && path.charCodeAt(top.length) === SLASH);
}

const SLASH = 47;

/** The real path of each workspace root, resolved once per check. */
const realRoots = new WeakMap<RuleContext, Map<string, string>>();

function checkPath(context: RuleContext, citingFile: string, property: PropertyOf<"evidence" | "receipt">): void {
  const files = context.workspaceFiles;
  const cited: StringNode = property.path;
  if (cited.value.trim() === "") {
    context.reporter.report(citingFile, cited, "evidence-not-found", `the ${property.name} path is empty: name the file`);
    return;
  }
  if (!files) return;
  const root = files.rootFor?.(citingFile) ?? files.root;
  const location = locateEvidence(citingFile, cited.value, root);
  if (!location.inside) return reportOutside(context, citingFile, cited, location.reason);
  // What the disk says is seen only through these two codes: with both off (evidence kept in a
  // document system, not beside the ledger), no file is looked up.
  const { reporter } = context;
  const linksOut = reporter.wants("evidence-outside");
  if (!linksOut && !reporter.wants("evidence-not-found")) return;
  if (!files.exists(location.path)) {
    reporter.report(citingFile, cited, "evidence-not-found", `no file at \`${cited.value}\``);
    return;
  }
  if (files.realPath && linksOut) {
    let roots = realRoots.get(context);
    if (!roots) realRoots.set(context, (roots = new Map()));
    let realRoot = roots.get(root);
    if (realRoot === undefined) roots.set(root, (realRoot = files.realPath(root) ?? root));
    const real = files.realPath(location.path);
    if (real !== undefined && !isInside(real, realRoot)) reportOutside(context, citingFile, cited, "is a link that leads out of the workspace");
  }
}

function reportOutside(context: RuleContext, citingFile: string, cited: StringNode, reason: string): void {
  context.reporter.report(citingFile, cited, "evidence-outside", `\`${cited.value}\` ${reason}: evidence must stay inside the workspace`);
}
