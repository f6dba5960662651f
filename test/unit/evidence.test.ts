/** Evidence paths on a real disk: inside, missing, outside, and links that lead out. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze, Workspace } from "../../server/engine";
import { diskWorkspaceFiles } from "../helpers";

const base = realpathSync(mkdtempSync(join(tmpdir(), "dun-evidence-")));
const root = join(base, "ws");
mkdirSync(join(root, "files"), { recursive: true });
writeFileSync(join(root, "files", "contract.pdf"), "%PDF");
writeFileSync(join(base, "secret.txt"), "outside");
symlinkSync(join(base, "secret.txt"), join(root, "files", "link.pdf"));
symlinkSync(join(root, "files", "contract.pdf"), join(root, "files", "inner-link.pdf"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function codesFor(path: string): string[] {
  const workspace = new Workspace();
  const file = join(root, "case.dun");
  workspace.setFile(file, `party p "P"\n2026-01-01 contract C p\n  evidence "${path}"\n`);
  const analysis = analyze(workspace, { today: "2026-05-04", defaultCurrency: "USD", files: diskWorkspaceFiles(root) });
  return analysis.diagnostics.filter((d) => d.code.startsWith("evidence")).map((d) => d.code);
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
