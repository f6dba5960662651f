/**
 * Bad input to the command line, beyond what test/cli.test.ts covers: paths that name a FIFO,
 * a folder named `x.dun`, a file deleted between listing and reading, unreadable files,
 * dates and flags at their limits, file names and file contents that carry line breaks or
 * terminal escape sequences. Each usage or I/O failure prints one line on stderr naming the
 * problem, nothing on stdout, and exits 2; and no command run on bad input writes anything
 * (the folder is compared file by file, with sizes and modification times, before and after).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDunFile, UsageError } from "../../server/node/disk";
import { runDun } from "../runCli";

const GOOD = `party acme "Acme"\n  self\n\nparty globex "Globex"\n\n2026-02-01 invoice INV-1 globex 1,000.00\n`;


const dun = runDun;

/** Every file and folder under `dir` with its size and modification time. */
function tree(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const stat = statSync(path, { throwIfNoEntry: false });
      return `${path.slice(dir.length)} ${stat?.size ?? "-"} ${stat?.mtimeMs ?? "-"}`;
    })
    .sort();
}

let tmp = "";

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), "dun-hostile-cli-")));
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(join(tmp, path, ".."), { recursive: true });
    writeFileSync(join(tmp, path), content);
  };
  write("good/ledger.dun", GOOD);
  write("dirdun/x.dun/inner.dun", GOOD);
  write("fifo/ledger.dun", GOOD);
  execFileSync("mkfifo", [join(tmp, "fifo", "pipe.dun")]);
  execFileSync("mkfifo", [join(tmp, "lonefifo.dun")]);
  execFileSync("ln", ["-s", join(tmp, "lonefifo.dun"), join(tmp, "link-to-fifo.dun")]);
  execFileSync("ln", ["-s", "/dev/zero", join(tmp, "zero.dun")]);
  write("crlf/ledger.dun", `\uFEFF${GOOD.replace(/\n/g, "\r\n")}`);
  write("escapes/ledger.dun", `${GOOD}2026-02-01 contract C-1 globex\n  evidence "\u001b[2J\u001b]0;pwned\u0007\u009bfake.pdf"\n`);
  write("names/a\nb.dun", Buffer.from([0x00, 0x01]));
  write("names/ok.dun", GOOD);
  write("utf16/ledger.dun", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, "utf16le")]));
  write("truncated-utf8/ledger.dun", Buffer.concat([Buffer.from(GOOD), Buffer.from([0xe2, 0x82])]));
  write("overlong/ledger.dun", Buffer.concat([Buffer.from(GOOD), Buffer.from([0xc0, 0xaf])]));
  write("surrogate/ledger.dun", Buffer.concat([Buffer.from(GOOD), Buffer.from([0xed, 0xa0, 0x80])]));
  write("locked/ledger.dun", GOOD);
  chmodSync(join(tmp, "locked", "ledger.dun"), 0o000);
});

afterAll(() => {
  if (tmp) {
    chmodSync(join(tmp, "locked", "ledger.dun"), 0o644);
    rmSync(tmp, { recursive: true, force: true });
  }
});

const lines = (text: string) => text.split(/\r?\n/).filter((line) => line !== "");

/** Exit 2, one line on stderr matching `names`, nothing on stdout, nothing written. */
async function expectUsageError(args: string[], names: string | RegExp, cwd = tmp): Promise<string> {
  const before = tree(tmp);
  const run = await dun(args, cwd);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  expect(lines(run.stderr), run.stderr).toHaveLength(1);
  if (typeof names === "string") expect(run.stderr).toContain(names);
  else expect(run.stderr).toMatch(names);
  expect(tree(tmp), "nothing written").toEqual(before);
  return run.stderr;
}

