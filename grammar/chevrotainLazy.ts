/**
 * grammar/chevrotain.ts, loaded when first needed: a file with a syntax error, or a line the
 * formatter rebuilds. A valid workspace is parsed by the fast path alone, and chevrotain, its
 * tokens and the parser's code are neither compiled nor run: they took ~20 ms of every start of
 * `dun` and of the server. scripts/build.mjs bundles grammar/chevrotain.ts on its own as
 * dist/chevrotain.js and points this `require` at it; the tests (vitest.config.mts) load it
 * in the ordinary way.
 */
export function loadChevrotain(): typeof import("./chevrotain") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./chevrotain");
}
