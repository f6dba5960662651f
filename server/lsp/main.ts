/**
 * The Dun language server: wires LSP requests to the session and the feature files. Every
 * handler is guarded: an exception inside one request is logged and answered as an error, and
 * the server goes on. Runs over stdio (`--stdio`), IPC (`--node-ipc`) or sockets, as the
 * client asks.
 */
import { join } from "node:path";
import { format } from "node:util";
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  ErrorCodes,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type MessageReader,
  type TextDocumentContentChangeEvent,
  type TextDocumentIdentifier,
  type WorkDoneProgressReporter,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { loadChevrotain } from "../../grammar/chevrotainLazy";
import { Messages, settingsFrom } from "../settings";
import { pathToUri, uriToPath } from "./convert";
import { provideCodeActions } from "./features/codeActions";
import { provideCodeLenses } from "./features/codeLens";
import { provideCompletion } from "./features/completion";
import type { FeatureContext } from "./features/context";
import { changesLines, lspPositions, onSentLine, sameAsSent, toLspDiagnostics, type SentDiagnostics } from "./features/diagnostics";
import { provideFoldingRanges } from "./features/folding";
import { provideFormatting } from "./features/formatting";
import { provideHover } from "./features/hover";
import { provideInlayHints } from "./features/inlayHints";
import { debtors, exportLetterPdf, generateLetter, type GenerateLetterParams } from "./features/letters";
import { prepareRename, provideDefinition, provideReferences, provideRename } from "./features/navigation";
import { provideSemanticTokens, SEMANTIC_LEGEND } from "./features/semanticTokens";
import { statusReport, summaryOf } from "./features/statusReport";
import { provideDocumentSymbols, provideWorkspaceSymbols } from "./features/symbols";
import { idleCollector } from "./idleCollector";
import { Session } from "./session";
import { BatchingStreamWriter } from "./streamWriter";
import type { Analysis } from "../engine";

/**
 * The longest pause typing must make before diagnostics are recomputed. An edit whose analysis
 * took under QUICK_MS last time is answered at once; otherwise the pause is as long as the last
 * recomputation took, so a slow workspace (one huge file) coalesces a burst of keystrokes: the
 * server, busy for that long once it starts, does not start between two keystrokes and hold up
 * the completions asked for while typing. Up to 400 ms, a pause in typing rather than the
 * interval between keys (100–250 ms). Typing 20 characters at 120 ms intervals in one file of
 * 2,000 cases, where an analysis takes ~200 ms, completion took 250–290 ms (p50) and 430–490
 * (p95) with a cap of 60 ms, which let an analysis start between keys.
 */
const MAX_DIAGNOSTICS_DELAY_MS = 400;
const QUICK_MS = 20;
/** Idle work after a full analysis goes in slices this long, so a request waits for one at most. */
const IDLE_SLICE_MS = 5;
/** ...and starts once no request or edit came for this long, ... */
const QUIET_MS = 200;
/** ...and the server is not busy: a timer this late means it was. */
const LATE_MS = 20;

