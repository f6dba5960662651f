// One extension activation, as VS Code does it, timed: `require("dist/extension.js")`, then
// `activate(context)` until it returns (or, when it returns a promise, until that settles).
// Run by bench/run.mjs in a fresh process each time:
//
//   node bench/activation.cjs [EXTENSION_JS]     → prints {"requireMs":…,"activateMs":…,"totalMs":…}
//
// `vscode` is a stub (the host is not here): what the extension and the language client touch
// while activating is modelled plainly (settings, status bar, commands, workspace folder,
// events), anything else is an inert object. Activation ends when activate() returns: the
// server starts in its own process afterwards, and is not part of it. The process exits as
// soon as activate() has returned, before the language client gets to start the server (an
// activate() that waits for its server starts it, and has it stopped on exit).
"use strict";
const Module = require("node:module");
const { join, resolve } = require("node:path");

const extension = resolve(process.argv[2] ?? join(__dirname, "..", "dist", "extension.js"));
const folder = resolve(__dirname, "..");

/** Anything: callable, constructible, every property another such thing; never a thenable. */
function inert() {
  const cache = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(_, key) {
      if (key === "then") return undefined;
      if (key === Symbol.toPrimitive) return () => 0;
      if (key === Symbol.iterator) return function* () {};
      if (key === "prototype") return target.prototype;
      if (!cache.has(key)) cache.set(key, inert());
      return cache.get(key);
    },
    apply: () => inert(),
    construct: () => inert(),
  });
}

class Disposable {
  constructor(dispose = () => {}) {
    this.dispose = dispose;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((item) => item?.dispose?.()));
  }
}

class EventEmitter {
  listeners = new Set();
  event = (listener, thisArg, disposables) => {
    const bound = thisArg ? listener.bind(thisArg) : listener;
    this.listeners.add(bound);
    const disposable = new Disposable(() => this.listeners.delete(bound));
    disposables?.push?.(disposable);
    return disposable;
  };
  fire(value) {
    for (const listener of this.listeners) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

const noEvent = () => new Disposable();
const uri = (path) => ({ scheme: "file", authority: "", path, query: "", fragment: "", fsPath: path, toString: () => `file://${path}`, with: () => uri(path) });
const settings = { get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => {} };

const api = {
  version: "1.85.0",
  Disposable,
  EventEmitter,
  Uri: { file: uri, parse: (text) => uri(text.replace(/^file:\/\//, "")), joinPath: (base, ...parts) => uri(join(base.fsPath, ...parts)) },
  StatusBarAlignment: { Left: 1, Right: 2 },
  workspace: {
    workspaceFolders: [{ uri: uri(folder), name: "dun", index: 0 }],
    getConfiguration: () => settings,
    textDocuments: [],
    isTrusted: true,
    onDidChangeConfiguration: noEvent,
    onDidOpenTextDocument: noEvent,
    onDidChangeTextDocument: noEvent,
    onDidCloseTextDocument: noEvent,
    onDidSaveTextDocument: noEvent,
    onWillSaveTextDocument: noEvent,
    onDidChangeWorkspaceFolders: noEvent,
    createFileSystemWatcher: () => ({ onDidCreate: noEvent, onDidChange: noEvent, onDidDelete: noEvent, dispose() {} }),
  },
  window: {
    createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
    createOutputChannel: (name) => ({ name, append() {}, appendLine() {}, replace() {}, clear() {}, show() {}, hide() {}, dispose() {} }),
    showErrorMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showInformationMessage: async () => undefined,
    activeTextEditor: undefined,
    visibleTextEditors: [],
    onDidChangeActiveTextEditor: noEvent,
    onDidChangeVisibleTextEditors: noEvent,
  },
  commands: { registerCommand: () => new Disposable(), executeCommand: async () => undefined },
  languages: {
    createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, forEach() {}, get: () => undefined, has: () => false, dispose() {} }),
    match: () => 0,
  },
  env: { language: "en", appName: "bench", machineId: "bench", sessionId: "bench", uriScheme: "vscode", openExternal: async () => false },
  extensions: { getExtension: () => undefined, all: [] },
};
/** A namespace: its modelled members, and an inert thing for any other. */
const namespace = (members) => new Proxy(members, { get: (target, key) => (key in target || typeof key === "symbol" ? target[key] : (target[key] = inert())) });
for (const key of ["workspace", "window", "commands", "languages", "env", "extensions"]) api[key] = namespace(api[key]);
const vscode = namespace(api);

// `require("vscode")` from the bundle gets the stub.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "vscode" ? "vscode" : resolveFilename.call(this, request, ...rest);
};
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: vscode };

const context = {
  subscriptions: [],
  extensionPath: folder,
  extensionUri: uri(folder),
  asAbsolutePath: (relative) => join(folder, relative),
  globalState: { get: () => undefined, update: async () => {}, keys: () => [] },
  workspaceState: { get: () => undefined, update: async () => {}, keys: () => [] },
  storageUri: undefined,
  globalStorageUri: uri(join(folder, ".cache")),
  logUri: uri(join(folder, ".cache")),
  extensionMode: 1,
  environmentVariableCollection: inert(),
  secrets: inert(),
};

// An extension that waits for its server in activate() starts it here: it is stopped on exit.
const childProcess = require("node:child_process");
const children = [];
for (const name of ["fork", "spawn"]) {
  const original = childProcess[name];
  childProcess[name] = (...args) => {
    const child = original.apply(childProcess, args);
    children.push(child);
    return child;
  };
}
process.on("exit", () => children.forEach((child) => child.kill()));

function report(start, required) {
  const end = performance.now();
  process.stdout.write(`${JSON.stringify({ requireMs: required - start, activateMs: end - required, totalMs: end - start })}\n`);
  process.exit(0);
}

const start = performance.now();
const { activate } = require(extension);
const required = performance.now();
const result = activate(context);
if (result && typeof result.then === "function") {
  result.then(
    () => report(start, required),
    (error) => {
      process.stderr.write(`activate() failed: ${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
} else {
  report(start, required);
}
