/**
 * `dun letter` as a user runs it: `node dist/cli.js letter …` (the bundle vitest's
 * globalSetup builds) in temporary copies of the example cases, never in examples/ itself.
 * Figures as of 2026-05-04 are worked out by hand in test/letters.test.ts and
 * examples/README.md: globex owes 58,762.13 USD (16,804.38 + 22,223.54 + 19,734.21); a first
 * demand's deadline is 10 days out (2026-05-14), a final demand's 7 (2026-05-11).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDun } from "../grammar";
import { runDun } from "./runCli";

const REPO = resolve(__dirname, "..");
const CLI = join(REPO, "dist", "cli.js");
const EXAMPLES = join(REPO, "examples");
const TODAY = ["--today", "2026-05-04"];


const dun = runDun;

const linesOf = (text: string) => text.split(/\r?\n/).filter((line) => line !== "");

let tmp = "";
let examplesLetters: string[] = [];

/** A fresh copy of an example folder (or several) in its own temporary folder; returns the copy of the first. */
function copyOf(...cases: string[]): string {
  const dir = mkdtempSync(join(tmp, "case-"));
  for (const name of cases) cpSync(join(EXAMPLES, name), join(dir, name), { recursive: true });
  return join(dir, cases[0]!);
}

function pdftotext(path: string): string {
  const run = spawnSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  return run.stdout;
}

interface JsonDiagnostic {
  file: string;
  code: string;
  severity: string;
  message: string;
}

async function diagnostics(cwd: string): Promise<JsonDiagnostic[]> {
  const run = await dun(["check", ".", ...TODAY, "--format", "json"], cwd);
  return (JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: vitest's globalSetup builds it");
  // realpath: on macOS the temporary folder is reached through a symlink. Outside any git
  // repository, so the workspace root of each copy is the folder the command runs in.
  tmp = realpathSync(mkdtempSync(join(tmpdir(), "dun-letters-")));
  examplesLetters = readdirSync(join(EXAMPLES, "acme-security", "letters")).sort();
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  // Nothing was written into the examples themselves.
  expect(readdirSync(join(EXAMPLES, "acme-security", "letters")).sort()).toEqual(examplesLetters);
});