export function startServer(connection: Connection): void {
  const session = new Session();
  const documents = new TextDocuments({
    create: TextDocument.create,
    update: (document, changes, version) => {
      noteChanges(uriToPath(document.uri), changes);
      return TextDocument.update(document, changes, version);
    },
  });
  const docsRoot = join(__dirname, "..", "docs", "language.md");
  const docsUri = pathToUri(docsRoot);
  // One link per code, not one string per diagnostic (tens of thousands after a full analysis).
  const docsLinks = new Map<string, string>();
  const docs = (code: string) => {
    let link = docsLinks.get(code);
    if (link === undefined) docsLinks.set(code, (link = `${docsUri}#${code}`));
    return link;
  };
  let supportsConfiguration = false;
  let supportsWatchedFiles = false;
  let supportsFolderChanges = false;
  /**
   * What was last sent for each file with diagnostics. A file's list is sent again only when
   * what the client would show changed: a diagnostic, or a line or character where one stands.
   */
  const published = new Map<string, SentDiagnostics>();
  /**
   * Open documents edited, since their list was last sent, on a line where a sent diagnostic
   * stands, or by adding or removing lines. The editor moves each diagnostic it shows with the
   * text typed around it, and shrinks it as its text is deleted: a list that comes out the same
   * is sent again all the same, so that one deleted and typed back between two analyses shows
   * again. (Typing on other lines moves nothing the editor shows: the list is not sent.)
   */
  const editedNearSent = new Set<string>();

  function noteChanges(path: string, changes: readonly TextDocumentContentChangeEvent[]): void {
    const sent = published.get(path);
    if (!sent || editedNearSent.has(path)) return;
    if (changes.some((change) => !("range" in change) || changesLines(change) || onSentLine(sent, change.range.start.line))) editedNearSent.add(path);
  }
  let timer: NodeJS.Timeout | undefined;
  let midnight: NodeJS.Timeout | undefined;
  const collector = idleCollector();

  function guard<P, R>(name: string, handler: (params: P) => R): (params: P) => R {
    return (params: P) => {
      lastActivity = performance.now();
      collector.touch();
      try {
        return handler(params);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        connection.console.error(`dun: ${name} failed: ${message}`);
        throw new ResponseError(ErrorCodes.InternalError, `dun: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
  }

  /**
   * What a request about one document reads. `reads` says what of the analysis it needs:
   * - "workspace": the whole analysis (completion offers every id; formatting may read a
   *   context party): a staged analysis under way is finished first;
   * - "part": only its own part's (the models and diagnostics of what the file names): during a
   *   staged analysis, once that part is done, it is answered from the view so far
   *   (`Session.analysisFor`), not after every other part;
   * - "tree": none (the file's tree and the id index): the analysis is worked out only if read.
   */
  function context(document: TextDocumentIdentifier, reads: "workspace" | "part" | "tree" = "workspace"): FeatureContext | undefined {
    const path = uriToPath(document.uri);
    if (reads === "tree") {
      const file = session.latestFile(path);
      return file ? { session, file, get analysis() { return session.current(); } } : undefined;
    }
    const analysis = reads === "part" ? session.analysisFor(path) : session.current();
    const file = session.workspace.getFile(path);
    return file ? { session, analysis, file } : undefined;
  }

  /** When the last request or edit came in: idle work waits for a pause. */
  let lastActivity = 0;

  /** True once the workspace folders have been read (`initialized`). */
  let indexed = false;
  /** True while diagnostics are being worked out and sent (a staged analysis yields between its groups). */
  let publishing = false;
  /** Diagnostics fell due again meanwhile: once the current work is done, they are worked out again. */
  let publishAgain = false;

  /** Sends the diagnostics of every file they may have changed in (all files after a full analysis). */
  async function publishDiagnostics(): Promise<void> {
    timer = undefined;
    // Before the folders are read (`initialized` waits on the client for the settings), an
    // analysis would see the open documents alone, and call unknown every id they name from
    // other files: the first diagnostics are scheduled once the folders are read.
    if (!indexed) return;
    if (publishing) {
      publishAgain = true;
      return;
    }
    publishing = true;
    // The requests already read go first: an editor asks for completion right after the key
    // that changed the text, and it should not wait for this analysis (the connection handles
    // a message per turn of the event loop, each queued as this is).
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    let edit = false;
    try {
      await publishStaged();
      const analysis = session.current();
      const touched = session.takeTouched();
      edit = touched !== "all";
      const paths = touched === "all" ? new Set([...session.workspace.paths(), ...published.keys()]) : new Set([...touched, ...editedNearSent]);
      for (const path of paths) publishFile(path, analysis);
      // What only the next edit needs is done once the messages are written: before, it would
      // hold up the writing (after a full analysis, thousands of messages) by its own time.
      const next = edit ? prepareForEdits : prepareForRequests;
      void connection.sendNotification(Messages.summary, summaryOf(analysis)).then(next, next);
    } catch (error) {
      connection.console.error(`dun: diagnostics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      publishing = false;
    }
    // What an edit costs: an analysis of everything (the first, new settings, a new day) does not count.
    if (edit) lastWorkMs = performance.now() - started;
    collector.touch();
    if (publishAgain) {
      publishAgain = false;
      schedule(0);
    }
  }

  /**
   * An analysis of a whole large workspace (the first, or after new settings or a new day) is
   * made a group of parts at a time, the open documents' parts first: each group's diagnostics
   * are sent, and requests answered, before the next group is analysed. A request that needs
   * the whole analysis finishes it at once (`session.current()`).
   */
  async function publishStaged(): Promise<void> {
    const staged = session.stagedAnalysis();
    if (!staged) return;
    const progress = stagedProgress(session.workspace.size);
    try {
      for (let files = staged.step(); files; files = staged.step()) {
        // A file given a newer text meanwhile is left to the pass that follows, which analyses it.
        for (const file of files) if (session.workspace.getFile(file.path) === file) publishFile(file.path, staged.analysis);
        progress.advance(files.length);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      progress.end();
    }
  }

  /**
   * A staged analysis's progress, where the client shows work done progress ("Dun: checking
   * 4,000 of 9,772 files" in VS Code's status bar). The work does not wait for the client to
   * accept the progress: it shows from the group after, and never once the work is done.
   */
  function stagedProgress(total: number): { advance(files: number): void; end(): void } {
    let reporter: WorkDoneProgressReporter | undefined;
    let checked = 0;
    let shown = -1;
    let ended = false;
    const percent = () => Math.min(100, Math.floor((checked * 100) / Math.max(1, total)));
    const message = () => `checking ${checked.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} files`;
    connection.window.createWorkDoneProgress().then(
      (created) => {
        if (ended) return;
        reporter = created;
        shown = percent();
        reporter.begin("Dun", shown, message());
      },
      () => undefined,
    );
    return {
      advance(files) {
        checked += files;
        if (!reporter || percent() === shown) return;
        shown = percent();
        reporter.report(shown, message());
      },
      end() {
        ended = true;
        reporter?.done();
      },
    };
  }

  /** Sends a file's diagnostics if the client would show them differently than last sent. */
  function publishFile(path: string, analysis: Analysis): void {
    const file = session.workspace.getFile(path);
    const list = file ? analysis.diagnosticsOf(path) : [];
    const before = published.get(path);
    const edited = editedNearSent.delete(path);
    if (!before && list.length === 0) return;
    const positions = file ? lspPositions(file, list) : new Int32Array(0);
    if (before && !edited && sameAsSent(before, list, positions)) return;
    // A copy: the engine may reuse its array; its diagnostics change only by their ranges.
    if (list.length > 0) published.set(path, { list: list.slice(), positions });
    else published.delete(path);
    connection.sendDiagnostics({ uri: pathToUri(path), diagnostics: toLspDiagnostics(list, positions, docs) });
  }

  function prepareForEdits(): void {
    setImmediate(() => idle("preparing for edits", () => session.prepareForEdits()));
  }

  /**
   * After an analysis of the whole workspace: what the next edit needs, then, a slice at a time
   * (requests are answered in between), the id index that navigation and rename read, then
   * chevrotain's parser (typing makes syntax errors, which it reports; it is
   * left out of the server's start).
   */
  function prepareForRequests(): void {
    setImmediate(() => {
      idle("preparing for edits", () => session.prepareForEdits());
      whenQuiet(function slice() {
        if (idle("indexing ids", () => session.prepareIds(IDLE_SLICE_MS))) whenQuiet(slice, 0);
        else whenQuiet(() => idle("loading the parser", () => loadChevrotain()), 0);
      });
    });
  }

  /**
   * Runs `work` on a timer once the server is quiet: no request or edit for QUIET_MS, and the
   * timer not late (a late timer means the server was busy, and what came in meanwhile is still
   * queued, unseen). Timers, not immediates: a request read in between two slices of work is
   * answered (its answer written, on an immediate) before the next slice.
   */
  function whenQuiet(work: () => void, delay = QUIET_MS): void {
    const due = performance.now() + delay;
    setTimeout(() => {
      const now = performance.now();
      if (now - due > LATE_MS || now - lastActivity < QUIET_MS) whenQuiet(work);
      else work();
    }, delay);
  }

  /** Runs idle work; a failure is logged, and the work is left to the request that needs it. */
  function idle<T>(what: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      connection.console.error(`dun: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    }
  }

  /** How long the last recomputation after an edit took. */
  let lastWorkMs = 0;

  function schedule(delay = lastWorkMs < QUICK_MS ? 0 : Math.min(MAX_DIAGNOSTICS_DELAY_MS, Math.round(lastWorkMs))): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void publishDiagnostics(), delay);
  }

  /** Diagnostics change at midnight with no edit: a deadline passes, an invoice falls due. */
  function scheduleMidnight(): void {
    if (midnight) clearTimeout(midnight);
    const now = new Date();
    const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 1);
    midnight = setTimeout(() => {
      session.invalidate();
      schedule(0);
      scheduleMidnight();
    }, next.getTime() - now.getTime());
  }

  async function loadSettings(): Promise<void> {
    if (!supportsConfiguration) return;
    try {
      session.settings = settingsFrom(await connection.workspace.getConfiguration("dun"));
    } catch (error) {
      connection.console.warn(`dun: could not read settings: ${String(error)}`);
    }
    session.invalidate();
  }

  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    supportsConfiguration = capabilities.workspace?.configuration === true;
    supportsWatchedFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    supportsFolderChanges = capabilities.workspace?.workspaceFolders === true;
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? (params.rootUri ? [uriToPath(params.rootUri)] : []);
    session.folders = folders;
    session.snippetSupport = capabilities.textDocument?.completion?.completionItem?.snippetSupport !== false;
    const initialSettings = params.initializationOptions as { settings?: unknown } | undefined;
    if (initialSettings?.settings) session.settings = settingsFrom(initialSettings.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [" ", '"', "/"] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "dun", version: "0.1.0" },
    };
  });

  connection.onInitialized(async () => {
    if (supportsFolderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
        session.indexFolders([...session.folders.filter((f) => !removed.has(f)), ...event.added.map((f) => uriToPath(f.uri))]);
        schedule(0);
      });
    }
    if (supportsWatchedFiles) {
      await connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*" }] })
        .catch((error: unknown) => connection.console.warn(`dun: could not watch the files: ${String(error)}`));
    }
    await loadSettings();
    session.indexFolders(session.folders);
    indexed = true;
    scheduleMidnight();
    schedule(0);
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (supportsConfiguration) await loadSettings();
    else session.settings = settingsFrom((change.settings as { dun?: unknown } | undefined)?.dun);
    session.invalidate();
    schedule(0);
    connection.languages.inlayHint.refresh().catch(() => undefined);
    connection.sendRequest("workspace/codeLens/refresh").catch(() => undefined);
  });

  connection.onDidChangeWatchedFiles((change) => {
    for (const event of change.changes) {
      const kind = event.type === FileChangeType.Deleted ? "deleted" : event.type === FileChangeType.Created ? "created" : "changed";
      session.diskChanged(uriToPath(event.uri), kind);
    }
    schedule();
  });

  documents.onDidChangeContent((change) => {
    lastActivity = performance.now();
    const text: unknown = change.document.getText();
    // A didOpen whose text is not a string (a broken client) would fail every later analysis.
    if (typeof text !== "string") return;
    session.documentChanged(uriToPath(change.document.uri), text);
    schedule();
  });
  documents.onDidClose((event) => {
    session.documentClosed(uriToPath(event.document.uri));
    schedule();
  });

  /** A guarded handler for a request about one document; `fallback` when the server does not know it. */
  function forDocument<P extends { textDocument: TextDocumentIdentifier }, R>(
    name: string,
    fallback: R,
    handler: (context: FeatureContext, params: P) => R,
    reads: "workspace" | "part" | "tree" = "workspace",
  ): (params: P) => R {
    return guard(name, (params: P) => {
      const ctx = context(params.textDocument, reads);
      return ctx ? handler(ctx, params) : fallback;
    });
  }

  connection.onCompletion(guard("completion", (params) => {
    const { analysis, file } = session.typing(uriToPath(params.textDocument.uri));
    return file ? provideCompletion({ session, analysis, file }, params) : [];
  }));
  connection.onHover(forDocument("hover", null, provideHover, "part"));
  connection.onDefinition(forDocument("definition", null, provideDefinition, "tree"));
  connection.onReferences(forDocument("references", [], provideReferences, "tree"));
  connection.onPrepareRename(forDocument("prepareRename", null, prepareRename, "tree"));
  connection.onRenameRequest(forDocument("rename", null, provideRename, "tree"));
  connection.onDocumentSymbol(forDocument("documentSymbol", [], (ctx) => provideDocumentSymbols(ctx), "part"));
  connection.onWorkspaceSymbol(guard("workspaceSymbol", (params) => provideWorkspaceSymbols(session, params.query)));
  connection.onFoldingRanges(forDocument("foldingRange", [], (ctx) => provideFoldingRanges(ctx), "tree"));
  connection.languages.semanticTokens.on(forDocument("semanticTokens", { data: [] }, (ctx) => provideSemanticTokens(ctx), "tree"));
  connection.onDocumentFormatting(forDocument("formatting", [], (ctx, params) => provideFormatting(ctx, params.options)));
  connection.onDocumentRangeFormatting(forDocument("rangeFormatting", [], (ctx, params) => provideFormatting(ctx, params.options, params.range)));
  connection.onCodeAction(forDocument("codeAction", [], provideCodeActions, "part"));
  connection.onCodeLens(forDocument("codeLens", [], (ctx) => (session.settings.codeLensEnabled ? provideCodeLenses(ctx) : []), "part"));
  connection.languages.inlayHint.on(forDocument("inlayHint", [], (ctx, params) => (session.settings.inlayHintsEnabled ? provideInlayHints(ctx, params) : []), "part"));
  connection.onRequest(Messages.statusReport, guard("statusReport", () => statusReport(session.current())));
  connection.onRequest(Messages.debtors, guard("debtors", () => debtors(session.current())));
  connection.onRequest(Messages.generateLetter, guard("generateLetter", (params: GenerateLetterParams) => generateLetter(session, session.current(), params)));
  connection.onRequest(Messages.exportLetterPdf, guard("exportLetterPdf", (params: { uri: string; text: string }) => exportLetterPdf(session, params)));

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) {
  // Never let one bad input end the process: log, and keep serving.
  process.on("uncaughtException", (error) => {
    // A client that closed the pipes: logging the failed write would fail again, for ever.
    if ((error as NodeJS.ErrnoException).code === "EPIPE") return;
    console.error(`dun: uncaught: ${error.stack ?? error.message}`);
  });
  process.on("unhandledRejection", (reason) => console.error(`dun: unhandled rejection: ${String(reason)}`));
  startServer(serverConnection(process.argv.slice(2)));
}

/**
 * The connection the command line asks for (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe=P`).
 * Over stdio the messages go out through our batching writer (./streamWriter.ts), and
 * `console.log` goes to the client's log as vscode-languageserver does, since stdout is the
 * channel.
 */
function serverConnection(args: string[]): Connection {
  if (!args.includes("--stdio")) return createConnection(ProposedFeatures.all);
  // The stream itself, not a reader of it: given a stream, the library also ends the process
  // when stdin closes, as it does for `--stdio` (its types want both sides of one kind).
  const input = process.stdin as unknown as MessageReader;
  const connection = createConnection(ProposedFeatures.all, input, new BatchingStreamWriter(process.stdout));
  const log = (...values: unknown[]) => connection.console.log(format(...values));
  console.log = console.info = console.debug = log;
  console.warn = (...values: unknown[]) => connection.console.warn(format(...values));
  return connection;
}
