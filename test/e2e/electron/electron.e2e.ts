/**
 * The VS Code scenarios in desktop VS Code (Electron) through @vscode/test-electron: downloads
 * VS Code (so it needs network access to the VS Code update server, which this project's CI
 * does not have), starts it with the extension under development and a copy of the example
 * workspace, and runs ./suite.ts inside its extension host. One vitest test per scenario.
 *
 * Run with `npm run test:electron`; on Linux without a display, `xvfb-run -a npm run test:electron`.
 * $DUN_E2E_VSCODE_VERSION picks the VS Code version (default: stable); the download is kept
 * in the same cache as setup.sh's, ${DUN_E2E_CACHE:-~/.cache/dun-e2e}/vscode-test.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { runTests } from "@vscode/test-electron";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundles } from "../editorSuite";
import { VSCODE_SCENARIOS } from "../scenarios";
import { cleanUp, copyExampleWorkspace, REPO, tempFolder } from "../workspace";

interface ScenarioResult {
  name: string;
  ok: boolean;
  detail: string;
  skipped?: boolean;
}

describe("VS Code desktop (@vscode/test-electron)", () => {
  let results: ScenarioResult[] = [];
  let launchError = "";

  beforeAll(async () => {
    buildBundles();
    const home = tempFolder("electron");
    const suite = join(home, "suite.js");
    await build({
      entryPoints: [join(__dirname, "suite.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external: ["vscode"],
      outfile: suite,
      logLevel: "warning",
    });
    const resultsFile = join(home, "results.json");
    try {
      await runTests({
        version: process.env.DUN_E2E_VSCODE_VERSION ?? "stable",
        cachePath: join(process.env.DUN_E2E_CACHE ?? join(homedir(), ".cache", "dun-e2e"), "vscode-test"), // not in the repository
        extensionDevelopmentPath: REPO,
        extensionTestsPath: suite,
        extensionTestsEnv: { DUN_E2E_RESULTS: resultsFile },
        launchArgs: [
          copyExampleWorkspace(),
          "--disable-extensions", // every other extension: Dun alone
          "--disable-workspace-trust",
          "--skip-welcome",
          "--skip-release-notes",
          `--user-data-dir=${join(home, "user-data")}`,
        ],
      });
    } catch (error) {
      launchError = error instanceof Error ? error.message : String(error);
    }
    if (existsSync(resultsFile)) results = JSON.parse(readFileSync(resultsFile, "utf8")) as ScenarioResult[];
  }, 600_000);

  afterAll(() => cleanUp());

  for (const name of Object.values(VSCODE_SCENARIOS)) {
    it(name, (context) => {
      const result = results.find((r) => r.name === name);
      expect(result, `VS Code reported no result for this scenario${launchError ? `: ${launchError}` : ""}`).toBeDefined();
      if (result!.skipped) context.skip(result!.detail);
      expect(result!.detail).toBe("");
      expect(result!.ok).toBe(true);
    });
  }
});
