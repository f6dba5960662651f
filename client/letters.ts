/**
 * The letter commands: "Generate demand letter", "Generate final demand", "Generate statement
 * of account" and "Export letter as PDF". The server writes the files; this side picks the
 * debtor when the cursor is in no case, opens the letter, and records the `demand` entry as
 * one edit (undoable like any other).
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import type { WorkspaceEdit } from "vscode-languageserver-protocol";
import { Messages, NEEDS_DEBTOR, type GenerateLetterParams, type LetterKindName } from "../server/settings";

interface GenerateLetterResult {
  debtor: string;
  written: string[];
  record?: WorkspaceEdit;
}

/** Arguments a code action or code lens passes: the debtor or invoices to write to. */
export interface LetterCommandArgs {
  targets?: string[];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function pickDebtor(client: LanguageClient): Promise<string | undefined> {
  const debtors = await client.sendRequest<{ id: string; name: string; owed: string }[]>(Messages.debtors);
  if (debtors.length === 0) {
    void vscode.window.showInformationMessage("Dun: no debtor has an open, undisputed balance.");
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    debtors.map((d) => ({ label: d.name, description: d.id, detail: `${d.owed} due`, id: d.id })),
    { placeHolder: "Write to which debtor?" },
  );
  return picked?.id;
}

export async function generateLetter(client: LanguageClient, kind: LetterKindName, args?: LetterCommandArgs): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage("Dun writes letters only in a trusted workspace.");
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const params: GenerateLetterParams = { kind, targets: args?.targets };
  if (!params.targets && editor?.document.languageId === "dun") {
    params.uri = editor.document.uri.toString();
    params.position = { line: editor.selection.active.line, character: editor.selection.active.character };
  }
  let result: GenerateLetterResult;
  try {
    result = await client.sendRequest<GenerateLetterResult>(Messages.generateLetter, params);
  } catch (error) {
    if ((error as { code?: number }).code !== NEEDS_DEBTOR) {
      void vscode.window.showErrorMessage(`Dun: ${describe(error)}`);
      return;
    }
    const debtor = await pickDebtor(client);
    if (!debtor) return;
    try {
      result = await client.sendRequest<GenerateLetterResult>(Messages.generateLetter, { kind, targets: [debtor] });
    } catch (again) {
      void vscode.window.showErrorMessage(`Dun: ${describe(again)}`);
      return;
    }
  }
  if (result.record) {
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.record);
    if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showWarningMessage("Dun: the letter was written, but the demand entry could not be recorded.");
  }
  const letter = vscode.Uri.parse(result.written[0]!);
  await vscode.window.showTextDocument(letter, { preview: false });
  void vscode.window.setStatusBarMessage(`Dun: wrote ${vscode.workspace.asRelativePath(letter)}`, 5000);
}

export async function exportLetterPdf(client: LanguageClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !editor.document.uri.path.endsWith(".md")) {
    void vscode.window.showErrorMessage("Dun: open a letter (a .md file) to export it as PDF.");
    return;
  }
  try {
    const uri = await client.sendRequest<string>(Messages.exportLetterPdf, { uri: editor.document.uri.toString(), text: editor.document.getText() });
    const open = await vscode.window.showInformationMessage(`Dun: wrote ${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}`, "Open");
    if (open) await vscode.env.openExternal(vscode.Uri.parse(uri));
  } catch (error) {
    void vscode.window.showErrorMessage(`Dun: ${describe(error)}`);
  }
}
