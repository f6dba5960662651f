/** The `.dun` grammar: tokens, parser and typed tree. No editor or file-system code here. */
export * from "./ast";
export { parseDun } from "./parse";
export { LineIndex, type Position } from "./lineIndex";
export { CHANNELS, DATED_KINDS, ENTRY_KINDS, PROPERTIES_BY_KIND, REPEATABLE_PROPERTIES, STEP_KINDS, type StepKind, type Channel } from "./schema";
export { isCalendarDate, parseDecimal, quote, unquote } from "./values";
export { KEYWORDS } from "./keywords";
