/**
 * The VS Code extension: starts the bundled language server, shows the status bar item, and
 * adds the palette commands. Everything a `.dun` file means is decided by the server.
 */
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { Messages, type Summary } from "../server/settings";
import { exportLetterPdf, generateLetter, type LetterCommandArgs } from "./letters";

let client: LanguageClient | undefined;
/** The server's start, under way or done; it never rejects (the client shows a failure itself). */
let starting: Promise<void> | undefined;
let statusItem: vscode.StatusBarItem | undefined;

/**
 * Called by VS Code on the first `.dun` file (or a workspace holding one): adds the UI and
 * starts the server, without waiting for it. Activation ends here; the server starts in its
 * own process, and requests made meanwhile (a command, a hover) wait for it.
 */
export function activate(context: vscode.ExtensionContext): void {
  const serverModule = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "dun" }],
    synchronize: { configurationSection: "dun" },
    initializationOptions: { settings: vscode.workspace.getConfiguration("dun") },
  };
  client = new LanguageClient("dun", "Dun", serverOptions, clientOptions);

  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  statusItem.command = "dun.showStatus";
  statusItem.name = "Dun: overdue";
  context.subscriptions.push(statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand("dun.showStatus", showStatus),
    vscode.commands.registerCommand("dun.generateDemandLetter", (args?: LetterCommandArgs) => generateLetter(client!, "demand", args)),
    vscode.commands.registerCommand("dun.generateFinalDemand", (args?: LetterCommandArgs) => generateLetter(client!, "final-demand", args)),
    vscode.commands.registerCommand("dun.generateStatement", (args?: LetterCommandArgs) => generateLetter(client!, "statement", args)),
    vscode.commands.registerCommand("dun.exportLetterPdf", () => exportLetterPdf(client!)),
    vscode.commands.registerCommand("dun.restartServer", async () => {
      await starting;
      await client?.restart();
      void vscode.window.showInformationMessage("Dun: language server restarted");
    }),
  );

  // Registered before start, so the first summary (sent as soon as the workspace is analysed)
  // is not lost; the client keeps the handler across restarts.
  context.subscriptions.push(client.onNotification(Messages.summary, (summary: Summary) => showSummary(summary)));
  starting = client.start().catch(() => undefined); // the client has logged and shown the failure
}

function showSummary(summary: Summary): void {
  if (!statusItem) return;
  if (summary.overdueInvoices === 0) {
    statusItem.text = "$(check) Dun: nothing overdue";
  } else {
    const steps = summary.stepsDue === 1 ? "1 step due" : `${summary.stepsDue} steps due`;
    statusItem.text = `$(warning) ${summary.overdue.join(" + ")} overdue · ${steps}`;
  }
  statusItem.tooltip = `Dun, as of ${summary.today}: ${summary.overdueInvoices} overdue invoice(s). Click for the case status.`;
  statusItem.show();
}

async function showStatus(): Promise<void> {
  if (!client) return;
  const markdown = await client.sendRequest<string>(Messages.statusReport);
  const document = await vscode.workspace.openTextDocument({ language: "markdown", content: markdown });
  await vscode.window.showTextDocument(document, { preview: true });
}

/** Called by VS Code on shutdown or when the extension is disabled: stops the server cleanly. */
export async function deactivate(): Promise<void> {
  await starting;
  if (client?.needsStop()) await client.stop();
  client = undefined;
}
