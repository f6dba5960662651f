/** Evidence paths on a real disk: inside, missing, outside, and links that lead out. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze, Workspace, type RuleSettings, type WorkspaceFiles } from "../../server/engine";
import { diskWorkspaceFiles } from "../helpers";

const base = realpathSync(mkdtempSync(join(tmpdir(), "dun-evidence-")));
const root = join(base, "ws");
mkdirSync(join(root, "files"), { recursive: true });
writeFileSync(join(root, "files", "contract.pdf"), "%PDF");
writeFileSync(join(base, "secret.txt"), "outside");
symlinkSync(join(base, "secret.txt"), join(root, "files", "link.pdf"));
symlinkSync(join(root, "files", "contract.pdf"), join(root, "files", "inner-link.pdf"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function codesFor(path: string, rules: RuleSettings = {}, files: WorkspaceFiles = diskWorkspaceFiles(root)): string[] {
  const workspace = new Workspace();
  const file = join(root, "case.dun");
  workspace.setFile(file, `party p "P"\n2026-01-01 contract C p\n  evidence "${path}"\n`);
  const analysis = analyze(workspace, { today: "2026-05-04", defaultCurrency: "USD", files, rules });
  return analysis.diagnostics.filter((d) => d.code.startsWith("evidence")).map((d) => d.code);
}

/** The disk as `diskWorkspaceFiles` sees it, with every lookup written down. */
function countedFiles(): { files: WorkspaceFiles; asked: string[] } {
  const disk = diskWorkspaceFiles(root);
  const asked: string[] = [];
  return {
    asked,
    files: {
      root,
      exists: (path) => (asked.push(`exists ${path}`), disk.exists(path)),
      realPath: (path) => (asked.push(`realPath ${path}`), disk.realPath!(path)),
    },
  };
}

describe("evidence paths", () => {
  it("accepts a file inside the workspace", () => expect(codesFor("files/contract.pdf")).toEqual([]));
  it("accepts a link that stays inside", () => expect(codesFor("files/inner-link.pdf")).toEqual([]));
  it("reports a missing file", () => expect(codesFor("files/none.pdf")).toEqual(["evidence-not-found"]));
  it("reports an empty path", () => expect(codesFor("")).toEqual(["evidence-not-found"]));
  it("refuses a link that leads out", () => expect(codesFor("files/link.pdf")).toEqual(["evidence-outside"]));
  it("refuses `..` that climbs out", () => expect(codesFor("../secret.txt")).toEqual(["evidence-outside"]));
  it("refuses an absolute path", () => expect(codesFor("/etc/passwd")).toEqual(["evidence-outside"]));
  it("refuses a Windows drive letter", () => expect(codesFor("C:/Windows/win.ini")).toEqual(["evidence-outside"]));
  it("reads `\\` as `/`", () => expect(codesFor("..\\\\secret.txt")).toEqual(["evidence-outside"]));
});

describe("evidence codes turned off", () => {
  const off: RuleSettings = { "evidence-not-found": "off", "evidence-outside": "off" };

  it("looks nothing up on the disk when both codes are off", () => {
    const { files, asked } = countedFiles();
    expect(codesFor("files/none.pdf", off, files)).toEqual([]);
    expect(codesFor("files/link.pdf", off, files)).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("still refuses a path that climbs out when only evidence-not-found is off, and follows links", () => {
    const { files, asked } = countedFiles();
    const rules: RuleSettings = { "evidence-not-found": "off" };
    expect(codesFor("files/none.pdf", rules, files)).toEqual([]);
    expect(codesFor("../secret.txt", rules, files)).toEqual(["evidence-outside"]);
    expect(codesFor("files/link.pdf", rules, files)).toEqual(["evidence-outside"]);
    expect(asked.some((a) => a.startsWith("realPath"))).toBe(true);
  });

  it("still reports a missing file when only evidence-outside is off, without resolving links", () => {
    const { files, asked } = countedFiles();
    const rules: RuleSettings = { "evidence-outside": "off" };
    expect(codesFor("files/none.pdf", rules, files)).toEqual(["evidence-not-found"]);
    expect(codesFor("files/link.pdf", rules, files)).toEqual([]);
    // The link's target is not asked for: the code that would report it is off.
    expect(asked.filter((a) => a.startsWith("realPath"))).toEqual([]);
    expect(asked).toContain(`exists ${join(root, "files", "none.pdf")}`);
  });
});
