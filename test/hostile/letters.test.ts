/**
 * Letters never overwrite a byte, even when two runs race: `dun letter` started six times at
 * once writes six letters under six names; a file or a link already at a letter's name is
 * left as it was (exclusive create does not follow the link); `--record` run concurrently
 * only ever appends, and the ledger keeps every byte it had. Failures write nothing.
 */
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDun } from "../../grammar";
import { runDun } from "../runCli";

const TODAY = "2026-05-04";
const LEDGER = `party acme "Acme Security LLC"\n  self\n  address "12 Harbor Road"\n  pay "Wire to Bank, account 1"\n\nparty globex "Globex Corporation"\n  address "500 Market Street"\n\n2026-02-01 invoice INV-1 globex 1,000.00\n`;
const STEM = `${TODAY}-globex-demand`;

let base = "";
afterEach(() => {
  if (base) rmSync(base, { recursive: true, force: true });
  base = "";
});

/** A git workspace `ws` (so it is the root) with the ledger, and an `outside` folder beside it. */
function workspace(): { ws: string; outside: string } {
  base = realpathSync(mkdtempSync(join(tmpdir(), "dun-hostile-letters-")));
  const ws = join(base, "ws");
  const outside = join(base, "outside");
  mkdirSync(join(ws, ".git"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(ws, "ledger.dun"), LEDGER);
  return { ws, outside };
}

const dun = (args: string[], cwd: string, killAfterMs = 20_000) => runDun(args, cwd, killAfterMs);

const letter = (ws: string, extra: string[] = []) => dun(["letter", "globex", "--today", TODAY, ...extra], ws);

describe("letters never overwrite", () => {
  it("six runs at once write six letters under six names, each whole", async () => {
    const { ws } = workspace();
    const runs = await Promise.all(Array.from({ length: 6 }, () => letter(ws)));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const names = readdirSync(join(ws, "letters")).sort();
    expect(names).toEqual([`${STEM}-2.md`, `${STEM}-3.md`, `${STEM}-4.md`, `${STEM}-5.md`, `${STEM}-6.md`, `${STEM}.md`]);
    // Each run reports the one file it wrote; together, every file once.
    expect(runs.map((r) => r.stdout.trim()).sort()).toEqual(names.map((n) => `letters/${n}`).sort());
    const texts = names.map((n) => readFileSync(join(ws, "letters", n), "utf8"));
    for (const text of texts) expect(text).toBe(texts[0]);
    expect(texts[0]).toContain("1,000.00");
  });

  it("a file already at the letter's name is left as it was", async () => {
    const { ws } = workspace();
    mkdirSync(join(ws, "letters"));
    writeFileSync(join(ws, "letters", `${STEM}.md`), "my own notes\n");
    const run = await letter(ws, ["--pdf"]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(ws, "letters", `${STEM}.md`), "utf8")).toBe("my own notes\n");
    // The Markdown letter and its PDF share the next free name.
    expect(existsSync(join(ws, "letters", `${STEM}-2.md`))).toBe(true);
    expect(existsSync(join(ws, "letters", `${STEM}-2.pdf`))).toBe(true);
    expect(existsSync(join(ws, "letters", `${STEM}.pdf`))).toBe(false);
  });

  it("a link at the letter's name is not followed: the file it points to is untouched", async () => {
    const { ws, outside } = workspace();
    mkdirSync(join(ws, "letters"));
    writeFileSync(join(outside, "target.txt"), "precious\n");
    symlinkSync(join(outside, "target.txt"), join(ws, "letters", `${STEM}.md`));
    symlinkSync(join(outside, "nothing-yet.txt"), join(ws, "letters", `${STEM}-2.md`)); // dangling: creating it would write outside
    const run = await letter(ws);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(outside, "target.txt"), "utf8")).toBe("precious\n");
    expect(existsSync(join(outside, "nothing-yet.txt"))).toBe(false);
    expect(lstatSync(join(ws, "letters", `${STEM}-3.md`)).isFile()).toBe(true);
  });

  it("four --record runs at once only append: the ledger keeps every byte and parses", async () => {
    const { ws } = workspace();
    const runs = await Promise.all(Array.from({ length: 4 }, () => letter(ws, ["--record"])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(join(ws, "ledger.dun"), "utf8");
    expect(text.startsWith(LEDGER)).toBe(true);
    expect(text.match(/^2026-05-04 demand INV-1 via /gm)).toHaveLength(4);
    expect(parseDun(text).errors).toEqual([]);
  });

  it("a letter that cannot be written (unknown debtor, bad paper, nothing owed) writes nothing", async () => {
    const { ws } = workspace();
    const before = readFileSync(join(ws, "ledger.dun"), "utf8");
    for (const args of [["letter", "nosuch", "--today", TODAY, "--record"], ["letter", "globex", "--paper", "a5"], ["letter", "globex", "--today", "2026-02-02", "--record"]]) {
      const run = await dun(args, ws);
      expect(run.code, `${args.join(" ")}: ${run.stdout}`).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(existsSync(join(ws, "letters"))).toBe(false);
    expect(readFileSync(join(ws, "ledger.dun"), "utf8")).toBe(before);
  });
});

describe("letter and template paths stay inside the workspace", () => {
  it("a `letters` folder that is a link out of the workspace is refused", async () => {
    const { ws, outside } = workspace();
    symlinkSync(outside, join(ws, "letters"));
    const run = await letter(ws);
    expect(readdirSync(outside)).toEqual([]);
    expect(run.code).toBe(2);
  });

  it("a template that is a link to a file outside is not read", async () => {
    const { ws, outside } = workspace();
    writeFileSync(join(outside, "secret.md"), "SECRET {{debtor.name}}\n");
    mkdirSync(join(ws, "templates"));
    symlinkSync(join(outside, "secret.md"), join(ws, "templates", "demand.md"));
    const run = await letter(ws);
    const written = existsSync(join(ws, "letters")) ? readdirSync(join(ws, "letters")).map((n) => readFileSync(join(ws, "letters", n), "utf8")) : [];
    expect(written.join("")).not.toContain("SECRET");
    expect(run.code).toBe(2);
  });

  it("a template that is a FIFO is refused at once", async () => {
    const { ws } = workspace();
    mkdirSync(join(ws, "templates"));
    execFileSync("mkfifo", [join(ws, "templates", "demand.md")]);
    const run = await dun(["letter", "globex", "--today", TODAY], ws, 4000);
    expect(run.code).toBe(2);
  });
});
