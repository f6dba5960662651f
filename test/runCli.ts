/** Runs the built command line (`node dist/cli.js …`) as a process, as a user's shell would. */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const CLI = resolve(__dirname, "..", "dist", "cli.js");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `dun ARGS` in `cwd`; killed (and resolved with a null code) after `timeoutMs`. */
export function runDun(args: string[], cwd: string, timeoutMs = 15_000): Promise<Run> {
  return runDunWith(CLI, args, cwd, timeoutMs);
}

/** As `runDun`, with the command's script at `cli` (a copy of dist/cli.js elsewhere). */
export function runDunWith(cli: string, args: string[], cwd: string, timeoutMs = 15_000): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * `dun ARGS` whose reader closes the pipe at once, as `dun check | head` does once it has its
 * lines: the exit status and stderr, which must hold no trace of the failed writes.
 */
export function runDunReaderGone(args: string[], cwd: string, timeoutMs = 15_000): Promise<Omit<Run, "stdout">> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}
