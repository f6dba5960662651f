/**
 * Evidence and receipt paths can never reach outside the workspace. Every way out is refused
 * with `evidence-outside` (test/unit/evidence.test.ts has the first few; these are the rest):
 * `..` in every position, absolute paths, UNC and drive-letter paths, `\` separators,
 * percent-encoded dots and slashes, NUL characters, and symbolic links that lead out — to a
 * file, through a folder, through a chain of links. Paths that only look odd but stay inside
 * are names like any other (`...`, `~`, `file:`), and are looked for inside the workspace.
 *
 * Then a property: for any path built from the dangerous pieces, `locateEvidence` either
 * refuses it or returns a path inside the workspace with no `..` left in it.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { quote } from "../../grammar";
import { analyze, Workspace } from "../../server/engine";
import { diskFiles } from "../../server/node/disk";
import { locateEvidence } from "../../server/rules/evidence";
import { budget } from "./support";

const base = realpathSync(mkdtempSync(join(tmpdir(), "dun-paths-")));
const root = join(base, "ws");
mkdirSync(join(root, "case", "files"), { recursive: true });
mkdirSync(join(base, "outside-dir"));
writeFileSync(join(root, "case", "files", "contract.pdf"), "%PDF");
writeFileSync(join(root, "top.pdf"), "%PDF");
writeFileSync(join(base, "secret.txt"), "outside");
writeFileSync(join(base, "outside-dir", "secret.txt"), "outside");
symlinkSync(join(base, "outside-dir"), join(root, "case", "out-dir"));
symlinkSync(join(base, "secret.txt"), join(root, "case", "files", "hop2.pdf"));
symlinkSync(join(root, "case", "files", "hop2.pdf"), join(root, "case", "files", "hop1.pdf"));
symlinkSync(join(base, "no-such-file"), join(root, "case", "files", "dangling.pdf"));
symlinkSync("../../..", join(root, "case", "files", "up"));
symlinkSync(root, join(base, "ws-link"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The evidence codes of one cited path (and the same path as a receipt), as the CLI and server check it. */
function codesFor(path: string, workspaceRoot = root, citing = join(root, "case", "case.dun")): { evidence: string[]; receipt: string[]; messages: string[] } {
  const workspace = new Workspace();
  const file = citing.replace(/\\/g, "/");
  workspace.setFile(file, `party p "P"\n2026-01-01 contract C p\n  evidence ${quote(path)}\n2026-01-02 sent I via post\n  receipt ${quote(path)}\n2026-01-01 invoice I C 5\n  evidence "files/contract.pdf"\n`);
  const analysis = analyze(workspace, { today: "2026-05-04", defaultCurrency: "USD", files: diskFiles(workspaceRoot) });
  const found = analysis.diagnostics.filter((d) => d.code.startsWith("evidence"));
  const line = (d: (typeof found)[number]) => workspace.getFile(file)!.lines.positionAt(d.range.start).line;
  return {
    evidence: found.filter((d) => line(d) === 2).map((d) => d.code),
    receipt: found.filter((d) => line(d) === 4).map((d) => d.code),
    messages: found.map((d) => d.message),
  };
}

function expectRefused(path: string, reason?: RegExp): void {
  const result = codesFor(path);
  expect(result.evidence, `evidence ${JSON.stringify(path)}`).toEqual(["evidence-outside"]);
  expect(result.receipt, `receipt ${JSON.stringify(path)}`).toEqual(["evidence-outside"]);
  if (reason) expect(result.messages.join("\n")).toMatch(reason);
}

describe("every way out of the workspace is refused with evidence-outside", () => {
  const cases: [string, string, RegExp][] = [
    ["`..` at the start, climbing past the root", "../../secret.txt", /leaves the workspace/],
    ["`..` after a name", "files/../../../secret.txt", /leaves the workspace/],
    ["`..` after `.`", "./../../secret.txt", /leaves the workspace/],
    ["`..` alone, twice", "../..", /leaves the workspace/],
    ["`..` with doubled slashes", "files//..//..//../secret.txt", /leaves the workspace/],
    ["`..` at the end", "files/../../..", /leaves the workspace/],
    ["an absolute path", "/etc/passwd", /absolute/],
    ["an absolute path into the workspace's parent", `${base}/secret.txt`, /absolute/],
    ["even an absolute path into the workspace itself", `${root}/top.pdf`, /absolute/],
    ["a UNC path", "//server/share/secret.txt", /absolute/],
    ["a UNC path with backslashes", "\\\\server\\share\\secret.txt", /absolute/],
    ["a drive letter and backslashes", "C:\\Windows\\win.ini", /absolute/],
    ["a drive-relative path", "c:secret.txt", /absolute/],
    ["a root-relative Windows path", "\\Windows\\win.ini", /absolute/],
    ["`..` with backslashes", "..\\..\\secret.txt", /leaves the workspace/],
    ["`..` with mixed separators", "files\\../..\\../secret.txt", /leaves the workspace/],
    ["`%2e%2e`", "%2e%2e/%2e%2e/secret.txt", /percent-encoded `\.`/],
    ["`%2E%2E` in capitals", "%2E%2E/%2E%2E/secret.txt", /percent-encoded `\.`/],
    ["`..%2f`", "..%2f..%2fsecret.txt", /percent-encoded `\/`/],
    ["`%2e.` half encoded", "%2e./%2e./secret.txt", /percent-encoded `\.`/],
    ["`%5c` (an encoded backslash)", "..%5c..%5csecret.txt", /percent-encoded `\\`/],
    ["a percent-encoded dot in an innocent name", "files/contract%2epdf", /percent-encoded/],
    ["a NUL character", "files/contract.pdf\u0000.txt", /NUL/],
    ["a NUL character alone", "\u0000", /NUL/],
    ["a link to a file outside", "files/hop2.pdf", /link that leads out/],
    ["a chain of links that ends outside", "files/hop1.pdf", /link that leads out/],
    ["a link to a folder outside, and a file in it", "out-dir/secret.txt", /link that leads out/],
    ["a relative link that climbs out", "files/up/secret.txt", /link that leads out/],
  ];
  for (const [name, path, reason] of cases) it(name, () => expectRefused(path, reason));

  it("a dangling link that points outside is not followed: no file", () => {
    const { evidence } = codesFor("files/dangling.pdf");
    expect(evidence).toHaveLength(1);
    expect(["evidence-not-found", "evidence-outside"]).toContain(evidence[0]);
  });
});

