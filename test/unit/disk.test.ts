/**
 * `diskFiles` looks at each folder once (listing, real path) instead of asking the disk about
 * every cited path, and takes a folder's existence and real path from its parent's listing:
 * its answers must be exactly a `stat` and a `realpath` of each path, for files, folders, links
 * (inside, out, dangling, in a loop, to folders), FIFOs, missing names and folders, a file used
 * as a folder, names that are not UTF-8, and in any order of asking; with and without the
 * listings `findDunFiles` made on its way.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diskFiles, findDunFiles, isInsideReal, readDunFile, type Listings } from "../../server/node/disk";

const base = realpathSync(mkdtempSync(join(tmpdir(), "dun-disk-")));
const root = join(base, "ws");
const files = join(root, "files");
mkdirSync(join(files, "sub"), { recursive: true });
writeFileSync(join(files, "a.pdf"), "%PDF");
writeFileSync(join(files, "B.pdf"), "%PDF");
writeFileSync(join(files, "sub", "c.pdf"), "%PDF");
mkdirSync(join(files, "sub", "deeper", "deepest"), { recursive: true });
writeFileSync(join(files, "sub", "deeper", "deepest", "f.pdf"), "%PDF");
writeFileSync(join(files, "case.dun"), "; a ledger beside its evidence\n");
mkdirSync(join(root, ".hidden"));
writeFileSync(join(root, ".hidden", "g.pdf"), "%PDF");
writeFileSync(join(root, "plain.txt"), "a file, not a folder");
writeFileSync(join(base, "secret.txt"), "outside");
symlinkSync(join(files, "a.pdf"), join(files, "link-file.pdf"));
symlinkSync("sub", join(files, "link-dir"));
symlinkSync(join(base, "secret.txt"), join(files, "link-out.pdf"));
symlinkSync(join(base, "no-such-file"), join(files, "dangling.pdf"));
symlinkSync("loop2", join(files, "loop1"));
symlinkSync("loop1", join(files, "loop2"));
symlinkSync(files, join(root, "linked-folder"));
symlinkSync(base, join(root, "up"));
symlinkSync(join(files, "sub", "deeper"), join(files, "sub", "link-deeper"));
// A name that is not UTF-8: listings show it with U+FFFD.
writeFileSync(Buffer.from(`${files}/\xff-bytes.pdf`, "latin1"), "%PDF");
writeFileSync(join(files, "\uFFFD-bytes.pdf"), "%PDF");
const fifo = spawnSync("mkfifo", [join(files, "fifo.pdf")]).status === 0;
mkdirSync(join(root, "unlisted"));
writeFileSync(join(root, "unlisted", "d.pdf"), "%PDF");
chmodSync(join(root, "unlisted"), 0o300); // searchable, not readable (root reads it anyway)
mkdirSync(join(root, "unsearchable"));
writeFileSync(join(root, "unsearchable", "e.pdf"), "%PDF");
chmodSync(join(root, "unsearchable"), 0o600); // readable, not searchable (root searches it anyway)
afterAll(() => {
  chmodSync(join(root, "unlisted"), 0o700);
  chmodSync(join(root, "unsearchable"), 0o700);
  rmSync(base, { recursive: true, force: true });
});

const names = [
  "a.pdf", "B.pdf", "b.pdf", "A.PDF", "sub", "sub/c.pdf", "sub/none.pdf", "link-file.pdf", "link-dir", "link-dir/c.pdf",
  "link-out.pdf", "dangling.pdf", "loop1", "loop1/x.pdf", "fifo.pdf", "none.pdf", "\uFFFD-bytes.pdf", "\xff-bytes.pdf", "",
  "sub/deeper/deepest/f.pdf", "sub/deeper/deepest/none.pdf", "sub/link-deeper/deepest/f.pdf", "sub/deeper/../c.pdf", "case.dun",
  "a.pdf/x.pdf", "fifo.pdf/x.pdf", "sub/DEEPER/deepest/f.pdf",
];
const paths = [
  ...names.map((name) => `${files}/${name}`),
  ...names.map((name) => `${root}/linked-folder/${name}`),
  `${root}/missing/x.pdf`, `${root}/missing/deeper/x.pdf`, `${root}/plain.txt`, `${root}/plain.txt/x.pdf`,
  `${root}/unlisted/d.pdf`, `${root}/unlisted/none.pdf`, `${root}/unsearchable/e.pdf`, `${root}/up/secret.txt`,
  `${files}/sub/../a.pdf`, `${files}/./a.pdf`, `${files}//a.pdf`, `${files}/`, root, base, "/", "/no-such-folder/x.pdf",
  `${root}/.hidden/g.pdf`, `${base}/secret.txt`,
];

function statIsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function realpath(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/**
 * Each path's answers from one `diskFiles`, asked in this order (exists first, or realPath
 * first), with the listings `findDunFiles` made of the workspace or without.
 */
