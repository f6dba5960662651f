/**
 * `dun`: the command line. `check` and `status` here; each command parses its own flags.
 */
import { isMainThread, workerData } from "node:worker_threads";
import { runCheck } from "./check";
import { runLetter } from "./letter";
import { UsageError } from "../node/disk";
import { writeText, type Output } from "./output";
import { isPartsWorker, runPartsWorker } from "./parts/worker";
import { runStatus } from "./status";

export type { Output } from "./output";

export const MAIN_HELP = `Usage: dun <command> [paths…] [options]

Dun reads plain-text collections ledgers (.dun files) and tells you which invoices are late,
which escalation step is due, which promise or deadline was broken and which claim lacks
evidence.

Commands:
  check    report every problem, one line each (exit 1 when there is an error)
  status   aging report by debtor and each open invoice's next step
  letter   write a demand, final demand or statement of account for a debtor

Run 'dun <command> --help' for a command's options.`;

const COMMANDS: Record<string, (args: string[], cwd: string, out: Output) => number | Promise<number>> = {
  check: runCheck,
  status: runStatus,
  letter: runLetter,
};

export async function main(argv: string[], cwd: string, out: Output): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    out.stderr(MAIN_HELP);
    return 2;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    out.stdout(MAIN_HELP);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    out.stderr(`dun: unknown command '${command}' (expected ${Object.keys(COMMANDS).slice(0, -1).join(", ")} or ${Object.keys(COMMANDS).at(-1)}); see 'dun --help'`);
    return 2;
  }
  try {
    return await run(rest, cwd, out);
  } catch (error) {
    if (error instanceof UsageError) {
      // One line, even where a file name holds a line break.
      out.stderr(error.message.replace(/\r?\n/g, "\\n"));
      return 2;
    }
    throw error;
  }
}

// The bundle is also the script of `dun check`'s worker thread, where `require.main` is it too.
if (!isMainThread && isPartsWorker(workerData)) {
  runPartsWorker(workerData);
} else if (require.main === module) {
  // A reader that stops early (`dun check | head`) closes the pipe: the rest of the report has
  // nowhere to go and is dropped, quietly; the check still ends with its summary and status.
  let readerGone = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    readerGone = true;
  });
  const out: Output = {
    stdout: (line) => {
      if (!readerGone) writeText((text) => process.stdout.write(text), line);
    },
    stderr: (line) => writeText((text) => process.stderr.write(text), line),
  };
  void main(process.argv.slice(2), process.cwd(), out).then((code) => (process.exitCode = code));
}
