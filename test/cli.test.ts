/**
 * The command line as a user runs it: `node dist/cli.js …` in a child process, with its exit
 * status, stdout and stderr. Expected values are worked out by hand from LANGUAGE.md (§4–§6),
 * docs/language.md and the fixture texts under test/fixtures/cli/, never copied from output.
 *
 * Fixtures (test/fixtures/cli/):
 *   check/       ledger.dun + archive/old.dun: one error and two warnings as of 2026-02-20
 *   status/      one open late invoice with a partial payment, one paid invoice (2026-04-17),
 *                and an unused `policy patient` for --policy
 *   nocontract/  an invoice straight to a party, not yet due: only `no-contract` (info)
 *   root/ws/     a contract citing `../outside.pdf`, which exists in root/
 * Trees that git cannot hold (node_modules is ignored) or should not (binary, non-UTF-8
 * files) are written to a temporary folder at the start of the run.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDun, runDunReaderGone, runDunWith } from "./runCli";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist", "cli.js");
const FIX = "test/fixtures/cli";
const CHECK = `${FIX}/check`;
const STATUS = `${FIX}/status`;


/** Runs `node dist/cli.js ARGS` in `cwd` (the repository root unless named). */
const dun = (args: string[], cwd = REPO) => runDun(args, cwd);

const linesOf = (text: string) => text.split(/\r?\n/).filter((line) => line !== "");

interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

let tmp = "";

