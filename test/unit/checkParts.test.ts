/**
 * `dun check` by parts (server/cli/parts/) prints what the single pass prints, byte for byte:
 * stdout, stderr and the exit status, for text and JSON, with every option. Both run in this
 * process through `runCheck` with a plan that forces one path or the other: the single pass,
 * parts on one thread, and parts with a worker thread running the built bundle (dist/cli.js,
 * which the global setup builds). Workspaces: every example and fixture, generated cases, and
 * random edits of them (ids joined across files, duplicated and broken, files merged, the
 * context changed, unreadable files).
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PARTS_FROM, runCheck, SPLIT_FROM, type CheckPlan } from "../../server/cli/check";
import { checkJson, checkText, fileJson, fileText, StreamedReport, type DiagnosticRow } from "../../server/cli/checkReport";
import { outputText, type Output } from "../../server/cli/output";
import { UsageError } from "../../server/node/disk";
import { PartChecker } from "../../server/cli/parts/work";
import { firstDefinitions, readFacts, type FileFacts } from "../../server/engine/parts";
import { exposeGc } from "../../server/node/gc";
import { parseDun } from "../../grammar/parse";
import { runDun, runDunReaderGone } from "../runCli";
import { applyEdit } from "../randomEdits";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";

const REPO = resolve(__dirname, "../..");
const BUNDLE = join(REPO, "dist", "cli.js");

const SINGLE: CheckPlan = { partsFrom: Infinity, workerFrom: Infinity, workerScript: undefined, splitFrom: Infinity };
/** Every part analysed alone (groups of one), on one thread. */
const ONE_THREAD: CheckPlan = { partsFrom: 0, workerFrom: Infinity, workerScript: undefined, groupSize: 1, splitFrom: Infinity };
/** Parts in groups of about 4,000 characters, on two threads. */
const TWO_THREADS: CheckPlan = { partsFrom: 0, workerFrom: 0, workerScript: BUNDLE, groupSize: 4000, splitFrom: Infinity };
/** Groups of the default size, on two threads. */
const DEFAULT: CheckPlan = { partsFrom: 0, workerFrom: 0, workerScript: BUNDLE, splitFrom: Infinity };
/** Every file without a syntax error cut into runs of entries, each run's part analysed alone. */
const RUNS_ALONE: CheckPlan = { partsFrom: Infinity, workerFrom: Infinity, workerScript: undefined, groupSize: 1, splitFrom: 0 };
/** Every file without a syntax error cut into runs of entries, parts in groups of about 4,000 characters. */
const RUNS: CheckPlan = { partsFrom: Infinity, workerFrom: Infinity, workerScript: undefined, groupSize: 4000, splitFrom: 0 };

interface Printed {
  code: number;
  stdout: string;
  stderr: string;
}

/** `dun check ARGS` in this process, as `main` runs it (a usage error is one stderr line, status 2). */
async function check(args: string[], plan: CheckPlan, cwd = REPO): Promise<Printed> {
  let stdout = "";
  let stderr = "";
  const out: Output = {
    stdout: (line) => (stdout += `${outputText(line)}\n`),
    stderr: (line) => (stderr += `${outputText(line)}\n`),
  };
  try {
    return { code: await runCheck(args, cwd, out, plan), stdout, stderr };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { code: 2, stdout, stderr: `${stderr}${error.message.replace(/\r?\n/g, "\\n")}\n` };
  }
}

/** Checks that every plan prints the single pass's report; returns it. */
async function expectSame(args: string[], plans: CheckPlan[] = [ONE_THREAD, TWO_THREADS, DEFAULT, RUNS_ALONE, RUNS], cwd = REPO): Promise<Printed> {
  const single = await check(args, SINGLE, cwd);
  for (const plan of plans) expect(await check(args, plan, cwd), `${args.join(" ")} (worker: ${plan.workerScript ?? "none"})`).toEqual(single);
  return single;
}

/** The flags each workspace is checked with: both formats, and every option that changes the report. */
const VARIANTS: string[][] = [
  ["--today", "2026-05-04"],
  ["--today", "2026-05-04", "--format", "json"],
  ["--today", "2026-02-20", "--currency", "EUR", "--rule", "no-contract=off", "--rule", "overdue=error"],
  ["--today", "2026-05-04", "--policy", "gentle", "--format", "json"],
  ["--today", "2026-05-04", "--policy", "no-such-policy"],
];

function dunFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".dun"))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