describe("paths that stay inside are looked for inside, however odd", () => {
  const inside: [string, string, string[]][] = [
    ["a plain path", "files/contract.pdf", []],
    ["`..` that stays inside", "../case/files/contract.pdf", []],
    ["`..` up to the root's own file", "../top.pdf", []],
    ["backslashes read as slashes", "files\\contract.pdf", []],
    ["`./` and doubled slashes", "./files//contract.pdf", []],
    ["three dots is a name", ".../x.pdf", ["evidence-not-found"]],
    ["a tilde is a name", "~/secret.txt", ["evidence-not-found"]],
    ["a URL is a name", "file:///etc/passwd", ["evidence-not-found"]],
    ["full-width dots are a name", "\uff0e\uff0e/secret.txt", ["evidence-not-found"]],
    ["a percent sign that encodes nothing dangerous", "files/100%25.pdf", ["evidence-not-found"]],
    ["a folder is not evidence", "files", ["evidence-not-found"]],
    ["a 10,000-character name", `files/${"x".repeat(10_000)}.pdf`, ["evidence-not-found"]],
    ["a dangling name with a trailing slash", "files/contract.pdf/", ["evidence-not-found"]],
  ];
  for (const [name, path, codes] of inside) it(name, () => expect(codesFor(path).evidence).toEqual(codes));

  it("the workspace reached through a link to it: files inside are inside", () => {
    const linked = join(base, "ws-link");
    const result = codesFor("files/contract.pdf", linked, join(linked, "case", "case.dun"));
    expect(result.evidence).toEqual([]);
    expect(codesFor("../../secret.txt", linked, join(linked, "case", "case.dun")).evidence).toEqual(["evidence-outside"]);
  });
});

describe("locateEvidence, for any path built from the dangerous pieces", () => {
  const piece = fc.constantFrom("..", ".", "...", "a", "b.pdf", "", "%2e", "%2E%2e", "%2f", "%5C", "%25", "\\", "/", "//", "C:", "c:", "\u0000", "~", " ", "..\\", "\uff0e", "é");
  const path = fc.array(fc.tuple(piece, fc.constantFrom("/", "\\", "", "//")), { maxLength: 12 }).map((parts) => parts.map(([p, s]) => p + s).join(""));
  const citing = fc.constantFrom("/ws/a.dun", "/ws/x/y/z.dun", "/ws/x/../q.dun", "/ws/ws.dun");

  it("refuses it, or resolves it to a path under the root with no `..`, `%2e` or NUL left", () => {
    fc.assert(
      fc.property(path, citing, fc.constantFrom("/ws", "/ws/", "/w s"), (cited, file, workspaceRoot) => {
        const at = locateEvidence(file.replace("/ws", workspaceRoot.replace(/\/$/, "")), cited, workspaceRoot);
        if (!at.inside) {
          expect(at.reason.length).toBeGreaterThan(0);
          return;
        }
        const top = workspaceRoot.replace(/\/$/, "");
        expect(at.path === top || at.path.startsWith(`${top}/`), `${JSON.stringify(cited)} → ${at.path}`).toBe(true);
        expect(at.path.split("/")).not.toContain("..");
        expect(at.path).not.toMatch(/%2e|%2f|%5c|\u0000/i);
        // What the operating system would resolve agrees: nothing above the root.
        const up = relative(top, resolve(top, at.path));
        expect(up === ".." || up.startsWith("../"), `${JSON.stringify(cited)} → ${at.path}`).toBe(false);
      }),
      budget(2000, 901),
    );
  });
});