function answers(order: string[], realPathFirst: boolean, listed: boolean): Map<string, { exists: boolean; real: string | undefined }> {
  let listings: Listings | undefined;
  if (listed) {
    listings = new Map();
    expect(findDunFiles([root], root, listings)).toEqual([join(files, "case.dun")]);
  }
  const disk = diskFiles(root, { listings });
  const result = new Map<string, { exists: boolean; real: string | undefined }>();
  for (const path of order) {
    const real = realPathFirst ? disk.realPath!(path) : undefined;
    const exists = disk.exists(path);
    result.set(path, { exists, real: realPathFirst ? real : disk.realPath!(path) });
  }
  return result;
}

describe("diskFiles", () => {
  const expected = new Map(paths.map((path) => [path, { exists: statIsFile(path), real: realpath(path) }]));

  it("finds what a stat finds (the tree is as meant)", () => {
    expect(expected.get(`${files}/a.pdf`)!.exists).toBe(true);
    expect(expected.get(`${files}/link-file.pdf`)).toEqual({ exists: true, real: `${files}/a.pdf` });
    expect(expected.get(`${files}/link-out.pdf`)).toEqual({ exists: true, real: join(base, "secret.txt") });
    expect(expected.get(`${files}/dangling.pdf`)!.exists).toBe(false);
    expect(expected.get(`${files}/\uFFFD-bytes.pdf`)!.exists).toBe(true);
    if (fifo) expect(expected.get(`${files}/fifo.pdf`)!.exists).toBe(false);
  });

  for (const [name, order] of [
    ["in order", paths],
    ["in reverse", [...paths].reverse()],
    ["twice over, shuffled", [...paths, ...paths].sort((a, b) => (a.length * 7919) % 13 - (b.length * 7919) % 13)],
  ] as const) {
    it(`answers as stat and realpath would, path by path, ${name}`, () => {
      for (const realPathFirst of [false, true]) {
        for (const listed of [false, true]) {
          const got = answers([...order], realPathFirst, listed);
          const how = `${realPathFirst ? " (realPath first)" : ""}${listed ? " (with listings)" : ""}`;
          for (const path of paths) expect(got.get(path), `${JSON.stringify(path)}${how}`).toEqual(expected.get(path));
        }
      }
    });
  }
});

describe("isInsideReal", () => {
  it("judges a folder not made yet where it would be made: through a link, outside", () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), "dun-inside-")));
    try {
      mkdirSync(join(base, "ws", "cases"), { recursive: true });
      mkdirSync(join(base, "outside"));
      symlinkSync(join(base, "outside"), join(base, "ws", "out"));
      const ws = join(base, "ws");
      expect(isInsideReal(join(ws, "cases"), ws)).toBe(true);
      expect(isInsideReal(join(ws, "cases", "letters", "2026"), ws)).toBe(true); // not made yet, inside
      expect(isInsideReal(join(ws, "out"), ws)).toBe(false); // the link itself leads out
      expect(isInsideReal(join(ws, "out", "letters", "2026"), ws)).toBe(false); // not made yet, below the link
      expect(isInsideReal(join(ws, "..", "elsewhere"), ws)).toBe(false);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe("readDunFile", () => {
  it("reads every byte of a file, whatever its size", () => {
    const folder = join(base, "reads");
    mkdirSync(folder);
    // Empty, one byte, a UTF-8 character across no boundary in particular, and past 64 KiB.
    const texts = ["", ";", "; é 日本 😀\n", `; ${"party a\n".repeat(20000)}`];
    texts.forEach((text, i) => writeFileSync(join(folder, `${i}.dun`), text));
    texts.forEach((text, i) => expect(readDunFile(join(folder, `${i}.dun`), `${i}.dun`)).toBe(text));
  });
});

describe("findDunFiles", () => {
  it("lists a folder of 20,000 names (its listing kept for the evidence checks)", () => {
    const folder = join(base, "many");
    mkdirSync(folder);
    for (let i = 0; i < 20000; i++) writeFileSync(join(folder, `e${i}.pdf`), "");
    writeFileSync(join(folder, "z.dun"), "");
    const listings: Listings = new Map();
    expect(findDunFiles([folder], base, listings)).toEqual([join(folder, "z.dun")]);
    const disk = diskFiles(base, { listings });
    expect(disk.exists(join(folder, "e19999.pdf"))).toBe(true);
    expect(disk.exists(join(folder, "e20000.pdf"))).toBe(false);
  });
});
