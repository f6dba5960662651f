/**
 * Shared by the hostile-input tests: the property-test budget, the sample texts mutations
 * start from, and checks that every range a parse or an analysis reports lies in its text.
 *
 * CI runs every property with a fixed seed and a bounded number of runs. A longer run for
 * release time (documented in SECURITY.md):
 *
 *   DUN_FUZZ_RUNS=20000 DUN_FUZZ_SEED=$RANDOM npx vitest run test/hostile --testTimeout=0
 *
 * `DUN_FUZZ_RUNS` replaces every property's run count; `DUN_FUZZ_SEED` its seed (a failing
 * case prints its seed and path, which fast-check replays with `{ seed, path }`).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect } from "vitest";
import type { Range } from "../../grammar";
import type { Analysis } from "../../server/engine";

export const REPO = resolve(__dirname, "..", "..");

const fuzzRuns = Number(process.env.DUN_FUZZ_RUNS ?? "");
const fuzzSeed = Number(process.env.DUN_FUZZ_SEED ?? "");

/** fast-check parameters: `runs` and `seed` in CI, the environment's in a fuzzing run. */
export function budget(runs: number, seed: number): { numRuns: number; seed: number; endOnFailure: true } {
  return {
    numRuns: Number.isInteger(fuzzRuns) && fuzzRuns > 0 ? fuzzRuns : runs,
    seed: Number.isInteger(fuzzSeed) && process.env.DUN_FUZZ_SEED ? fuzzSeed : seed,
    endOnFailure: true,
  };
}

/** True in a long fuzzing run (tests may then take longer than CI's bound). */
export const fuzzing = Number.isInteger(fuzzRuns) && fuzzRuns > 0;

function dunFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return dunFiles(path);
    return name.endsWith(".dun") ? [path] : [];
  });
}

/** Every example and fixture ledger, by path relative to the repository. */
export function sampleLedgers(): { path: string; text: string }[] {
  return [...dunFiles(join(REPO, "examples")), ...dunFiles(join(REPO, "test", "fixtures"))]
    .sort()
    .map((path) => ({ path: path.slice(REPO.length + 1), text: readFileSync(path, "utf8") }));
}

/** The example workspaces: each folder under examples/ with its ledgers, for cross-file mutations. */
export function exampleWorkspaces(): { name: string; files: { path: string; text: string }[] }[] {
  const root = join(REPO, "examples");
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort()
    .map((name) => ({
      name,
      files: dunFiles(join(root, name))
        .sort()
        .map((path) => ({ path: path.slice(root.length + 1), text: readFileSync(path, "utf8") })),
    }));
}

export function expectRangeInside(range: Range, text: string, what: string): void {
  const ok =
    Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= text.length;
  if (!ok) expect.fail(`${what}: range ${JSON.stringify(range)} is not inside a text of ${text.length} characters`);
}

/** Every diagnostic names a file of the workspace and a range inside that file's text. */
export function expectDiagnosticsInside(analysis: Analysis, texts: Map<string, string>): void {
  for (const diagnostic of analysis.diagnostics) {
    const text = texts.get(diagnostic.file);
    if (text === undefined) expect.fail(`diagnostic for a file not in the workspace: ${diagnostic.file}`);
    expectRangeInside(diagnostic.range, text, `${diagnostic.code} "${diagnostic.message.slice(0, 80)}"`);
    expect(diagnostic.message.length, "a message").toBeGreaterThan(0);
  }
}
