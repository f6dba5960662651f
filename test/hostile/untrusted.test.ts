/**
 * Untrusted workspaces: no setting can make Dun run a program.
 *
 * 1. The settings schema (package.json) has no setting that names a program, a command, a
 *    shell, arguments or an environment; every string setting is pinned by a pattern or an
 *    enum except two, each of which is only ever compared or joined under the workspace:
 *    `dun.defaultPolicy` (an id looked up among the ledger's policies) and
 *    `dun.lettersFolder` (a folder for letters, refused when it leads out of the workspace).
 *    `settingsFrom` reads only the known keys, with their types, and pollutes no prototype.
 * 2. Statically: in the bundles that run (dist/server.js, dist/cli.js, dist/letters.js,
 *    which both load to write a letter, and dist/chevrotain.js, which both load for a file with
 *    a syntax error) the only code that can start a process is
 *    vscode-languageserver's own `files.js` (resolving global npm or yarn modules, for
 *    servers that ask it to); Dun's code reaches none of it. The bundle is cut
 *    into its modules by esbuild's `// path` markers, and every mention of `child_process`,
 *    `worker_threads` or `process.dlopen` is attributed to its module. One exception:
 *    `dun check` of many files starts a worker thread (server/cli/parts/worker.ts, started
 *    and recognised in server/cli/main.ts) whose script is the bundle itself, `__filename`:
 *    one `new Worker`, given no other script. The same for the network: only
 *    vscode-jsonrpc's socket transport refers to it; the CLI not at all.
 * 3. At run time: the real server is started with a preloaded hook that records every call of
 *    every `child_process` function, and driven through every feature — diagnostics, hover,
 *    completion, code actions and lenses, formatting, symbols, rename, the status report,
 *    letters and their PDF — with settings crafted to look like commands; no call is recorded,
 *    and no file appears outside the workspace.
 *
 * Why this is sound: a program can only be started through `child_process` (or a native
 * addon, `process.dlopen`, or `worker_threads` running code); (2) proves no reachable code of
 * ours refers to them, (3) checks the claim against the running server with hostile settings.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, SETTINGS, settingsFrom } from "../../server/settings";
import { LspClient } from "../lsp/lspClient";
import { budget } from "./support";

const REPO = resolve(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  capabilities: { untrustedWorkspaces: { supported: unknown; description: string } };
  contributes: { commands: { command: string; enablement?: string }[]; configuration: { properties: Record<string, { type: string; pattern?: string; enum?: unknown[]; description: string; additionalProperties?: { enum?: unknown[] } }> } };
};
const properties = manifest.contributes.configuration.properties;

describe("the settings schema", () => {
  it("declares limited support for untrusted workspaces, naming what needs trust", () => {
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe("limited");
    expect(manifest.capabilities.untrustedWorkspaces.description).toMatch(/letters/);
  });

  it("enables the commands that write files (letters, PDFs) only in a trusted workspace", () => {
    const writers = manifest.contributes.commands.filter((c) => /generate|export|letter|pdf/i.test(c.command));
    expect(writers.length).toBeGreaterThanOrEqual(3);
    for (const command of writers) expect(command.enablement, command.command).toMatch(/\bisWorkspaceTrusted\b/);
  });

  it("has no setting that names a program, command, shell, arguments or environment", () => {
    const suspicious = /command|exec|program|binary|shell|script|spawn|run|args|argument|env|path|cwd|interpreter|node|npm|git/i;
    for (const [name, setting] of Object.entries(properties)) {
      expect(name, name).not.toMatch(suspicious);
      expect(setting.description, name).not.toMatch(/\b(command|executable|program|shell|script|run)\b/i);
      expect(["string", "boolean", "object"], name).toContain(setting.type);
    }
  });

  it("pins every string setting by a pattern or an enum, but the policy id and the letters folder", () => {
    const free = Object.entries(properties)
      .filter(([, s]) => s.type === "string" && s.pattern === undefined && s.enum === undefined)
      .map(([name]) => name);
    expect(free.sort()).toEqual(["dun.defaultPolicy", "dun.lettersFolder"]);
    for (const [name, s] of Object.entries(properties)) if (s.type === "object") expect(s.additionalProperties?.enum, name).toBeDefined();
  });

  it("settingsFrom keeps only known keys of the right type, and pollutes no prototype", () => {
    const anything = fc.jsonValue();
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("today", "rules", "currency", "lettersFolder", "defaultPolicy", "codeLens", "__proto__", "constructor", "x"), anything), (section) => {
        const settings = settingsFrom(JSON.parse(JSON.stringify(section)));
        expect(Object.keys(settings).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
        for (const [key, value] of Object.entries(settings)) expect(typeof value, key).toBe(typeof (DEFAULT_SETTINGS as unknown as Record<string, unknown>)[key]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      budget(300, 1001),
    );
    settingsFrom(JSON.parse('{"__proto__": {"polluted": 1}, "rules": {"__proto__": {"polluted": 1}}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(SETTINGS).sort()).toEqual(Object.keys(properties).sort());
  });
});

/** The bundle cut into modules at esbuild's `// path` comment lines: [path, text][]. */
function modules(bundle: string): [string, string][] {
  const parts: [string, string][] = [];
  let current = "(bundle prelude)";
  let lines: string[] = [];
  for (const line of bundle.split("\n")) {
    const marker = /^\/\/ ((?:node_modules|server|grammar|client)\/\S+\.(?:js|ts|mjs|cjs|json))$/.exec(line);
    if (marker) {
      parts.push([current, lines.join("\n")]);
      current = marker[1]!;
      lines = [];
    } else lines.push(line);
  }
  parts.push([current, lines.join("\n")]);
  return parts;
}

