/**
 * A real LSP client for protocol tests: starts the bundled server (`dist/server.js --stdio`)
 * as a child process and talks JSON-RPC to it. Waits are polls of received state with a
 * bounded timeout, never fixed sleeps.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  type Diagnostic,
  type FileEvent,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol";
import { URI } from "vscode-uri";

const SERVER = resolve(__dirname, "..", "..", "dist", "server.js");

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** The uri of every publishDiagnostics notification, in the order received. */
  readonly published: string[] = [];
  /** Every list of diagnostics published, in the order received. */
  readonly publications: { uri: string; diagnostics: Diagnostic[] }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly stderr: string[] = [];
  private readonly process: ChildProcess;
  private readonly versions = new Map<string, number>();

  /** `configurationDelayMs`: how long the client takes to answer `workspace/configuration` (a busy editor). */
  constructor(
    private readonly settings: Record<string, unknown> = {},
    { configurationDelayMs = 0 }: { configurationDelayMs?: number } = {},
  ) {
    this.process = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    this.process.stderr!.on("data", (chunk) => this.stderr.push(String(chunk)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.published.push(params.uri);
      this.publications.push({ uri: params.uri, diagnostics: params.diagnostics });
    });
    for (const method of ["dun/summary", "window/logMessage", "window/showMessage", "$/progress"]) {
      this.connection.onNotification(method, (params: unknown) => this.notifications.push({ method, params }));
    }
    this.connection.onRequest("workspace/configuration", async (params: { items: { section?: string }[] }) => {
      if (configurationDelayMs > 0) await new Promise((r) => setTimeout(r, configurationDelayMs));
      return params.items.map(() => this.settings);
    });
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.onRequest("window/workDoneProgress/create", () => null);
    this.connection.onRequest("workspace/inlayHint/refresh", () => null);
    this.connection.onRequest("workspace/codeLens/refresh", () => null);
    this.connection.listen();
  }

  static uri(path: string): string {
    return URI.file(path).toString();
  }

  async initialize(folder: string): Promise<void> {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: LspClient.uri(folder),
      workspaceFolders: [{ uri: LspClient.uri(folder), name: "ws" }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } } },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  async open(path: string, text: string): Promise<string> {
    const uri = LspClient.uri(path);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "dun", version: 1, text },
    });
    return uri;
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
  async waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.join("")}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits until the diagnostics of `uri` satisfy `predicate`. */
  waitForDiagnostics(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri}`, () => {
      const list = this.diagnostics.get(uri);
      return list && predicate(list) ? list : undefined;
    }, timeoutMs);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification("exit");
    } catch {
      // the process may be gone already
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }

  get alive(): boolean {
    return this.process.exitCode === null;
  }
}
