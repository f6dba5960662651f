/**
 * Dun's language server in Emacs 28 with eglot (Debian's `emacs-nox` and `elpa-eglot`), in
 * batch: ./dun-test.el loads ./dun-mode.el (the configuration the README shows) and runs the
 * checks of ../scenarios.ts. Run with `npm run test:emacs`.
 */
import { join } from "node:path";
import { editorSuite } from "../editorSuite";

editorSuite({
  title: "Emacs (batch, eglot)",
  name: "emacs",
  config: join(__dirname, "dun-mode.el"),
  // No -Q: it would skip Debian's start-up file, which puts eglot on the load path.
  command: () => ({ command: "emacs", args: ["--batch", "-l", join(__dirname, "dun-test.el")] }),
});