const PROCESS_APIS = /child_process|worker_threads|process\.dlopen|process\.binding\(|\bexecve\b/;
const NETWORK_APIS = /require\("(node:)?(net|http|https|http2|dgram|tls)"\)|\bfetch\(|new WebSocket\b/;

describe("the bundles that run refer to no way of starting a program (or reaching the network), but the protocol library's own", () => {
  for (const bundle of ["server.js", "cli.js", "letters.js", "chevrotain.js"]) {
    it(`dist/${bundle}`, () => {
      const text = readFileSync(join(REPO, "dist", bundle), "utf8");
      const parts = modules(text);
      expect(parts.length, "the bundle has module markers").toBeGreaterThan(bundle === "server.js" ? 50 : 20);
      const users = parts.filter(([, body]) => PROCESS_APIS.test(body)).map(([path]) => path);
      const allowed =
        bundle === "server.js"
          ? ["node_modules/vscode-languageserver/lib/node/files.js"]
          : bundle === "cli.js"
            ? ["server/cli/main.ts", "server/cli/parts/worker.ts"]
            : [];
      expect([...new Set(users)].sort()).toEqual(allowed);
      if (bundle === "cli.js") {
        // `dun check`'s worker runs the bundle itself: one Worker, and the only script the
        // command gives it is its own file.
        expect(text.match(/new [\w$]+\.Worker\(/g)).toHaveLength(1);
        expect(text.match(/workerScript: [^,}\s]+/g)).toEqual(["workerScript: __filename"]);
      }
      // The network likewise: only vscode-jsonrpc's socket and pipe transports, used when the
      // client starts the server with --socket or --pipe (VS Code uses stdio or IPC).
      const network = parts.filter(([, body]) => NETWORK_APIS.test(body)).map(([path]) => path);
      expect(network).toEqual(bundle === "server.js" ? ["node_modules/vscode-jsonrpc/lib/node/main.js"] : []);
      // Dun's own modules never call the resolvers in files.js that spawn npm or yarn.
      for (const [path, body] of parts) {
        if (path.startsWith("node_modules/")) continue;
        expect(body, path).not.toMatch(/resolveGlobalNodePath|resolveGlobalYarnPath|resolveModulePath|\bFiles\.resolve/);
      }
    });
  }
});

describe("the running server, driven through every feature with settings that look like commands, starts no process", () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "dun-untrusted-")));
  const ws = join(base, "ws");
  const log = join(base, "spawns.log");
  const hook = join(base, "hook.cjs");
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("records no child_process call and writes nothing outside the workspace", async () => {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(ws);
    writeFileSync(
      hook,
      `const cp = require("node:child_process"); const fs = require("node:fs");
fs.writeFileSync(${JSON.stringify(join(base, "hook-loaded"))}, String(process.pid));
for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
  const original = cp[name];
  cp[name] = function (...args) { fs.appendFileSync(${JSON.stringify(log)}, name + " " + JSON.stringify(args[0]) + "\\n"); return original.apply(this, args); };
}
const wt = require("node:worker_threads"); const Worker = wt.Worker;
wt.Worker = function (...args) { fs.appendFileSync(${JSON.stringify(log)}, "Worker " + JSON.stringify(String(args[0])) + "\\n"); return new Worker(...args); };
`,
    );
    const ledger = `party acme "Acme"\n  self\n  address "1 Road"\n\nparty globex "Globex"\n  address "2 Street"\n\n2026-01-05 contract C globex\n  late-fee 1.5% monthly\n  interest 10% yearly\n  evidence "$(touch ${base}/pwned-evidence)"\n\n2026-02-01 invoice INV-1 C 1,000.00\n  evidence "\`touch ${base}/pwned-backtick\`"\n`;
    writeFileSync(join(ws, "case.dun"), ledger);
    const hostile: Record<string, unknown> = {
      today: "$(touch /tmp/dun-pwned-today)",
      currency: "USD", // a command here would only make every amount a bad-currency: tried below
      defaultPolicy: "`touch /tmp/dun-pwned-policy`",
      lettersFolder: `letters; touch ${base}/pwned-letters`,
      rules: { overdue: "$(id)", syntax: 42, "__proto__": { polluted: 1 } },
      letters: { paper: "a4; reboot" },
    };
    const previous = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${previous ?? ""} --require ${hook}`.trim();
    const client = new LspClient(hostile);
    process.env.NODE_OPTIONS = previous;
    if (previous === undefined) delete process.env.NODE_OPTIONS;
    try {
      await client.initialize(ws);
      await client.waitFor("the first summary", () => client.notifications.some((n) => n.method === "dun/summary"), 20_000);
      const path = join(ws, "case.dun");
      const uri = await client.open(path, ledger);
      const diagnostics = await client.waitForDiagnostics(uri, (list) => list.length > 0);
      const doc = { textDocument: { uri } };
      const at = { ...doc, position: { line: 12, character: 22 } };
      const whole = { start: { line: 0, character: 0 }, end: { line: 14, character: 0 } };
      const requests: [string, unknown][] = [
        ["textDocument/hover", at],
        ["textDocument/completion", at],
        ["textDocument/definition", at],
        ["textDocument/references", { ...at, context: { includeDeclaration: true } }],
        ["textDocument/prepareRename", at],
        ["textDocument/rename", { ...at, newName: "INV-2" }],
        ["textDocument/codeAction", { ...doc, range: whole, context: { diagnostics } }],
        ["textDocument/codeLens", doc],
        ["textDocument/inlayHint", { ...doc, range: whole }],
        ["textDocument/formatting", { ...doc, options: { tabSize: 2, insertSpaces: true } }],
        ["textDocument/documentSymbol", doc],
        ["textDocument/foldingRange", doc],
        ["textDocument/semanticTokens/full", doc],
        ["workspace/symbol", { query: "" }],
        ["dun/statusReport", null],
        ["dun/debtors", null],
        ["dun/generateLetter", { kind: "demand", targets: ["globex"], pdf: true }],
        ["dun/generateLetter", { kind: "statement", targets: ["globex"] }],
        ["dun/exportLetterPdf", { uri: LspClient.uri(join(ws, "letter.md")), text: "# Letter\n\nText.\n" }],
      ];
      for (const [method, params] of requests) {
        await client.connection.sendRequest(method, params).catch(() => undefined); // refusals are fine; spawning is not
      }
      hostile.currency = "; touch /tmp/dun-pwned"; // the client answers the server's next configuration request with it
      await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: { dun: hostile } });
      await client.connection.sendRequest("textDocument/hover", at).catch(() => undefined);
      expect(client.alive).toBe(true);
    } finally {
      await client.stop();
    }
    let spawned = "";
    try {
      spawned = readFileSync(log, "utf8");
    } catch {
      // no log: nothing was started
    }
    expect(readFileSync(join(base, "hook-loaded"), "utf8"), "the hook ran in the server").toMatch(/^\d+$/);
    expect(spawned, "child_process calls").toBe("");
    expect(readdirSync(base).sort()).toEqual(["hook-loaded", "hook.cjs", "ws"]);
    // The letters (with a PDF) were written, inside the workspace.
    const written = readdirSync(ws, { recursive: true }).map(String);
    expect(written.some((name) => name.endsWith("globex-demand.pdf")), written.join(", ")).toBe(true);
    expect(written.some((name) => name.endsWith("globex-statement.md")), written.join(", ")).toBe(true);
    expect(readdirSync("/tmp").filter((name) => name.startsWith("dun-pwned"))).toEqual([]);
  });
});
