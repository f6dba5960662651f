/**
 * Decoding of token text into values: dates, decimals, days, strings. Every function here is
 * total (never throws), because the parser calls them while recording its grammar too.
 */
import type { DecimalValue } from "./ast";

/** True for a real calendar date in `YYYY-MM-DD` form. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** `-1,234.50` → { negative: true, digits: "123450", scale: 2 }. */
export function parseDecimal(text: string): DecimalValue {
  let body = text.replace(/[,%]/g, "");
  const negative = body.startsWith("-");
  if (negative) body = body.slice(1);
  const point = body.indexOf(".");
  const scale = point < 0 ? 0 : body.length - point - 1;
  const digits = (point < 0 ? body : body.slice(0, point) + body.slice(point + 1)).replace(/^0+(?=\d)/, "");
  return { negative: negative && /[1-9]/.test(digits), digits: digits || "0", scale };
}

/** `14d` → 14. */
export function parseDays(text: string): number {
  return Number.parseInt(text, 10) || 0;
}

/** The text of a string literal between its quotes, with `\"` and `\\` resolved. */
export function unquote(literal: string): string {
  const inner = literal.length >= 2 && literal.endsWith('"') ? literal.slice(1, -1) : literal.slice(1);
  return inner.includes("\\") ? inner.replace(/\\(.)/g, "$1") : inner;
}

/** The literal for a text value: the inverse of `unquote`. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