describe.concurrent("dun letter", () => {
  it("writes a first demand beside the case file, and a second one under -2, never overwriting", async () => {
    const acme = copyOf("acme-security");
    const first = await dun(["letter", "globex", ...TODAY], acme);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(linesOf(first.stdout)).toEqual(["letters/2026-05-04-globex-demand.md"]);
    const text = readFileSync(join(acme, "letters/2026-05-04-globex-demand.md"), "utf8");
    for (const fact of ["Globex Corporation", "Attention: Hank Scorpio, Chief Financial Officer", "Invoices 1001, 1002 and 1003", "**58,762.13 USD**", "**May 14, 2026**", "16,804.38", "22,223.54", "19,734.21"]) {
      expect(text).toContain(fact);
    }
    const second = await dun(["letter", "globex", ...TODAY], acme);
    expect(second.code).toBe(0);
    expect(linesOf(second.stdout)).toEqual(["letters/2026-05-04-globex-demand-2.md"]);
    expect(readFileSync(join(acme, "letters/2026-05-04-globex-demand.md"), "utf8")).toBe(text);
    const third = await dun(["letter", "globex", ...TODAY], acme);
    expect(linesOf(third.stdout)).toEqual(["letters/2026-05-04-globex-demand-3.md"]);
  });

  it("--pdf writes a PDF beside it that pdftotext reads: debtor, invoice numbers, total", async () => {
    const acme = copyOf("acme-security");
    const run = await dun(["letter", "globex", ...TODAY, "--pdf"], acme);
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual(["letters/2026-05-04-globex-demand.md", "letters/2026-05-04-globex-demand.pdf"]);
    const pdf = readFileSync(join(acme, "letters/2026-05-04-globex-demand.pdf"));
    expect(pdf.subarray(0, 4).toString("latin1")).toBe("%PDF");
    const text = pdftotext(join(acme, "letters/2026-05-04-globex-demand.pdf"));
    for (const fact of ["Globex Corporation", "1001", "1002", "1003", "58,762.13 USD"]) expect(text).toContain(fact);
    // A .pdf already there takes the Markdown letter to -2 as well: the two keep one name.
    writeFileSync(join(acme, "letters/2026-05-04-globex-demand-2.pdf"), "not ours");
    const again = await dun(["letter", "globex", ...TODAY, "--pdf", "--paper", "a4"], acme);
    expect(linesOf(again.stdout)).toEqual(["letters/2026-05-04-globex-demand-3.md", "letters/2026-05-04-globex-demand-3.pdf"]);
    expect(readFileSync(join(acme, "letters/2026-05-04-globex-demand-2.pdf"), "utf8")).toBe("not ours");
    expect(existsSync(join(acme, "letters/2026-05-04-globex-demand-2.md"))).toBe(false);
    expect(readFileSync(join(acme, "letters/2026-05-04-globex-demand-3.pdf")).toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
  });

  it("--record appends the demand to the case file; it parses, cites the letter, and the demand step is no longer due", async () => {
    const acme = copyOf("acme-security");
    const before = await diagnostics(acme);
    // INV-1002 (due 03-31) has had its first demand step due since 03-31 + 14d = 04-14.
    expect(before.filter((d) => d.code === "step-due").map((d) => d.message)).toContain("`INV-1002`: next step `demand` due since 2026-04-14 (deadline 10 days, via certified-mail)");
    const run = await dun(["letter", "globex", ...TODAY, "--pdf", "--record"], acme);
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      "letters/2026-05-04-globex-demand.md",
      "letters/2026-05-04-globex-demand.pdf",
      "recorded in globex.dun: 2026-05-04 demand INV-1001 INV-1002 INV-1003 via certified-mail",
    ]);
    // globex.dun holds the case's latest entry (the 04-06 call); parties.dun is left alone.
    expect(readFileSync(join(acme, "parties.dun"), "utf8")).toBe(readFileSync(join(EXAMPLES, "acme-security/parties.dun"), "utf8"));
    const text = readFileSync(join(acme, "globex.dun"), "utf8");
    const original = readFileSync(join(EXAMPLES, "acme-security/globex.dun"), "utf8");
    expect(text).toBe(
      `${original}\n2026-05-04 demand INV-1001 INV-1002 INV-1003 via certified-mail\n  deadline 10d\n  evidence "letters/2026-05-04-globex-demand.pdf"\n  evidence "letters/2026-05-04-globex-demand.md"\n`,
    );
    const tree = parseDun(text);
    expect(tree.errors).toEqual([]);
    const entry = tree.entries[tree.entries.length - 1]!;
    expect(entry.kind).toBe("demand");
    const evidence = entry.kind === "demand" ? entry.properties.flatMap((p) => (p.name === "evidence" ? [p.path.value] : [])) : [];
    expect(evidence).toHaveLength(2);
    for (const path of evidence) expect(existsSync(join(dirname(join(acme, "globex.dun")), path))).toBe(true);
    const after = await diagnostics(acme);
    expect(after.filter((d) => d.code === "step-due" && /next step `demand`/.test(d.message))).toEqual([]);
    expect(after.filter((d) => d.severity === "error")).toEqual([]);
    expect(after.filter((d) => d.code === "evidence-not-found")).toEqual([]);
  });

  it("--final names the first demand's date, deadline 7 days and the next step the day after; --record marks it final", async () => {
    const builder = copyOf("contractor-plan");
    const before = await diagnostics(builder);
    expect(before.some((d) => d.code === "step-due" && /`HD-0238`: next step `final demand`/.test(d.message))).toBe(true);
    const run = await dun(["letter", "marlowe", "--final", "--record", ...TODAY], builder);
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      "letters/2026-05-04-marlowe-final-demand.md",
      "recorded in marlowe.dun: 2026-05-04 demand HD-0238 via certified-mail",
    ]);
    const letter = readFileSync(join(builder, "letters/2026-05-04-marlowe-final-demand.md"), "utf8");
    for (const fact of ["Letter before action", "On 18 March 2026 we sent you a formal demand", "**6,166.00 GBP**", "**11 May 2026**", "on **12 May 2026** we will refer this debt to a collection agency"]) {
      expect(letter).toContain(fact);
    }
    expect(readFileSync(join(builder, "marlowe.dun"), "utf8")).toMatch(/\n2026-05-04 demand HD-0238 via certified-mail\n  deadline 7d\n  final\n  evidence "letters\/2026-05-04-marlowe-final-demand.md"\n$/);
    const after = await diagnostics(builder);
    expect(after.filter((d) => d.code === "step-due" && /`HD-0238`: next step `final demand`/.test(d.message))).toEqual([]);
  });

  it("--statement writes a statement of account with the running balance, disputed invoices apart", async () => {
    const agency = copyOf("agency-dispute");
    const run = await dun(["letter", "pinecrest", "--statement", ...TODAY], agency);
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual(["letters/2026-05-04-pinecrest-statement.md"]);
    const text = readFileSync(join(agency, "letters/2026-05-04-pinecrest-statement.md"), "utf8");
    // 4,800.00 - 4,825.00 + 6,200.00 - 700.00 + 50.00 fee = 5,525.00
    expect(text).toContain("| | **Balance due** | | | **5,525.00 USD** |");
    expect(text).toContain("### Invoices in dispute");
    expect(text).toContain("Invoice FN-1063 of March 31, 2026, 4,800.00 USD");
  });

  it("--out writes where it is told, and --format json reports the files", async () => {
    const freelancer = copyOf("freelancer-logo");
    const run = await dun(["letter", "MO-2026-007", ...TODAY, "--out", "out/letters", "--format", "json"], freelancer);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      kind: "demand", debtor: "bramble", invoices: ["MO-2026-007"], written: ["out/letters/2026-05-04-bramble-demand.md"], recorded: null,
    });
    expect(readFileSync(join(freelancer, "out/letters/2026-05-04-bramble-demand.md"), "utf8")).toContain("you owe us **850.00 USD**");
  });

  it("uses the workspace's templates/demand.md", async () => {
    const acme = copyOf("acme-security");
    mkdirSync(join(acme, "templates"));
    writeFileSync(join(acme, "templates/demand.md"), "{{debtor.name}} owes {{total}}; pay by {{deadline}}.\n");
    const run = await dun(["letter", "globex", ...TODAY], acme);
    expect(run.code).toBe(0);
    expect(readFileSync(join(acme, "letters/2026-05-04-globex-demand.md"), "utf8")).toBe("Globex Corporation owes 58,762.13 USD; pay by May 14, 2026.\n");
  });

  it("refuses a broken template with its path and line, and writes nothing", async () => {
    const acme = copyOf("acme-security");
    mkdirSync(join(acme, "templates"));
    writeFileSync(join(acme, "templates/demand.md"), "Dear {{debtor.name}},\n\n{{#accounts}}\nTotal: {{totalDue}}\n");
    const lettersBefore = readdirSync(join(acme, "letters")).sort();
    const run = await dun(["letter", "globex", ...TODAY], acme);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(linesOf(run.stderr)).toEqual(['dun letter: templates/demand.md:3: broken template: section "accounts" is opened here and never closed with {{/accounts}}']);
    expect(readdirSync(join(acme, "letters")).sort()).toEqual(lettersBefore);
  });

  it("prints its help", async () => {
    const run = await dun(["letter", "--help"], tmp);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: dun letter <debtor \| invoice…>/);
    const main = await dun(["--help"], tmp);
    expect(main.stdout).toMatch(/\n {2}letter {3}write a demand/);
  });
});