beforeAll(() => {
  if (!existsSync(CLI)) {
    const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  }
  // realpath: on macOS the temporary folder is reached through a symlink.
  tmp = realpathSync(mkdtempSync(join(tmpdir(), "dun-cli-")));
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(join(tmp, path, ".."), { recursive: true });
    writeFileSync(join(tmp, path), content);
  };
  // A tree to walk: two good files (one nested three deep), broken ones where the walk must
  // not go, and a non-.dun file.
  write("walk/top.dun", 'party acme "Acme Security LLC"\n  self\n');
  write("walk/deep/er/still/nested.dun", 'party globex "Globex Corporation"\n');
  write("walk/node_modules/pkg/broken.dun", "this is not a ledger\n  neither is this\n");
  write("walk/.hidden/broken.dun", "this is not a ledger\n");
  write("walk/deep/.cache/broken.dun", "this is not a ledger\n");
  write("walk/notes.txt", "this is not a ledger\n");
  // Files that are not text: NUL bytes; bytes that are not UTF-8 (0xFF never occurs in it).
  write("binary/x.dun", Buffer.from([0x70, 0x61, 0x72, 0x00, 0x01, 0x02, 0x00, 0x0a]));
  write("latin1/y.dun", Buffer.concat([Buffer.from('party cafe "Caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// --- chevrotain, loaded on demand ---------------------------------------------------------------

describe.concurrent("chevrotain's parser is loaded only for a file with a syntax error", () => {
  // dist/cli.js alone, without dist/chevrotain.js beside it: a valid ledger is read by the
  // fast path, and checked all the same.
  it("checks a valid workspace without dist/chevrotain.js", async () => {
    const alone = join(tmp, "alone");
    mkdirSync(alone, { recursive: true });
    copyFileSync(CLI, join(alone, "cli.js"));
    const run = await runDunWith(join(alone, "cli.js"), ["check", "walk", "--today", "2026-01-01"], tmp);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(linesOf(run.stderr)).toEqual(["0 errors, 0 warnings, 0 infos in 2 files as of 2026-01-01"]);
    // The same copy, given a file with a syntax error, goes looking for it: the command itself
    // holds no parser of syntax errors.
    writeFileSync(join(alone, "typo.dun"), 'pary globex "Globex Corporation"\n');
    const typo = await runDunWith(join(alone, "cli.js"), ["check", "typo.dun", "--today", "2026-01-01"], alone);
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain("Cannot find module './chevrotain.js'");
  });

  it("reports a syntax error with chevrotain's message from the bundle beside the command", async () => {
    const folder = join(tmp, "typo");
    mkdirSync(folder, { recursive: true });
    // `pary` for `party`: the header line's first word is neither a date nor `party`/`policy`.
    writeFileSync(join(folder, "typo.dun"), 'pary globex "Globex Corporation"\n');
    const run = await dun(["check", "typo.dun", "--today", "2026-01-01"], folder);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("typo.dun:1:1: error syntax: expected a date, `party` or `policy` at the start of a header line, found `pary`; did you mean `party`?");
  });
});

// --- dun check: text -------------------------------------------------------------------------

describe.concurrent("dun check, text output", () => {
  // As of 2026-02-20 (hand-worked from the fixture texts):
  // - check/archive/old.dun line 11 `  due 2026-01-01`: the due date is before the invoice date
  //   2026-01-10: date-order (warning) on the `due` line, which starts in column 3.
  // - check/archive/old.dun line 17 `2026-01-05 payment OLD-1 500.00`: a payment dated before
  //   its invoice: date-order (warning) on the payment header, column 1. The payment still
  //   pays OLD-1 in full, so OLD-1 is not overdue.
  // - check/ledger.dun line 19 `2026-02-15 reminder INV-1 INV-2 via email`: `INV-2` names no
  //   invoice: unknown-ref (error) on the id, which starts in column 27 (10 date + 1 +
  //   8 `reminder` + 1 + 5 `INV-1` + 1 = 26 characters before it); nearest invoice `INV-1`.
  //   INV-1 itself is due 2026-03-03 (net 30 by default), so not late yet.
  // Files sort by path: `archive/old.dun` before `ledger.dun`.
  const messages = [
    "warning date-order: due date 2026-01-01 is before the invoice date 2026-01-10",
    "warning date-order: payment dated 2026-01-05 is before invoice `OLD-1` of 2026-01-10",
    "error unknown-ref: no invoice `INV-2`; did you mean `INV-1`?",
  ];
  const expectedFrom = (prefix: string) => [
    `${prefix}archive/old.dun:11:3: ${messages[0]}`,
    `${prefix}archive/old.dun:17:1: ${messages[1]}`,
    `${prefix}ledger.dun:19:27: ${messages[2]}`,
  ];

  it("prints path:line:col: severity code: message, sorted, relative to the repository root, exit 1 on an error", async () => {
    const run = await dun(["check", CHECK, "--today", "2026-02-20"]);
    expect(linesOf(run.stdout)).toEqual(expectedFrom(`${CHECK}/`));
    expect(run.code).toBe(1);
  });

  it("shows paths relative to the working directory when run inside the fixture folder", async () => {
    const run = await dun(["check", "--today", "2026-02-20"], join(REPO, CHECK));
    expect(linesOf(run.stdout)).toEqual(expectedFrom(""));
    expect(run.code).toBe(1);
  });

  it("shows paths with .. when the files lie above the working directory", async () => {
    const run = await dun(["check", "..", "--today", "2026-02-20"], join(REPO, CHECK, "archive"));
    expect(linesOf(run.stdout)).toEqual([
      `old.dun:11:3: ${messages[0]}`,
      `old.dun:17:1: ${messages[1]}`,
      `../ledger.dun:19:27: ${messages[2]}`,
    ]);
    expect(run.code).toBe(1);
  });

  it("ends quietly with its summary and status when the reader closes the pipe early (`dun check | head`)", async () => {
    // The fixture's one error and two warnings, in its two files.
    const run = await runDunReaderGone(["check", CHECK, "--today", "2026-02-20"], REPO);
    expect(run).toEqual({ code: 1, stderr: "1 error, 2 warnings, 0 infos in 2 files as of 2026-02-20\n" });
  });

  it("checks a single file, and exits 0 when there are only warnings", async () => {
    // old.dun alone defines everything it names (its party, contract and invoice).
    const run = await dun(["check", `${CHECK}/archive/old.dun`, "--today", "2026-02-20"]);
    expect(linesOf(run.stdout)).toEqual(expectedFrom(`${CHECK}/`).slice(0, 2));
    expect(run.code).toBe(0);
  });
});

// --- dun check: JSON -------------------------------------------------------------------------

describe.concurrent("dun check --format json", () => {
  it("prints today, the number of files and every diagnostic with its 1-based range", async () => {
    const run = await dun(["check", CHECK, "--today", "2026-02-20", "--format", "json"]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { today: string; files: number; diagnostics: JsonDiagnostic[] };
    expect(Object.keys(result).sort()).toEqual(["diagnostics", "files", "today"]);
    expect(result.today).toBe("2026-02-20");
    expect(result.files).toBe(2);
    expect(result.diagnostics).toHaveLength(3);
    for (const d of result.diagnostics) {
      expect(Object.keys(d).sort()).toEqual(["code", "column", "endColumn", "endLine", "file", "line", "message", "severity"]);
    }
    // The unknown id `INV-2` on line 19: columns 27..31, so endColumn (exclusive, as ESLint's) 32.
    expect(result.diagnostics.find((d) => d.code === "unknown-ref")).toEqual({
      file: `${CHECK}/ledger.dun`,
      line: 19,
      column: 27,
      endLine: 19,
      endColumn: 32,
      severity: "error",
      code: "unknown-ref",
      message: "no invoice `INV-2`; did you mean `INV-1`?",
    });
    // The payment header `2026-01-05 payment OLD-1 500.00` is 31 characters: columns 1..31.
    expect(result.diagnostics.find((d) => d.code === "date-order" && d.line === 17)).toEqual({
      file: `${CHECK}/archive/old.dun`,
      line: 17,
      column: 1,
      endLine: 17,
      endColumn: 32,
      severity: "warning",
      code: "date-order",
      message: "payment dated 2026-01-05 is before invoice `OLD-1` of 2026-01-10",
    });
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}:${d.code}`)).toEqual([
      `${CHECK}/archive/old.dun:11:3:date-order`,
      `${CHECK}/archive/old.dun:17:1:date-order`,
      `${CHECK}/ledger.dun:19:27:unknown-ref`,
    ]);
  });
});

// --- walking ---------------------------------------------------------------------------------

describe.concurrent("finding .dun files", () => {
  it("walks nested folders and skips node_modules and dot-folders", async () => {
    const run = await dun(["check", "--format", "json", "--today", "2026-02-20"], join(tmp, "walk"));
    const result = JSON.parse(run.stdout) as { files: number; diagnostics: JsonDiagnostic[] };
    // top.dun and deep/er/still/nested.dun; the three broken files would each be a syntax error.
    expect(result.files).toBe(2);
    expect(result.diagnostics).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("still reads a skipped file when it is named (so the skip above is the walk's)", async () => {
    const run = await dun(["check", "node_modules/pkg/broken.dun", "--format", "json", "--today", "2026-02-20"], join(tmp, "walk"));
    const result = JSON.parse(run.stdout) as { files: number; diagnostics: JsonDiagnostic[] };
    expect(result.files).toBe(1);
    expect(result.diagnostics.map((d) => d.file)).toContain("node_modules/pkg/broken.dun");
    expect(result.diagnostics.some((d) => d.code === "syntax" && d.severity === "error")).toBe(true);
    expect(run.code).toBe(1);
  });

  it("takes several paths as one workspace", async () => {
    // As of 2026-04-17: old.dun gives its two date-order warnings (OLD-1 stays paid);
    // nocontract/bakery.dun line 7 is B-1, made out straight to `bob` and due 2026-04-01 + 30
    // = 2026-05-01, so not late yet: only no-contract (info). No error: exit 0.
    const run = await dun(["check", `${CHECK}/archive/old.dun`, `${FIX}/nocontract`, "--today", "2026-04-17", "--format", "json"]);
    const result = JSON.parse(run.stdout) as { files: number; diagnostics: JsonDiagnostic[] };
    expect(result.files).toBe(2);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.severity}:${d.code}`)).toEqual([
      `${CHECK}/archive/old.dun:11:warning:date-order`,
      `${CHECK}/archive/old.dun:17:warning:date-order`,
      `${FIX}/nocontract/bakery.dun:7:info:no-contract`,
    ]);
    expect(run.code).toBe(0);
  });

  it("counts a file once when it is named and also inside a named folder", async () => {
    const run = await dun(["check", CHECK, `${CHECK}/ledger.dun`, "--today", "2026-02-20", "--format", "json"]);
    const result = JSON.parse(run.stdout) as { files: number; diagnostics: JsonDiagnostic[] };
    expect(result.files).toBe(2);
    expect(result.diagnostics).toHaveLength(3);
  });
});

// --- dun status ------------------------------------------------------------------------------

describe.concurrent("dun status", () => {
  // Hand-worked, as of 2026-04-17 (status/globex.dun):
  //
  // INV-1: 10,000.00 USD dated 2026-02-01 under C-1 (net 30) -> due 2026-03-03.
  //   Days late: 2026-03-03 -> 2026-04-17 = 28 (to 03-31) + 17 = 45.
  //   Paid 4,000.00 on 2026-03-20 -> balance 6,000.00.
  //   Late fee 1.5% monthly: month 1 completes 2026-04-03 (open principal that day 6,000.00)
  //     -> 90.00; month 2 would complete 2026-05-03, after today. lateFees 90.00.
  //   Interest 10% yearly, actual/365, on each day late 2026-03-04 .. 2026-04-17:
  //     03-04 .. 03-19: 16 days at 10,000.00 (the payment counts from its own date, 03-20)
  //     03-20 .. 04-17: 12 + 17 = 29 days at 6,000.00
  //     0.10 / 365 × (16 × 10,000 + 29 × 6,000) = 33,400 / 365 = 91.5068… -> 91.51.
  //   Total due 6,000.00 + 90.00 + 91.51 = 6,181.51.
  //   Ladder (standard, from 03-03): reminder (1d) taken by the reminder of 03-04; call (3d)
  //   taken by the call of 03-06 (covers every globex invoice open that day). Next: demand,
  //   14d -> 2026-03-17, not final. No promise, dispute or plan: state open.
  // INV-2: 2,500.00 dated 2026-02-15 -> due 2026-03-17 (13 days to 02-28, then 17);
  //   paid in full 2026-03-10, before it fell due: balance 0.00, no fee, no interest; state
  //   paid, nextStep null; daysLate is still the plain count 2026-03-17 -> 04-17 = 31.
  const INV1 = {
    id: "INV-1",
    debtor: "globex",
    creditor: "acme",
    currency: "USD",
    amount: "10000.00",
    paid: "4000.00",
    credited: "0.00",
    balance: "6000.00",
    due: "2026-03-03",
    daysLate: 45,
    lateFees: "90.00",
    interest: "91.51",
    totalDue: "6181.51",
    state: "open",
    nextStep: { kind: "demand", final: false, due: "2026-03-17" },
  };
  const INV2 = {
    id: "INV-2",
    debtor: "globex",
    creditor: "acme",
    currency: "USD",
    amount: "2500.00",
    paid: "2500.00",
    credited: "0.00",
    balance: "0.00",
    due: "2026-03-17",
    daysLate: 31,
    lateFees: "0.00",
    interest: "0.00",
    totalDue: "0.00",
    state: "paid",
    nextStep: null,
  };

  it("--format json gives every invoice's figures as §6 defines them", async () => {
    const run = await dun(["status", STATUS, "--today", "2026-04-17", "--format", "json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { today: string; invoices: { id: string }[] };
    expect(Object.keys(result).sort()).toEqual(["invoices", "today"]);
    expect(result.today).toBe("2026-04-17");
    expect(result.invoices).toHaveLength(2);
    expect(result.invoices.find((i) => i.id === "INV-1")).toEqual(INV1);
    expect(result.invoices.find((i) => i.id === "INV-2")).toEqual(INV2);
  });

  it("--policy names the ladder for invoices whose contract names none", async () => {
    // status/globex.dun defines `policy patient`: reminder 7d, demand 60d. For INV-1 (due
    // 2026-03-03) the reminder of 2026-03-04 takes the reminder step (taken on or after the
    // due date), so the next step is the demand, due 2026-03-03 + 60 = 2026-05-02, still ahead.
    const run = await dun(["status", STATUS, "--today", "2026-04-17", "--format", "json", "--policy", "patient"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { invoices: { id: string }[] };
    expect(result.invoices.find((i) => i.id === "INV-1")).toEqual({
      ...INV1,
      nextStep: { kind: "demand", final: false, due: "2026-05-02" },
    });
  });

  it("text: the aging table puts globex's 45-days-late balance under 31-60, and the open invoice shows its next step", async () => {
    const run = await dun(["status", STATUS, "--today", "2026-04-17"]);
    expect(run.code).toBe(0);
    const lines = linesOf(run.stdout);
    const header = lines.find((line) => /^\s*debtor\s/.test(line));
    expect(header, run.stdout).toBeDefined();
    const columns = header!.trim().split(/\s+/);
    for (const bucket of ["current", "1-30", "31-60", "61-90", "90+"]) expect(columns).toContain(bucket);
    const row = lines.find((line) => /^\s*globex\s/.test(line));
    expect(row, run.stdout).toBeDefined();
    const values = row!.trim().split(/\s+/);
    expect(values).toHaveLength(columns.length);
    expect(values[columns.indexOf("31-60")]).toBe("6,000.00");
    for (const bucket of ["current", "1-30", "61-90", "90+"]) expect(values[columns.indexOf(bucket)]).toMatch(/^(0(\.00)?|-)?$/);
    // The open invoices: INV-1 only (INV-2 is paid), with its next step and since when.
    const open = lines.filter((line) => /^\s*INV-\d/.test(line));
    expect(open).toHaveLength(1);
    expect(open[0]!.trim().split(/\s+/)[0]).toBe("INV-1");
    expect(open[0]).toContain("6,000.00");
    expect(open[0]).toContain("6,181.51");
    expect(open[0]).toMatch(/demand.*2026-03-17/);
    expect(open[0]).not.toMatch(/final/);
  });
});

// --- usage errors ----------------------------------------------------------------------------

describe.concurrent("usage errors: exit 2, one line on stderr naming the problem, nothing on stdout", () => {
  const cases: { name: string; args: () => string[]; cwd?: () => string; names: string | RegExp }[] = [
    { name: "an unknown flag", args: () => ["check", CHECK, "--bogus"], names: "--bogus" },
    { name: "a month 13", args: () => ["check", CHECK, "--today", "2026-13-01"], names: "2026-13-01" },
    { name: "February 30", args: () => ["check", CHECK, "--today", "2026-02-30"], names: "2026-02-30" },
    { name: "a date that is a word", args: () => ["check", CHECK, "--today", "yesterday"], names: "yesterday" },
    { name: "an unknown format", args: () => ["check", CHECK, "--format", "xml"], names: "xml" },
    // Named as the user typed it (relative), not as an absolute path.
    { name: "a path that does not exist", args: () => ["check", `${FIX}/does-not-exist`], names: /(^|[\s'"`])test\/fixtures\/cli\/does-not-exist\b/ },
    { name: "an unknown level", args: () => ["check", CHECK, "--rule", "overdue=loud"], names: "overdue=loud" },
    { name: "an unknown code", args: () => ["check", CHECK, "--rule", "nonsense=off"], names: "nonsense" },
    { name: "an unknown command", args: () => ["frobnicate", CHECK], names: "frobnicate" },
    { name: "an unknown currency", args: () => ["status", STATUS, "--currency", "XYZ"], names: "XYZ" },
    // The ledgers define no policy `nosuch`: a mistyped --policy must not silently fall back to `standard`.
    { name: "a --policy no ledger defines", args: () => ["status", STATUS, "--policy", "nosuch"], names: "nosuch" },
    { name: "a --root that does not exist", args: () => ["check", CHECK, "--root", `${FIX}/no-such-root`], names: "no-such-root" },
    { name: "a binary file named x.dun", args: () => ["check", "binary"], cwd: () => tmp, names: "x.dun" },
    { name: "a file that is not UTF-8", args: () => ["check", "latin1/y.dun"], cwd: () => tmp, names: /y\.dun.*UTF-8/ },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      const run = await dun(c.args(), c.cwd?.() ?? REPO);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      const lines = linesOf(run.stderr);
      expect(lines, run.stderr).toHaveLength(1);
      if (typeof c.names === "string") expect(lines[0]).toContain(c.names);
      else expect(lines[0]).toMatch(c.names);
    });
  }
});

// --- --rule ----------------------------------------------------------------------------------

describe.concurrent("--rule CODE=LEVEL", () => {
  it("off removes a code's lines; the rest stay", async () => {
    // status/globex.dun on 2026-04-17 (figures worked out in "dun status" above): INV-1 is
    // overdue, and its next step `demand` has been due since 2026-03-17 and not taken.
    const before = await dun(["check", STATUS, "--today", "2026-04-17"]);
    expect(before.code).toBe(0);
    const overdue = linesOf(before.stdout).filter((line) => / warning overdue: /.test(line));
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatch(
      /^test\/fixtures\/cli\/status\/globex\.dun:18:\d+: warning overdue: `INV-1` is 45 days late \(due 2026-03-03\): balance 6,000\.00 USD, late fees 90\.00 USD, interest 91\.51 USD, total due 6,181\.51 USD$/,
    );
    expect(before.stdout).toContain("warning step-due: `INV-1`: next step `demand` due since 2026-03-17 (deadline 10 days, via certified-mail)");

    const after = await dun(["check", STATUS, "--today", "2026-04-17", "--rule", "overdue=off"]);
    expect(after.code).toBe(0);
    expect(after.stdout).not.toMatch(/ overdue: /);
    expect(linesOf(after.stdout)).toEqual(linesOf(before.stdout).filter((line) => !/ warning overdue: /.test(line)));
  });

  it("error raises a code's severity, and the exit status with it", async () => {
    const plain = await dun(["check", `${FIX}/nocontract`, "--today", "2026-04-17"]);
    // nocontract/bakery.dun on 2026-04-17: B-1 (line 7) is not due until 2026-05-01; its only
    // diagnostic is no-contract, an info.
    const lines = linesOf(plain.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^test\/fixtures\/cli\/nocontract\/bakery\.dun:7:\d+: info no-contract: /);
    expect(plain.code).toBe(0);
    const raised = await dun(["check", `${FIX}/nocontract`, "--today", "2026-04-17", "--rule", "no-contract=error"]);
    expect(raised.stdout).toMatch(/bakery\.dun:7:\d+: error no-contract: /);
    expect(raised.code).toBe(1);
  });
});

// --- help ------------------------------------------------------------------------------------

describe.concurrent("--help", () => {
  const FLAGS = ["--today", "--root", "--format", "--currency", "--policy", "--rule", "--help"];

  it("dun --help names both commands and exits 0", async () => {
    const run = await dun(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\bcheck\b/);
    expect(run.stdout).toMatch(/\bstatus\b/);
    expect(run.stdout).toContain("--help");
  });

  for (const command of ["check", "status"]) {
    it(`dun ${command} --help lists every documented flag and exits 0`, async () => {
      const run = await dun([command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`dun ${command}`);
      for (const flag of FLAGS) expect(run.stdout).toContain(flag);
      for (const level of ["error", "warning", "info", "off"]) expect(run.stdout).toContain(level);
    });
  }
});

// --- --root ----------------------------------------------------------------------------------

describe.concurrent("--root", () => {
  it("by default the workspace is the git repository, which holds ../outside.pdf", async () => {
    const run = await dun(["check", `${FIX}/root/ws`, "--today", "2026-02-20", "--format", "json"]);
    const result = JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] };
    expect(result.diagnostics.filter((d) => d.code.startsWith("evidence-"))).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("with --root the fixture folder, ../outside.pdf leaves the workspace: evidence-outside", async () => {
    const run = await dun(["check", `${FIX}/root/ws`, "--root", `${FIX}/root/ws`, "--today", "2026-02-20", "--format", "json"]);
    const result = JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] };
    // case.dun line 9: `  evidence "../outside.pdf"`, reported on the evidence line.
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.severity}:${d.code}`)).toEqual([
      `${FIX}/root/ws/case.dun:9:error:evidence-outside`,
    ]);
    expect(run.code).toBe(1);
  });
});

// --- the bundled examples --------------------------------------------------------------------

describe.concurrent("examples/", () => {
  it("reports the deliberate mistakes examples/README.md lists, and exits 1", async () => {
    const run = await dun(["check", "examples", "--today", "2026-05-04", "--format", "json"]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { files: number; diagnostics: JsonDiagnostic[] };
    const codes = new Set(result.diagnostics.map((d) => d.code));
    for (const code of [
      "overdue", "step-due", "deadline-passed", "promise-broken", "installment-missed", "no-delivery",
      "missing-evidence", "missing-receipt", "no-work-proof", "no-contract", "dispute-open",
      "no-decision-maker", "items-mismatch", "overpaid", "date-order", "evidence-not-found",
      "unknown-ref", "currency-mismatch",
    ]) {
      expect(codes, code).toContain(code);
    }
    // The README: exactly three kinds of error, each deliberate.
    expect(new Set(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))).toEqual(
      new Set(["evidence-not-found", "unknown-ref", "currency-mismatch"]),
    );
    for (const d of result.diagnostics) expect(d.file.startsWith("examples/")).toBe(true);
  });
});