let tmp = "";
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "dun-parts-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the report's pieces", () => {
  const row = (file: string, message: string, severity: DiagnosticRow["severity"] = "error"): DiagnosticRow => ({
    file,
    line: 1,
    column: 2,
    endLine: 3,
    endColumn: 4,
    severity,
    code: "unknown-ref",
    message,
  });
  const cases: DiagnosticRow[][][] = [
    [],
    [[]],
    [[row("a.dun", "no party `x`")], [], [row("b.dun", 'a "quoted"\\ message'), row("b.dun", "tab\there", "info")]],
    [[row("c\u0085.dun", "ctrl \u001b[31m and \u009b and \u007f")], [row("d.dun", "plain")]],
    [[row("e\nf.dun", "line\nbreak é 日本 \u2028")], [row("g.dun", "no controls", "warning")]],
    // ~2.5 MB of report: written in several writes of about a megabyte, a file without rows between.
    Array.from({ length: 3000 }, (_, i) => (i % 7 === 3 ? [] : [row(`f${i}.dun`, `${i} ${"é".repeat(600)}`, "warning")])),
  ];

  /** What a StreamedReport of these files' pieces writes through an `Output`, and in how many writes. */
  function streamed(format: "json" | "text", files: DiagnosticRow[][]): { text: string; writes: number } {
    let text = "";
    let writes = 0;
    const out: Output = {
      stdout: (line) => {
        text += `${outputText(line)}\n`;
        writes++;
      },
      stderr: () => undefined,
    };
    const report = new StreamedReport(out, format, "2026-05-04", 7);
    for (const file of files) report.add(format === "json" ? fileJson(file) : fileText(file));
    report.end();
    return { text, writes };
  }

  it("streamed, equal the whole report's JSON and text, as one write of the whole would print them", () => {
    for (const files of cases) {
      const rows = files.flat();
      expect(streamed("json", files).text).toBe(`${checkJson("2026-05-04", 7, rows).text}\n`);
      expect(streamed("text", files).text).toBe(rows.length > 0 ? `${checkText(rows).text}\n` : "");
    }
    // The large case went out in pieces, not in one write at the end: 2,571 rows of ~770
    // characters of JSON (~2 million, past the 1,048,576 of a write), so two writes.
    expect(streamed("json", cases.at(-1)!).writes).toBe(2);
  });
});