describe.concurrent("dun letter refuses, exit 2 with one line and nothing written", () => {
  const cases: { name: string; cases: string[]; args: string[]; names: string | RegExp }[] = [
    { name: "no debtor", cases: ["acme-security"], args: [], names: "name a debtor" },
    { name: "an unknown id", cases: ["acme-security"], args: ["globx"], names: "no party or invoice `globx`" },
    { name: "invoices of two debtors", cases: ["acme-security", "contractor-plan"], args: ["INV-1001", "HD-0238", "--in", ".."], names: /one debtor: `HD-0238` is owed by `marlowe`, not `globex`/ },
    { name: "a disputed invoice", cases: ["agency-dispute"], args: ["FN-1063"], names: /`FN-1063` is disputed since 2026-04-20/ },
    { name: "a paid invoice", cases: ["agency-dispute"], args: ["FN-1041"], names: /`FN-1041` is paid/ },
    { name: "a final demand with no first demand", cases: ["freelancer-logo"], args: ["bramble", "--final"], names: /no first demand is recorded/ },
    { name: "--final with --statement", cases: ["acme-security"], args: ["globex", "--final", "--statement"], names: "--final and --statement" },
    { name: "--record with --statement", cases: ["acme-security"], args: ["globex", "--statement", "--record"], names: "--record" },
    { name: "an unknown paper", cases: ["acme-security"], args: ["globex", "--pdf", "--paper", "a5"], names: "--paper a5" },
    { name: "--record with --out outside the workspace", cases: ["acme-security"], args: ["globex", "--record", "--out", "../elsewhere"], names: /outside the workspace/ },
    { name: "--out outside the workspace (the folder is not made)", cases: ["acme-security"], args: ["globex", "--out", "../elsewhere"], names: /elsewhere leads outside the workspace/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const cwd = copyOf(...c.cases);
      const before = readFileSync(join(cwd, readdirSync(cwd).find((f) => f.endsWith(".dun"))!), "utf8");
      const run = await dun(["letter", ...c.args, ...TODAY], cwd);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      const lines = linesOf(run.stderr);
      expect(lines, run.stderr).toHaveLength(1);
      if (typeof c.names === "string") expect(lines[0]).toContain(c.names);
      else expect(lines[0]).toMatch(c.names);
      expect(existsSync(join(cwd, "letters", "2026-05-04-globex-demand.md"))).toBe(false);
      expect(existsSync(join(dirname(cwd), "elsewhere"))).toBe(false);
      expect(readFileSync(join(cwd, readdirSync(cwd).find((f) => f.endsWith(".dun"))!), "utf8")).toBe(before);
    });
  }
});
