/**
 * Dun in the real VS Code workbench (code-server in headless Chromium): the packaged .vsix
 * installed into a throw-away code-server, a copy of examples/acme-security opened, and the
 * scenarios of ../scenarios.ts checked as a user sees them. Each state is kept as a PNG under
 * test-results/e2e/vscode/ (and a `failed-…` one when a scenario fails).
 *
 * The scenarios run in order on one window: the quick fix (3) changes the file the letter (4)
 * is written from. The last (6, this suite's own) reads the activation time VS Code itself
 * reports for Dun and for the built-in extensions activated in the same window, and writes them
 * to test-results/e2e/vscode/06-activation-times.txt. Run with `npm run test:vscode` (after
 * `bash test/e2e/setup.sh vscode`).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CASE, diagnosticsDiff, DIAGNOSTICS, HOVER, LETTER, STATUS_BAR, STEP_DUE_FIX, VSCODE_SCENARIOS } from "../scenarios";
import { ARTEFACTS, cleanUp, copyExampleWorkspace, waitFor } from "../workspace";
import { packageExtension, startCodeServer, type CodeServer } from "./codeServer";
import { Workbench, type Problem } from "./workbench";

const SCREENSHOTS = join(ARTEFACTS, "vscode");

describe("VS Code (code-server)", () => {
  let workspace = "";
  let server: CodeServer | undefined;
  let bench: Workbench;

  beforeAll(async () => {
    rmSync(SCREENSHOTS, { recursive: true, force: true }); // no stale screenshots from an earlier run
    workspace = copyExampleWorkspace();
    server = await startCodeServer(packageExtension(), SCREENSHOTS);
    bench = await Workbench.open(server.url, workspace, SCREENSHOTS);
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === "fail" && bench) {
      await bench.screenshot(`failed-${context.task.name.slice(0, 2).replace(/\W/g, "")}`).catch(() => undefined);
    }
  });

  afterAll(async () => {
    try {
      await bench?.close();
    } finally {
      server?.stop();
      cleanUp();
    }
  });

  it(VSCODE_SCENARIOS.problems, async () => {
    await bench.openFile(CASE.file);
    await bench.statusBarItem("Dun"); // the language mode: the .dun file is recognised
    let diff = diagnosticsDiff([]);
    const problems = await bench.waitForProblems("the expected problems of globex.dun", (shown) => {
      diff = diagnosticsDiff(shown);
      return diff.missing.length === 0 && diff.unexpected.length === 0;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\nmissing: ${JSON.stringify(diff.missing)}\nunexpected: ${JSON.stringify(diff.unexpected)}`);
    });
    expect(problems.every((p) => p.source === "dun")).toBe(true);
    expect(problems).toHaveLength(DIAGNOSTICS.length);
    await bench.screenshot("01-problems");
  });

  it(VSCODE_SCENARIOS.hover, async () => {
    await bench.goTo(HOVER.line, HOVER.column);
    const table = await bench.hoverTable(Object.keys(HOVER.rows));
    for (const [label, value] of Object.entries(HOVER.rows)) expect(table.get(label), label).toBe(value);
    await bench.revealHoverRow(Object.keys(HOVER.rows).pop()!);
    await bench.screenshot("02-hover");
    await bench.page.keyboard.press("Escape");
  });

  it(VSCODE_SCENARIOS.quickFix, async () => {
    const isTheFixedOne = (p: Problem) =>
      p.code === STEP_DUE_FIX.code && p.line === STEP_DUE_FIX.line && p.message.includes(STEP_DUE_FIX.message);
    const before = await bench.waitForProblems("the step-due to fix", (shown) => shown.some(isTheFixedOne));
    await bench.goTo(STEP_DUE_FIX.line, STEP_DUE_FIX.column);
    const offered = await bench.openQuickFix(STEP_DUE_FIX.title);
    expect(offered).toContain(STEP_DUE_FIX.title);
    await bench.screenshot("03-quick-fix-menu");
    await bench.applyQuickFix(STEP_DUE_FIX.title);

    const after = await bench.waitForProblems("the fixed step-due to leave the panel", (shown) => !shown.some(isTheFixedOne));
    // The other invoices' steps stay due: the fix touched only the one it was offered for.
    const othersDue = (list: Problem[]) => list.filter((p) => p.code === "step-due" && p.line !== STEP_DUE_FIX.line).map((p) => p.message);
    expect(othersDue(after)).toEqual(othersDue(before));

    await bench.save();
    const inserted = STEP_DUE_FIX.inserted.join("\n");
    const onDisk = () => readFileSync(join(workspace, CASE.file), "utf8");
    await waitFor("the saved entry on disk", () => onDisk().includes(inserted), 10_000).catch(() => undefined);
    expect(onDisk()).toContain(inserted);
    await bench.page.keyboard.press("Control+End"); // show the inserted entry
    await bench.screenshot("03-quick-fix-applied");
  });

  it(VSCODE_SCENARIOS.letter, async () => {
    const letter = join(workspace, LETTER.file);
    expect(existsSync(letter), `${LETTER.file} before the command`).toBe(false);
    await bench.runCommand(LETTER.title);
    // The command may ask which debtor (a quick pick): take globex. Otherwise it just writes.
    await waitFor(`${LETTER.file} on disk`, async () => {
      if (existsSync(letter)) return true;
      const choice = bench.page.locator(".quick-input-widget .monaco-list-row", { hasText: "globex" }).first();
      if (await choice.isVisible()) await choice.click();
      return false;
    }, 30_000, 200);
    const written = await waitFor("the letter's text", () => {
      const text = readFileSync(letter, "utf8");
      return LETTER.shows.every((figure) => text.includes(figure)) && text;
    }, 10_000);
    for (const figure of LETTER.shows) expect(written).toContain(figure);
    const name = LETTER.file.split("/").pop()!;
    await bench.page.locator(".tabs-container .tab.active", { hasText: name }).waitFor({ timeout: 15_000 });
    await bench.screenshot("04-letter");
  });

  it(VSCODE_SCENARIOS.statusBar, async () => {
    const text = await bench.statusBarItem("overdue");
    expect(text).toContain(STATUS_BAR.shows);
    expect(text).toMatch(STATUS_BAR.steps);
    await bench.screenshot("05-status-bar");
    await bench.page.locator("#workbench\\.parts\\.statusbar").screenshot({ path: join(SCREENSHOTS, "05-status-bar-only.png") });
  });

  it("6. VS Code's own measure of the activation is listed beside the built-in extensions' (Developer: Show Running Extensions)", async () => {
    await bench.runCommand("Developer: Show Running Extensions");
    // VS Code 1.139 opens it as a modal editor, whose list lays out no rows here: moved into the
    // main window, it does.
    const toMain = bench.page.locator('a[aria-label="Open Modal Editor in Main Window"]');
    await toMain.waitFor({ timeout: 15_000 }).catch(() => undefined);
    if (await toMain.isVisible().catch(() => false)) await toMain.click();
    const rows = bench.page.locator(".runtime-extensions-editor .monaco-list-row");
    const dun = rows.filter({ hasText: "Dun — collections ledgers" }).first();
    await dun.waitFor({ timeout: 15_000 });
    // "Activation: 124ms": code loading and the activate() call, as VS Code times them in its
    // extension host, with the other extensions activating around it.
    const times = new Map<string, number>();
    for (const text of await rows.allTextContents()) {
      const match = /^(.*?)\d+\.\d+\.\d+.*?Activation: (\d+)ms/.exec(text);
      if (match) times.set(match[1]!.trim(), Number(match[2]));
    }
    const lines = [...times].sort((a, b) => a[1] - b[1]).map(([name, ms]) => `${String(ms).padStart(5)} ms  ${name}`);
    writeFileSync(join(SCREENSHOTS, "06-activation-times.txt"), `${lines.join("\n")}\n`);
    console.log(`activation times in this window (VS Code's Running Extensions):\n${lines.join("\n")}`);
    const ours = times.get("Dun — collections ledgers");
    expect(ours, "Dun's activation time").toBeGreaterThan(0);
    expect(ours).toBeLessThan(1000);
    await bench.screenshot("06-running-extensions");
    await bench.page.keyboard.press("Control+W");
  });
});
