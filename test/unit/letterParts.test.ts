/**
 * `dun letter` analyses only the part of the workspace that holds its targets
 * (`loadForTargets`, server/cli/load.ts). Every letter it writes must be the letter an analysis
 * of the whole workspace writes, and every refusal the same refusal: for every party and every
 * invoice of the examples and of a generated workspace, as a demand, a final demand and a
 * statement, and for targets that are no debtor.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAndAnalyze, loadForTargets } from "../../server/cli/load";
import type { CommonOptions } from "../../server/cli/options";
import type { Analysis } from "../../server/engine";
import { composeLetter } from "../../server/letters";
import type { LetterKind } from "../../server/letters";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

const REPO = resolve(__dirname, "..", "..");
let generated: string;

beforeAll(() => {
  generated = mkdtempSync(join(tmpdir(), "dun-letter-parts-"));
  generateWorkspace(30, { out: generated });
});

afterAll(() => rmSync(generated, { recursive: true, force: true }));

function options(paths: string[], root: string): CommonOptions {
  return { paths, today: "2026-05-04", root, format: "text", currency: "USD", rules: {}, help: false };
}

/** The letter's text, or the refusal's message. */
function letter(analysis: Analysis, kind: LetterKind, targets: string[]): string {
  try {
    return composeLetter(analysis, { kind, targets }).markdown;
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

function expectSameLetters(folder: string, root: string): number {
  const whole = loadAndAnalyze(options([folder], root), REPO).analysis;
  const targets: string[][] = [
    ...[...whole.ledger.parties.keys()].map((id) => [id]),
    ...[...whole.ledger.invoices.keys()].map((id) => [id]),
    // Two invoices of one debtor, and of two; an id that is nothing; an id that is a contract.
    [...whole.ledger.invoices.keys()].slice(0, 2),
    [[...whole.ledger.invoices.keys()][0]!, [...whole.ledger.invoices.keys()].at(-1)!],
    ["no-such-debtor"],
    [[...whole.ledger.contracts.keys()][0] ?? "no-contract"], // (an example without contracts: an unknown id)
  ];
  let letters = 0;
  for (const target of targets) {
    const part = loadForTargets(options([folder], root), REPO, target).analysis;
    for (const kind of ["demand", "final-demand", "statement"] as const) {
      const expected = letter(whole, kind, target);
      expect({ target, kind, letter: letter(part, kind, target) }).toEqual({ target, kind, letter: expected });
      if (!expected.startsWith("refused")) letters++;
    }
  }
  return letters;
}

describe("dun letter analyses only its targets' part", () => {
  it("writes every letter of the examples as an analysis of the whole does", () => {
    // Each example folder is its own workspace (its own `self` party).
    let letters = 0;
    for (const example of ["acme-security", "agency-dispute", "contractor-plan", "freelancer-logo", "tokyo-jpy"]) {
      letters += expectSameLetters(join(REPO, "examples", example), join(REPO, "examples", example));
    }
    expect(letters).toBeGreaterThan(20);
  });

  it("writes every letter of a generated workspace of 30 cases as an analysis of the whole does", () => {
    expect(expectSameLetters(generated, generated)).toBeGreaterThan(60);
  });

  it("analyses only the debtor's part", () => {
    const whole = loadAndAnalyze(options([generated], generated), REPO).analysis;
    const debtor = [...whole.ledger.invoices.values()].find((invoice) => invoice.debtor)!.debtor!.id;
    const part = loadForTargets(options([generated], generated), REPO, [debtor]).analysis;
    // 30 cases: the debtor's own, and what is linked to it, not the rest.
    expect(part.ledger.invoices.size).toBeLessThan(whole.ledger.invoices.size / 5);
    expect([...part.ledger.invoices.values()].some((invoice) => invoice.debtor?.id === debtor)).toBe(true);
  });
});
