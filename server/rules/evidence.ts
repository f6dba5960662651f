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
      for (const property of entry.properties) {
        if (property.name === "evidence" || property.name === "receipt") checkPath(context, file.path, property);
      }
      const what = WHAT_TO_ATTACH[entry.kind];
      if (what && !entry.properties.some((p) => p.name === "evidence")) {
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
        !entry.properties.some((p) => p.name === "receipt")
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
 * absolute paths, drive letters, `..` that climbs out, and links that point out are refused.
 */
export function locateEvidence(citingFile: string, cited: string, root: string, realPath?: (p: string) => string | undefined): EvidenceLocation {
  if (cited.includes("\0")) return { inside: false, reason: "contains a NUL character" };
  const slashed = cited.replace(/\\/g, "/");
  if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed)) return { inside: false, reason: "is an absolute path" };
  const top = posix.normalize(root).replace(/\/$/, "");
  const resolved = posix.normalize(posix.join(posix.dirname(citingFile), slashed));
  if (!isInside(resolved, top)) return { inside: false, reason: "leaves the workspace" };
  const real = realPath?.(resolved);
  const realTop = realPath?.(top) ?? top;
  if (real !== undefined && !isInside(real, realTop)) return { inside: false, reason: "is a link that leads out of the workspace" };
  return { inside: true, path: resolved };
}

function isInside(path: string, top: string): boolean {
  return path === top || path.startsWith(`${top}/`);
}

function checkPath(context: RuleContext, citingFile: string, property: PropertyOf<"evidence" | "receipt">): void {
  const files = context.workspaceFiles;
  const cited: StringNode = property.path;
  if (cited.value.trim() === "") {
    context.reporter.report(citingFile, cited.range, "evidence-not-found", `the ${property.name} path is empty: name the file`);
    return;
  }
  if (!files) return;
  const root = files.rootFor?.(citingFile) ?? files.root;
  const location = locateEvidence(citingFile, cited.value, root, files.realPath?.bind(files));
  if (!location.inside) {
    context.reporter.report(citingFile, cited.range, "evidence-outside", `\`${cited.value}\` ${location.reason}: evidence must stay inside the workspace`);
    return;
  }
  if (!files.exists(location.path)) {
    context.reporter.report(citingFile, cited.range, "evidence-not-found", `no file at \`${cited.value}\``);
  }
}