describe("dun check by parts prints what the single pass prints", () => {
  it("on every example, alone and together", async () => {
    const examples = readdirSync("examples", { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const variant of VARIANTS) {
      await expectSame(["examples", ...variant]);
      for (const example of examples) await expectSame([join("examples", example.name), ...variant], [ONE_THREAD]);
    }
  });

  it("on every fixture, one by one, by folder and all together", async () => {
    const files = dunFiles("test/fixtures");
    const folders = [...new Set(files.map((file) => dirname(file)))];
    for (const variant of VARIANTS.slice(0, 2)) {
      await expectSame(["test/fixtures", ...variant]);
      for (const folder of folders) await expectSame([folder, ...variant], [ONE_THREAD]);
      for (const file of files) await expectSame([file, ...variant], [ONE_THREAD]);
    }
    await expectSame(["test/fixtures/cli/root/ws", "--root", "test/fixtures/cli/root/ws", "--today", "2026-02-20"]);
    await expectSame(["test/fixtures/rules", "test/fixtures/cli/check/ledger.dun", "--today", "2026-02-20", "--format", "json"]);
  });

  it("on generated workspaces, from the command line too", async () => {
    for (const [cases, single] of [[60, false], [60, true], [400, false]] as const) {
      const out = join(tmp, `gen-${cases}${single ? "-single" : ""}`);
      generateWorkspace(cases, { out, single });
      for (const variant of VARIANTS) await expectSame([out, ...variant]);
    }
    // The built command: 1,001 files go by parts (PARTS_FROM).
    const out = join(tmp, "gen-1000");
    generateWorkspace(1000, { out });
    expect(dunFiles(out).length).toBeGreaterThanOrEqual(PARTS_FROM);
    for (const variant of VARIANTS.slice(0, 2)) {
      const run = await runDun(["check", out, ...variant], REPO);
      const expected = await check([out, ...variant], SINGLE);
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual(expected);
      // A reader gone at once (`dun check | head`): the report, written as it goes, is dropped, and
      // the check still ends with its status and (in text) its summary, without a trace of the failed writes.
      expect(await runDunReaderGone(["check", out, ...variant], REPO)).toEqual({ code: expected.code, stderr: expected.stderr });
    }
  });

  it("on one file of 2 MiB or more, from the command line: a run of entries at a time", async () => {
    const out = join(tmp, "gen-2000-single");
    generateWorkspace(2000, { out, single: true });
    const [file] = dunFiles(out);
    expect(readFileSync(file!).length).toBeGreaterThanOrEqual(SPLIT_FROM);
    for (const variant of VARIANTS.slice(0, 2)) {
      const run = await runDun(["check", out, ...variant], REPO);
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual(await check([out, ...variant], SINGLE));
    }
  });

  it("on one large file written a case at a time, its report goes out as its runs are checked, not at the end", async () => {
    const out = join(tmp, "gen-80-single");
    generateWorkspace(80, { out, single: true });
    // Both called through: when each piece went out, against how many groups were checked by then.
    const checks = vi.spyOn(PartChecker.prototype, "check");
    const adds = vi.spyOn(StreamedReport.prototype, "add");
    let printed: Printed;
    let checkOrders: number[];
    let pieces: { order: number; piece: string }[];
    try {
      printed = await check([out, "--today", "2026-05-04", "--format", "json"], RUNS_ALONE);
      checkOrders = [...checks.mock.invocationCallOrder];
      pieces = adds.mock.calls.map(([piece], index) => ({ order: adds.mock.invocationCallOrder[index]!, piece }));
    } finally {
      checks.mockRestore();
      adds.mockRestore();
    }
    expect(printed).toEqual(await check([out, "--today", "2026-05-04", "--format", "json"], SINGLE));
    // One group per run (RUNS_ALONE), 80 cases: many groups, and rows in most cases.
    const groups = checkOrders.length;
    expect(groups).toBeGreaterThan(80);
    const checkedBefore = (order: number) => checkOrders.filter((at) => at < order).length;
    const wentOut = pieces.filter(({ piece }) => piece !== "").map(({ order }) => checkedBefore(order));
    // The first rows go out after a few groups, and the rows go out in many writes along the way.
    expect(wentOut[0]).toBeLessThan(groups / 4);
    expect(new Set(wentOut).size).toBeGreaterThan(20);
  });

  it("on workspaces whose ids cross parts: suggestions, duplicates, the context", async () => {
    const SELF = `party acme "Acme"\n  self\npolicy gentle "Gentle"\n  step reminder 5d\n  step call 20d\n`;
    const workspaces: Record<string, string>[] = [
      // "did you mean" a near id another part defines
      { "a.dun": `party alpha "Alpha"\n2026-01-05 payment INV-1O0 10.00\n`, "b.dun": `party bolt "Bolt"\n2026-01-02 invoice INV-100 bolt 10.00\n` },
      // the same id defined as a party in one file and an invoice in another; a broken header before both
      {
        "a.dun": `2026-01-02 invoice X1 ??\n`,
        "b.dun": `party X1 "X"\n2026-01-05 payment X2 10.00\n`,
        "c.dun": `party bolt "Bolt"\n2026-01-02 invoice X1 bolt 10.00\n2026-02-01 reminder X11\n`,
      },
      // the context: a self party and policies, named by creditor and policy lines (no link), an
      // invoice billed to the self party (a link to the core), a second self party, a policy twice
      {
        "self.dun": SELF,
        "c1.dun": `party globex "Globex"\n2026-01-05 contract C-1 globex\n  creditor acme\n  policy gentle\n2026-01-10 invoice I-1 C-1 100.00\n`,
        "c2.dun": `2026-01-10 invoice I-2 acme 100.00\n2026-02-10 reminder I-1\n`,
        "c3.dun": `party other "Other"\n  self\npolicy gentle "Again"\n  step call 1d\n2026-01-10 invoice I-3 other 5.00\n`,
        "c4.dun": `party hooli "Hooli"\n2026-01-05 contract C-4 hooli\n  creditor acmee\n  policy gentel\n2026-01-10 invoice I-4 C-4 100.00\n`,
      },
      // a context id defined again as something else, in a case file
      { "self.dun": SELF, "case.dun": `party gentle "Gentle Ltd"\n2026-01-10 invoice G-1 gentle 50.00\n`, "late.dun": `2026-03-01 payment G-1 10.00\n` },
    ];
    for (const [index, texts] of workspaces.entries()) {
      const dir = join(tmp, `crossing-${index}`);
      for (const [name, text] of Object.entries(texts)) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      for (const variant of VARIANTS) await expectSame([dir, ...variant]);
    }
    const suggested = await check([join(tmp, "crossing-0"), "--today", "2026-05-04"], ONE_THREAD);
    expect(suggested.stdout).toContain("did you mean `INV-100`?");
  });

  it("where a file cannot be read: the first in path order is reported", async () => {
    const out = join(tmp, "unreadable");
    generateWorkspace(40, { out });
    const paths = dunFiles(out);
    // Files are read in chunks of 32, by both threads: one failure in each chunk.
    writeFileSync(paths[35]!, Buffer.from([0x70, 0x61, 0xff, 0x0a]));
    writeFileSync(paths[20]!, "party x\u0000\n");
    await expectSame([out, "--today", "2026-05-04"]);
    writeFileSync(paths[20]!, "party x\n");
    await expectSame([out, "--today", "2026-05-04"]);
    if (process.getuid?.() !== 0) {
      chmodSync(paths[3]!, 0);
      await expectSame([out, "--today", "2026-05-04"]);
    }
  });

  it("where the worker cannot start, or stops half way", async () => {
    const out = join(tmp, "gen-400");
    const missing: CheckPlan = { ...TWO_THREADS, workerScript: join(tmp, "no-such-worker.js") };
    // A worker that takes work and never reports it: three chunks of files, then three parts.
    const quitter = join(tmp, "quitter.js");
    writeFileSync(
      quitter,
      `const { workerData, parentPort } = require("node:worker_threads");
       const counters = new Int32Array(workerData.counters);
       Atomics.add(counters, 0, 3);
       parentPort.postMessage({ kind: "facts-done" });
       parentPort.once("message", () => { Atomics.add(counters, 1, 3); process.exit(0); });`,
    );
    const thrower = join(tmp, "thrower.js");
    writeFileSync(thrower, `throw new Error("no worker today");`);
    for (const workerScript of [quitter, thrower]) {
      for (const variant of VARIANTS.slice(0, 2)) await expectSame([out, ...variant], [missing, { ...TWO_THREADS, workerScript }]);
    }
  });
});

describe("what the first pass keeps", () => {
  it("the first definitions hold none of the files' texts (ids cut from them are copied)", () => {
    const gc = exposeGc();
    expect(gc, "gc() can be had").toBeDefined();
    const heap = () => {
      gc!();
      return process.memoryUsage().heapUsed;
    };
    // 200 files of ~50 KB, each defining one id of 20 characters (long enough that V8 would keep it as a slice of its text).
    const files = (count: number) =>
      Array.from({ length: count }, (_, index) => {
        const id = `debtor-${String(index).padStart(13, "0")}`;
        const text = `party ${id} "Debtor ${index}"\n${`; ${"x".repeat(98)}\n`.repeat(500)}`;
        return [`/w/${index}.dun`, readFacts(parseDun(text)).definitions] as [string, FileFacts["definitions"]];
      });
    const before = heap();
    let first: Map<string, unknown> | undefined = firstDefinitions(files(200));
    expect(first.size).toBe(200);
    // The texts are 200 × ~50 KB = ~10 MB: what stays is the map alone (~20 KB of ids, with its table).
    const kept = heap() - before;
    expect(kept).toBeLessThan(2 * 1024 * 1024);
    first = undefined;
  });
});

describe("dun check by parts after random edits", () => {
  let texts: Record<string, string> = {};

  beforeAll(() => {
    const generated = join(tmp, "edits-source");
    generateWorkspace(12, { out: generated });
    for (const path of dunFiles(generated)) texts[`gen/${relative(generated, path)}`] = readFileSync(path, "utf8");
    for (const path of dunFiles("examples/acme-security")) texts[`acme/${relative("examples/acme-security", path)}`] = readFileSync(path, "utf8");
    texts["plan/marlowe.dun"] = readFileSync("examples/contractor-plan/marlowe.dun", "utf8");
  });

  it("prints the same report", async () => {
    const pool = Object.values(texts).flatMap((text) => text.split("\n"));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 10 }), fc.nat(VARIANTS.length - 1), async (edits, variant) => {
        const files = new Map(Object.entries(texts));
        for (const edit of edits) applyEdit(files, edit, pool);
        const dir = join(tmp, `edited-${run++}`);
        for (const [path, text] of files) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), text);
        }
        await expectSame([dir, ...VARIANTS[variant]!], run % 4 === 0 ? [ONE_THREAD, { ...TWO_THREADS, groupSize: 1 + (run % 7) * 1000 }] : [ONE_THREAD]);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 60, seed: 20261126 },
    );
  });
});
