/**
 * The letters module, loaded when a letter is first asked for. scripts/build.mjs bundles
 * server/letters/ on its own as dist/letters.js (with mustache, pdfkit and fontkit, most of
 * the code Dun ships) and points this `require` at it, so that `dun check`, `dun status` and
 * the language server start without reading or compiling any of it. Callers import types
 * from "../letters" and values only through `loadLetters()`.
 */
export function loadLetters(): typeof import("./index") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./index");
}