describe.concurrent("paths that are not readable .dun files", () => {
  it("a FIFO named on the command line: refused at once, not waited on", async () => {
    await expectUsageError(["check", "lonefifo.dun"], /lonefifo\.dun: not a regular file/);
  });

  it("a link to a FIFO, and a link to a device: refused", async () => {
    await expectUsageError(["check", "link-to-fifo.dun"], /link-to-fifo\.dun: not a regular file/);
    await expectUsageError(["status", "zero.dun"], /zero\.dun: not a regular file/);
  });

  it("a FIFO met while walking a folder is skipped, the rest checked", async () => {
    const run = await dun(["check", "fifo", "--today", "2026-05-04", "--format", "json"], tmp);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { files: number; diagnostics: { file: string }[] };
    expect(result.files).toBe(1);
    expect(result.diagnostics.every((d) => d.file === "fifo/ledger.dun")).toBe(true);
  });

  it("a folder named x.dun is a folder: its ledgers are checked", async () => {
    for (const path of ["dirdun", "dirdun/x.dun"]) {
      const run = await dun(["check", path, "--today", "2026-05-04", "--format", "json"], tmp);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { files: number }).files).toBe(1);
    }
  });

  it("a file deleted between listing and reading: one line, exit 2 (the read, in-process)", () => {
    // Listing and reading are one process step apart; the read is what sees the file gone.
    const gone = join(tmp, "deleted-after-listing.dun");
    expect(() => readDunFile(gone, "deleted-after-listing.dun")).toThrow(UsageError);
    expect(() => readDunFile(gone, "deleted-after-listing.dun")).toThrow(/^dun: deleted-after-listing\.dun: cannot read \(ENOENT\)$/);
    expect(() => readDunFile(join(tmp, "dirdun", "x.dun"), "x.dun")).toThrow(/^dun: x\.dun: not a regular file$/);
  });

  it.skipIf(process.getuid?.() === 0)("a file without read permission (not as root, who may read it)", async () => {
    await expectUsageError(["check", "locked"], /ledger\.dun: cannot read \(EACCES\)/);
  });
});

describe.concurrent("text that is not UTF-8: one line naming the file, exit 2", () => {
  for (const [folder, what] of [
    ["utf16", "UTF-16 with its byte-order mark"],
    ["truncated-utf8", "a multi-byte sequence cut short at the end"],
    ["overlong", "an overlong encoding of `/`"],
    ["surrogate", "an encoded surrogate half"],
  ] as const) {
    it(what, async () => {
      await expectUsageError(["check", folder], new RegExp(`${folder}/ledger\\.dun: (not valid UTF-8|not a text file)`));
    });
  }

  it("a byte-order mark and CRLF are fine", async () => {
    const run = await dun(["check", "crlf", "--today", "2026-05-04"], tmp);
    expect(run.code, run.stderr).toBe(0);
  });
});

describe.concurrent("flags at their limits", () => {
  const cases: [string, string[], string | RegExp][] = [
    ["an empty --today", ["check", "good", "--today", ""], /--today .*YYYY-MM-DD/],
    ["--today with a five-digit year", ["check", "good", "--today", "10000-01-01"], "10000-01-01"],
    ["--today 2026-02-29 (not a leap year)", ["check", "good", "--today", "2026-02-29"], "2026-02-29"],
    ["--today 2026-00-10", ["check", "good", "--today", "2026-00-10"], "2026-00-10"],
    ["--today with a time", ["status", "good", "--today", "2026-05-04T00:00"], "2026-05-04T00:00"],
    ["--format with no value", ["check", "good", "--format"], "--format"],
    ["--format JSON in capitals", ["check", "good", "--format", "JSON"], "JSON"],
    ["--rule with no level", ["check", "good", "--rule", "overdue"], "overdue"],
    ["--root that is a file", ["check", "good", "--root", "good/ledger.dun"], "good/ledger.dun"],
    ["a path 5,000 characters long", ["check", "x".repeat(5000)], "no such file or folder"],
    ["a flag given twice with different values", ["check", "good", "--format", "json", "--format", "xml"], "xml"],
  ];
  for (const [name, args, names] of cases) it(name, async () => void (await expectUsageError(args, names)));

  it("--today 9999-12-31 and 0001-01-01 are real dates: figures, no crash", async () => {
    for (const today of ["9999-12-31", "0001-01-01", "0000-01-01"]) {
      const run = await dun(["status", "good", "--today", today, "--format", "json"], tmp);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { today: string }).today).toBe(today);
    }
  });
});

describe.concurrent("what the files say cannot break the output", () => {
  it("a file name with a line break still gives one line", async () => {
    const stderr = await expectUsageError(["check", "names"], /not a text file/);
    expect(stderr).not.toContain("a\nb");
  });

  it("terminal escape sequences in a ledger's text are not written to the terminal raw", async () => {
    const run = await dun(["check", "escapes", "--today", "2026-05-04"], tmp);
    expect(run.code).toBe(1); // evidence-not-found
    for (const output of [run.stdout, run.stderr]) {
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
    expect(run.stdout).toContain("evidence-not-found");
    const json = await dun(["check", "escapes", "--today", "2026-05-04", "--format", "json"], tmp);
    const parsed = JSON.parse(json.stdout) as { diagnostics: { message: string }[] };
    // JSON keeps the text exactly: its escapes are JSON's own.
    expect(parsed.diagnostics.some((d) => d.message.includes("\u001b[2J"))).toBe(true);
  });
});
