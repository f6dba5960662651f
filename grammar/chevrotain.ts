/**
 * What needs chevrotain: the reference parser (every syntax error's message) and the lexer the
 * formatter rebuilds lines with. A bundle of its own, dist/chevrotain.js, which the command
 * line and the server load when a text first needs it (grammar/chevrotainLazy.ts).
 */
export { parseDunChevrotain } from "./chevrotainParse";
export { dunLexer } from "./tokens";
