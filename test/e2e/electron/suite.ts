/**
 * The VS Code scenarios of ../scenarios.ts inside a real VS Code's extension host, through the
 * `vscode` API: loaded by @vscode/test-electron as `extensionTestsPath` (see electron.e2e.ts,
 * which bundles this file). Writes one { name, ok, detail } per scenario to the JSON file named
 * by $DUN_E2E_RESULTS and throws if any failed, so VS Code exits non-zero.
 *
 * The status bar cannot be read through the API; that scenario reads it from the extension's
 * exports (`statusBarText()`) when the extension offers them, and is skipped otherwise.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { CASE, diagnosticsDiff, HOVER, LETTER, STATUS_BAR, STEP_DUE_FIX, VSCODE_SCENARIOS, type ShownDiagnostic } from "../scenarios";

interface ScenarioResult {
  name: string;
  ok: boolean;
  detail: string;
  skipped?: boolean;
}

class Skip extends Error {}

/** Polls `check` every 100 ms until it returns a value, or fails after `timeoutMs`. */
async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function shown(uri: vscode.Uri): ShownDiagnostic[] {
  return vscode.languages.getDiagnostics(uri).map((d) => ({
    code: String(typeof d.code === "object" ? d.code.value : d.code),
    line: d.range.start.line + 1,
    message: d.message,
  }));
}

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === "string" ? content : "value" in content ? content.value : ""))
    .join("\n");
}

/** Runs the scenarios in order on one window (the quick fix changes the file the letter is written from). */
export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error("open the example workspace: pass its folder in launchArgs");
  const uri = vscode.Uri.file(join(folder, CASE.file));
  const results: ScenarioResult[] = [];
  const scenario = async (name: string, body: () => Promise<void>) => {
    try {
      await body();
      results.push({ name, ok: true, detail: "" });
    } catch (error) {
      if (error instanceof Skip) results.push({ name, ok: true, detail: error.message, skipped: true });
      else results.push({ name, ok: false, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  };
  let editor: vscode.TextEditor | undefined;

  await scenario(VSCODE_SCENARIOS.problems, async () => {
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    if (editor.document.languageId !== "dun") throw new Error(`language is ${editor.document.languageId}, not dun`);
    await waitFor("the extension to activate", () => vscode.extensions.getExtension("dun.dun")?.isActive);
    let diff = diagnosticsDiff([]);
    await waitFor("the expected problems", () => {
      diff = diagnosticsDiff(shown(uri));
      return diff.missing.length === 0 && diff.unexpected.length === 0;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\nmissing: ${JSON.stringify(diff.missing)}\nunexpected: ${JSON.stringify(diff.unexpected)}`);
    });
  });

  await scenario(VSCODE_SCENARIOS.hover, async () => {
    const position = new vscode.Position(HOVER.line - 1, HOVER.column - 1);
    const markdown = await waitFor("a hover with the invoice's figures", async () => {
      const text = markdownOf(await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, position));
      return text.includes(HOVER.word) && text;
    });
    const plain = markdown.replace(/\*/g, "").replace(/[ \t]+/g, " ");
    for (const [label, value] of Object.entries(HOVER.rows)) {
      if (!plain.includes(`| ${label} | ${value} |`)) throw new Error(`no row "${label} | ${value}" in the hover:\n${markdown}`);
    }
  });

  await scenario(VSCODE_SCENARIOS.quickFix, async () => {
    const isTheFixedOne = (d: ShownDiagnostic) => d.code === STEP_DUE_FIX.code && d.line === STEP_DUE_FIX.line && d.message.includes(STEP_DUE_FIX.message);
    const othersDue = (list: ShownDiagnostic[]) => list.filter((d) => d.code === "step-due" && d.line !== STEP_DUE_FIX.line).map((d) => d.message).sort();
    const before = shown(uri);
    if (!before.some(isTheFixedOne)) throw new Error(`no ${STEP_DUE_FIX.code} on line ${STEP_DUE_FIX.line} to fix`);
    const at = new vscode.Position(STEP_DUE_FIX.line - 1, STEP_DUE_FIX.column - 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, new vscode.Range(at, at), vscode.CodeActionKind.QuickFix.value);
    const action = actions.find((a) => a.title === STEP_DUE_FIX.title);
    if (!action?.edit) throw new Error(`no "${STEP_DUE_FIX.title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
    if (!(await vscode.workspace.applyEdit(action.edit))) throw new Error("the workspace edit was refused");
    const document = await vscode.workspace.openTextDocument(uri);
    if (!document.getText().includes(STEP_DUE_FIX.inserted.join("\n"))) throw new Error(`the entry was not inserted:\n${document.getText().slice(-400)}`);
    await waitFor("the fixed step-due to go", () => !shown(uri).some(isTheFixedOne));
    if (JSON.stringify(othersDue(shown(uri))) !== JSON.stringify(othersDue(before))) throw new Error(`other steps due changed: ${JSON.stringify(shown(uri))}`);
    if (!(await document.save())) throw new Error("could not save the case file");
  });

  await scenario(VSCODE_SCENARIOS.letter, async () => {
    const letter = join(folder, LETTER.file);
    if (existsSync(letter)) throw new Error(`${LETTER.file} exists before the command`);
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const at = new vscode.Position(HOVER.line - 1, HOVER.column - 1);
    editor.selection = new vscode.Selection(at, at); // in globex's case: the letter goes to globex
    await vscode.commands.executeCommand(LETTER.command);
    await waitFor(`${LETTER.file} on disk`, () => existsSync(letter));
    const text = readFileSync(letter, "utf8");
    for (const figure of LETTER.shows) if (!text.includes(figure)) throw new Error(`the letter does not show ${figure}`);
    await waitFor("the letter to open", () => vscode.window.activeTextEditor?.document.uri.fsPath === letter);
  });

  await scenario(VSCODE_SCENARIOS.statusBar, async () => {
    const exports = vscode.extensions.getExtension("dun.dun")?.exports as { statusBarText?: () => string } | undefined;
    if (!exports?.statusBarText) throw new Skip("the status bar is not readable through the vscode API (checked by the code-server suite)");
    const text = await waitFor("the status bar item", () => exports.statusBarText!().includes(STATUS_BAR.shows) && exports.statusBarText!());
    if (!STATUS_BAR.steps.test(text)) throw new Error(`status bar "${text}" does not match ${STATUS_BAR.steps}`);
  });

  const resultsFile = process.env.DUN_E2E_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok);
  console.log(`${results.filter((r) => r.ok && !r.skipped).length} passed, ${failed.length} failed`);
  if (failed.length > 0) throw new Error(failed.map((r) => `${r.name}: ${r.detail}`).join("\n"));
}
