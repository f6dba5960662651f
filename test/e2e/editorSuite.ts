/**
 * The Neovim and Emacs suites share one shape: build the server, copy the example workspace,
 * hand the editor's own test script the scenarios as JSON, run the editor headless under a
 * time limit, and turn each check it reports into one vitest test. The editor's output is
 * kept under test-results/e2e/<editor>/ for when a check fails.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { EDITOR_CHECKS, editorSpec } from "./scenarios";
import { ARTEFACTS, cleanUp, copyExampleWorkspace, REPO, SERVER_JS, tempFolder } from "./workspace";

interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface EditorRun {
  /** Suite title, e.g. "Neovim 0.7 (headless)". */
  title: string;
  /** Folder name under test-results/e2e/. */
  name: string;
  /** The editor's configuration file the README shows (passed to the test script as `config`). */
  config: string;
  /** The command and arguments that run the test script; `DUN_E2E_SPEC` names the spec file. */
  command: (spec: string) => { command: string; args: string[] };
}

/** Builds dist/ (cli, server, extension) once, so that every editor starts the current server. */
export function buildBundles(): void {
  execFileSync(process.execPath, [join(REPO, "scripts", "build.mjs")], { cwd: REPO, stdio: "pipe" });
}

/** Declares the suite: one test per check of EDITOR_CHECKS, all from a single run of the editor. */
export function editorSuite(run: EditorRun): void {
  describe(run.title, () => {
    let results: CheckResult[] = [];
    let output = "";

    beforeAll(() => {
      buildBundles();
      const home = tempFolder(run.name);
      const spec = join(home, "spec.json");
      const resultsFile = join(home, "results.json");
      const workspace = copyExampleWorkspace();
      writeFileSync(spec, JSON.stringify({ ...editorSpec({ server: SERVER_JS, workspace, results: resultsFile }), config: run.config }, null, 2));
      const { command, args } = run.command(spec);
      const started = Date.now();
      const child = spawnSync(command, args, {
        cwd: workspace,
        env: {
          ...process.env,
          DUN_E2E_SPEC: spec,
          HOME: home, // the editors write their state and logs there, not in the real home
          XDG_CONFIG_HOME: join(home, "config"),
          XDG_DATA_HOME: join(home, "data"),
          XDG_STATE_HOME: join(home, "state"),
          XDG_CACHE_HOME: join(home, "cache"),
        },
        input: "",
        encoding: "utf8",
        timeout: 90_000,
        killSignal: "SIGKILL",
      });
      output = `$ ${command} ${args.join(" ")}\n(exit ${child.status ?? child.signal}, ${Date.now() - started} ms)\n${child.stdout ?? ""}${child.stderr ?? ""}${child.error ? String(child.error) : ""}`;
      mkdirSync(join(ARTEFACTS, run.name), { recursive: true });
      writeFileSync(join(ARTEFACTS, run.name, `${run.name}.log`), output);
      results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, "utf8")) as CheckResult[]) : [];
    }, 120_000);

    afterAll(() => cleanUp());

    it("starts and runs every check", () => {
      const setup = results.find((r) => r.name === "setup");
      expect(setup?.detail ?? "", "the test script failed outside a check").toBe("");
      expect(results.map((r) => r.name), `the editor reported no results:\n${output}`).toEqual([...EDITOR_CHECKS]);
    });

    it("the README shows this configuration verbatim", () => {
      expect(readFileSync(join(REPO, "README.md"), "utf8")).toContain(readFileSync(run.config, "utf8"));
    });

    for (const name of EDITOR_CHECKS) {
      it(name, () => {
        const result = results.find((r) => r.name === name);
        expect(result, `no result for "${name}"; editor output:\n${output}`).toBeDefined();
        expect(result!.detail).toBe("");
        expect(result!.ok).toBe(true);
      });
    }
  });
}
