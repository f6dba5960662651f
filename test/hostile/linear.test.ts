/**
 * Parsing (and formatting, and analysing a realistic ledger) takes time linear in the text's
 * length: the time per character at about 1 MB is less than 5× the time per character at
 * about 10 KB. Ratios, not wall-clock limits, so a slow or busy machine does not fail it;
 * each figure is the median of several runs, and the small input is repeated until it has run
 * for a while so timer resolution does not matter. Quadratic behaviour would show as a ratio
 * near 100, n·log n as about 1.5. Why 5 and not 3: measured on a 2-core machine, the ratio is
 * 0.4–1.7 for most shapes but up to 2.5–3 for the shapes that allocate one error per line
 * (orphan property lines, byte-order marks): a 1 MB input no longer fits the young generation
 * and garbage collection costs more per object; from 1 MB to 4 MB the time per character stays
 * flat, so it is not growth with the length. (Run with DUN_HOSTILE_VERBOSE=1 to print them.)
 *
 * Inputs: a realistic ledger (bench/generate.mjs, single file), and the shapes most likely to
 * defeat a line-by-line parser: one enormous line, a property line of 100,000 ids, a 1 MB
 * string, a 1 MB comment, thousands of unterminated strings, orphan property lines (one
 * error each), lone carriage returns (no line break at all), byte-order marks, token soup.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDun } from "../../grammar";
import { analyze, Workspace } from "../../server/engine";
import { formatDun } from "../../server/engine/format";
import { memoryFiles } from "../helpers";
import { tokenSoup } from "./arbitraries";
import { REPO } from "./support";

const SMALL = 10_000;
const LARGE = 1_000_000;
const MAX_RATIO = 5;

/** `unit` repeated to about `size` characters. */
const fill = (unit: string, size: number) => unit.repeat(Math.max(1, Math.round(size / unit.length)));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds per character of one call of `work` on `text`, repeated for at least `minMs`. */
function perChar(work: (text: string) => unknown, text: string, minMs = 40): number {
  let runs = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    work(text);
    runs++;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  return elapsed / runs / text.length;
}

/** The ratio of the time per character on `large` to that on `small`: medians of `rounds`. */
function growth(work: (text: string) => unknown, small: string, large: string, rounds = 3): { ratio: number; smallNs: number; largeNs: number } {
  work(small);
  work(large); // warm up: the lexer and parser are built, the JIT has seen both
  const smalls: number[] = [];
  const larges: number[] = [];
  for (let i = 0; i < rounds; i++) {
    smalls.push(perChar(work, small));
    larges.push(perChar(work, large, 0));
  }
  const smallNs = median(smalls) * 1e6;
  const largeNs = median(larges) * 1e6;
  if (process.env.DUN_HOSTILE_VERBOSE) console.log(`${work.name}: ${smallNs.toFixed(0)} → ${largeNs.toFixed(0)} ns/char, ×${(largeNs / smallNs).toFixed(2)}`);
  return { ratio: largeNs / smallNs, smallNs, largeNs };
}

let tmp = "";
const realistic = { small: "", large: "" };

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "dun-linear-"));
  const generate = (cases: number, out: string) => {
    const run = spawnSync(process.execPath, [join(REPO, "bench", "generate.mjs"), String(cases), "--out", out, "--single"], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`bench/generate.mjs failed: ${run.stderr}`);
    return readFileSync(join(out, "ledger.dun"), "utf8");
  };
  realistic.small = generate(10, join(tmp, "small"));
  realistic.large = generate(1000, join(tmp, "large"));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A text shape at a given size. */
const shapes: { name: string; make: (size: number) => string }[] = [
  { name: "one enormous header line of words", make: (n) => `2026-01-01 invoice ${fill("x9é ", n)}` },
  { name: "a property line of ids (`re A B C …`)", make: (n) => `2026-01-01 call p "x"\n  re ${fill("INV-1 ", n)}\n` },
  { name: "a header listing invoice after invoice", make: (n) => `2026-01-01 demand ${fill("INV-1 ", n)}via email\n` },
  { name: "a 1 MB string", make: (n) => `party p "${fill("a", n)}"\n` },
  { name: "a string of escapes", make: (n) => `party p "${fill('\\"', n)}"\n` },
  { name: "a 1 MB comment", make: (n) => `; ${fill("comment ", n)}\n` },
  { name: "unterminated strings, line after line", make: (n) => `party p "P"\n${fill('  address "no end\n', n)}` },
  { name: "orphan property lines (one error each)", make: (n) => fill("  evidence \"x\"\n", n) },
  { name: "lone carriage returns (one line)", make: (n) => fill('party p "P"\r  self\r', n) },
  { name: "byte-order marks and tabs", make: (n) => fill("\uFEFF\tparty\t\uFEFFp\t\"P\"\n", n) },
  { name: "broken headers", make: (n) => fill("2026-02-30 invoce I C 1,2.3.4 XYZ\n", n) },
  {
    name: "token soup",
    make: (n) => {
      const chunk = fc.sample(tokenSoup, { seed: 42, numRuns: 200 }).join("\n");
      return fill(`${chunk}\n`, n);
    },
  },
];

describe("time per character does not grow from 10 KB to 1 MB", () => {
  for (const shape of shapes) {
    it(`parsing: ${shape.name}`, () => {
      const { ratio, smallNs, largeNs } = growth(parseDun, shape.make(SMALL), shape.make(LARGE));
      expect(ratio, `${smallNs.toFixed(1)} ns/char at 10 KB, ${largeNs.toFixed(1)} ns/char at 1 MB`).toBeLessThan(MAX_RATIO);
    });
  }

  it("parsing and formatting a realistic ledger", () => {
    for (const work of [parseDun, formatDun]) {
      const { ratio, smallNs, largeNs } = growth(work, realistic.small, realistic.large);
      expect(ratio, `${work.name}: ${smallNs.toFixed(1)} ns/char at 10 KB, ${largeNs.toFixed(1)} ns/char at 1 MB`).toBeLessThan(MAX_RATIO);
    }
  });

  it("analysing a realistic ledger", () => {
    const analyse = (text: string) => {
      const workspace = new Workspace();
      workspace.setFile("/ws/ledger.dun", text);
      return analyze(workspace, { today: "2026-05-04", defaultCurrency: "USD", files: memoryFiles("/ws") });
    };
    const { ratio, smallNs, largeNs } = growth(analyse, realistic.small, realistic.large);
    expect(ratio, `${smallNs.toFixed(1)} ns/char at 10 KB, ${largeNs.toFixed(1)} ns/char at 1 MB`).toBeLessThan(MAX_RATIO);
  });

  it("formatting the hostile shapes", () => {
    for (const shape of shapes) {
      const { ratio, smallNs, largeNs } = growth(formatDun, shape.make(SMALL), shape.make(LARGE), 1);
      expect(ratio, `${shape.name}: ${smallNs.toFixed(1)} ns/char at 10 KB, ${largeNs.toFixed(1)} ns/char at 1 MB`).toBeLessThan(MAX_RATIO);
    }
  }, 60_000);
});
