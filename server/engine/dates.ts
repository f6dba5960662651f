/**
 * Date-only arithmetic on ISO dates (`YYYY-MM-DD`). ISO strings compare correctly as strings,
 * so the engine keeps dates in that form; day counts go through day numbers. Calendar month
 * arithmetic (month ends, leap years) is date-fns's.
 */
import { addMonths } from "date-fns";

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;

/**
 * The first and last days an ISO date with a four-digit year names (0000-01-01, 9999-12-31).
 * Arithmetic that would leave them (`terms net 999999999999`, a `99999999d` deadline) stops
 * there: every result is a date of the same form, and nothing throws.
 */
const FIRST_DAY = -719_528;
const LAST_DAY = 2_932_896;

/**
 * A ledger uses a few thousand distinct dates at most, and figures convert the same ones again
 * and again: day numbers back to dates, and month steps, are remembered (bounded, so odd input
 * cannot grow them forever). Dates to day numbers are counted instead: a lookup keyed by a date
 * string costs more than the arithmetic.
 */
const CACHE_LIMIT = 100_000;
const isoDates = new Map<number, IsoDate>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** Days since 1970-01-01 (UTC, so no daylight-saving day is ever 23 hours long). */
export function dayNumber(date: IsoDate): number {
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 7);
  const day = digitsAt(date, 8, 10);
  if (date.length === 10 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 0) {
    return civilDayNumber(year, month, day);
  }
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const moment = new Date(0);
  moment.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return moment.getTime() / MS_PER_DAY;
}

/** The decimal number written at `from` up to `to`, or -1 where a character is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The proleptic Gregorian calendar's day number, as `Date` counts it (a day past the month's
 * end runs on into the next month): years counted from March, so the leap day comes last,
 * in 400-year eras of 146,097 days. (H. Hinnant, "chrono-compatible low-level date algorithms".)
 */
function civilDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The date of a day number, clamped to 0000-01-01 … 9999-12-31. */
export function fromDayNumber(day: number): IsoDate {
  const clamped = day >= FIRST_DAY ? Math.min(day, LAST_DAY) : FIRST_DAY;
  const known = isoDates.get(clamped);
  if (known !== undefined) return known;
  return remember(isoDates, clamped, new Date(clamped * MS_PER_DAY).toISOString().slice(0, 10));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Month steps remembered by day number, then by number of months (late fees step through the
 * months after each due date, month by month): no key string is built per step. At most
 * CACHE_LIMIT steps are kept, as for the other conversions; 120,000 months span every
 * four-digit year.
 */
const monthSteps = new Map<number, IsoDate[]>();
let monthStepsKept = 0;

/**
 * `months` calendar months after `date`, on the same day of the month or the month's last day
 * where it has none: 2026-01-31 + 1 → 2026-02-28, + 2 → 2026-03-31.
 */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  const key = dayNumber(date);
  if (!Number.isInteger(months) || months < 0 || months > 120_000 || !Number.isInteger(key)) return computeCalendarMonths(date, months);
  let steps = monthSteps.get(key);
  const known = steps?.[months];
  if (known !== undefined) return known;
  if (monthStepsKept >= CACHE_LIMIT) {
    monthSteps.clear();
    monthStepsKept = 0;
    steps = undefined;
  }
  if (!steps) monthSteps.set(key, (steps = []));
  monthStepsKept++;
  return (steps[months] = computeCalendarMonths(date, months));
}

function computeCalendarMonths(date: IsoDate, months: number): IsoDate {
  // setFullYear, not the constructor: the constructor reads years 0–99 as 1900–1999.
  const local = new Date(2000, 0, 1);
  local.setFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const moved = addMonths(local, months);
  if (!(moved.getFullYear() <= 9999)) return fromDayNumber(LAST_DAY);
  const y = String(moved.getFullYear()).padStart(4, "0");
  const m = String(moved.getMonth() + 1).padStart(2, "0");
  const d = String(moved.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** Today's local date. */
export function localToday(now: Date = new Date()): IsoDate {
  const y = String(now.getFullYear()).padStart(4, "0");
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** "1 day", "48 days". */
export function formatDays(days: number): string {
  return days === 1 ? "1 day" : `${days} days`;
}
