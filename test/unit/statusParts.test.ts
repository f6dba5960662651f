/**
 * `dun status` of many files goes by parts (server/cli/parts/statusParts.ts): each group of
 * parts analysed apart, only each invoice's status line kept. The lines must be those of one
 * analysis of the whole workspace, in the same order (the aging table keeps that order among
 * debtors with equal totals): for the examples, a generated workspace in groups of every size,
 * and after random edits that join and split parts, break lines and touch the `self` party.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findWorkspace, loadAndAnalyze } from "../../server/cli/load";
import type { CommonOptions } from "../../server/cli/options";
import { statusLinesByParts } from "../../server/cli/parts/statusParts";
import { agingTableOfLines } from "../../server/engine/report";
import { statusLines } from "../../server/engine/status";
import { applyEdit } from "../randomEdits";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

const REPO = resolve(__dirname, "..", "..");
let generated: string;
const texts = new Map<string, string>();

beforeAll(() => {
  generated = mkdtempSync(join(tmpdir(), "dun-status-parts-"));
  generateWorkspace(40, { out: generated });
  for (const d of readdirSync(generated, { withFileTypes: true, recursive: true })) {
    if (d.isFile() && d.name.endsWith(".dun")) texts.set(relative(generated, join(d.parentPath, d.name)), readFileSync(join(d.parentPath, d.name), "utf8"));
  }
});

afterAll(() => rmSync(generated, { recursive: true, force: true }));

function options(folder: string): CommonOptions {
  return { paths: [folder], today: "2026-05-04", root: folder, format: "text", currency: "USD", rules: {}, help: false };
}

function expectSameLines(folder: string, groupSize?: number): void {
  const whole = statusLines(loadAndAnalyze(options(folder), REPO).analysis);
  const byParts = statusLinesByParts(options(folder), REPO, findWorkspace(options(folder), REPO), groupSize);
  expect(byParts).toEqual(whole);
}

describe("dun status by parts", () => {
  it("gives the examples' lines as one analysis does", () => {
    for (const example of ["acme-security", "agency-dispute", "contractor-plan", "freelancer-logo", "tokyo-jpy"]) expectSameLines(join(REPO, "examples", example), 1);
  });

  it("gives a generated workspace's lines as one analysis does, in groups of one part or of many", () => {
    const whole = statusLines(loadAndAnalyze(options(generated), REPO).analysis);
    expect(whole.length).toBeGreaterThanOrEqual(40); // an invoice or more per case
    // Debtors with equal totals in the aging table come in the order of their first open invoice.
    expect(agingTableOfLines(whole).length).toBeGreaterThan(10);
    for (const groupSize of [1, 4096, 1 << 16]) expectSameLines(generated, groupSize);
  });

  it("after random edits, still as one analysis does", () => {
    const pool = [...texts.values()].flatMap((text) => text.split("\n"));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }), (edits) => {
        const files = new Map(texts);
        for (const edit of edits) applyEdit(files, edit, pool);
        const folder = mkdtempSync(join(tmpdir(), "dun-status-edits-"));
        try {
          for (const [path, text] of files) {
            mkdirSync(dirname(join(folder, path)), { recursive: true });
            writeFileSync(join(folder, path), text);
          }
          expectSameLines(folder, 1);
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      }),
      { numRuns: 25, seed: 20261126 },
    );
  });
});
