/**
 * grammar/chevrotainLazy.ts for the tests (vitest.config.mts points every import of it here):
 * vitest runs the TypeScript sources, where its `require("./chevrotain")` finds no module. The
 * bundles load dist/chevrotain.js there instead, which the command-line and protocol tests run.
 */
import * as chevrotain from "../grammar/chevrotain";

export function loadChevrotain(): typeof chevrotain {
  return chevrotain;
}
