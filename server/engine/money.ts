/**
 * Exact money: amounts are integers of the currency's minor unit (cents for USD, yen for JPY),
 * held as safe integers; products and sums that could grow past 2^53 are done in BigInt.
 * Never a binary fraction.
 */
import currencyCodes from "currency-codes";
import type { DecimalValue } from "../../grammar";

/** Minor units of a currency: 2 for USD, 0 for JPY, 3 for BHD. Undefined for an unknown code. */
export function currencyExponent(code: string): number | undefined {
  EXPONENTS ??= exponentTable();
  return EXPONENTS.get(code.toUpperCase());
}

/** ISO 4217 code → decimals, built once (the package's own lookup scans its whole list per call). */
let EXPONENTS: Map<string, number> | undefined;

function exponentTable(): Map<string, number> {
  const table = new Map<string, number>();
  for (const info of currencyCodes.data) if (!table.has(info.code)) table.set(info.code, info.digits);
  return table;
}

export function isKnownCurrency(code: string): boolean {
  return currencyExponent(code) !== undefined;
}

export type ToMinorResult =
  | { ok: true; units: number }
  | { ok: false; problem: "too-many-decimals" | "too-large"; exponent: number };

/** `42,000.00` in USD → 4200000 cents; fails for more decimals than the currency has. */
export function toMinorUnits(value: DecimalValue, exponent: number): ToMinorResult {
  let digits = value.digits;
  let scale = value.scale;
  // Trailing zeros beyond the currency's decimals carry no meaning ("85.000 JPY" is not 85.000).
  while (scale > exponent && digits.endsWith("0") && digits.length > 1) {
    digits = digits.slice(0, -1);
    scale--;
  }
  if (scale > exponent) {
    if (/^0+$/.test(digits)) return { ok: true, units: 0 };
    return { ok: false, problem: "too-many-decimals", exponent };
  }
  if (fitsExactly(digits, exponent - scale)) {
    const units = Number(digits) * 10 ** (exponent - scale);
    return { ok: true, units: value.negative ? -units : units };
  }
  const units = BigInt(digits) * 10n ** BigInt(exponent - scale);
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, problem: "too-large", exponent };
  const result = Number(units);
  return { ok: true, units: value.negative ? -result : result };
}

/**
 * At most 15 decimal digits once shifted: the number and its product by a power of ten are
 * exact doubles (below 2^53), so the BigInt arithmetic can be skipped with the same result.
 */
function fitsExactly(digits: string, shift: number): boolean {
  if (digits.length + shift > 15) return false;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Integer division rounded half away from zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  if ((n % d) * 2n >= d) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** `percent` of `units` (a percent written as a decimal, e.g. 1.5%), rounded to the minor unit. */
export function percentOf(units: number | bigint, percent: DecimalValue): number {
  const rate = BigInt(percent.digits) * (percent.negative ? -1n : 1n);
  return Number(divideRounded(BigInt(units) * rate, 100n * 10n ** BigInt(percent.scale)));
}

function splitUnits(units: number, exponent: number): { sign: string; whole: string; fraction: string } {
  const sign = units < 0 ? "-" : "";
  // Past 2^53 (reported as bad-amount) String() would write `1e+21`: keep the digits instead.
  const magnitude = Number.isSafeInteger(units) ? String(Math.abs(units)) : Number.isFinite(units) ? BigInt(Math.abs(Math.trunc(units))).toString() : "0";
  const digits = magnitude.padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? digits.slice(digits.length - exponent) : "";
  return { sign, whole, fraction };
}

/** `4200000, "USD"` → `42000.00`: the machine form (JSON, canonical files). */
export function plainAmount(units: number, currency: string): string {
  const { sign, whole, fraction } = splitUnits(units, currencyExponent(currency) ?? 2);
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** `4200000, "USD"` → `42,000.00`: grouped, as people write it. */
export function groupedAmount(units: number, currency: string): string {
  const { sign, whole, fraction } = splitUnits(units, currencyExponent(currency) ?? 2);
  const grouped = whole.length > 3 ? groupThousands(whole) : whole;
  return fraction ? `${sign}${grouped}.${fraction}` : `${sign}${grouped}`;
}

/** `1234567` → `1,234,567`: a comma before each group of three digits from the right. */
function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  let grouped = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return grouped;
}

/** `4200000, "USD"` → `42,000.00 USD`: how messages and letters show money. */
export function formatMoney(units: number, currency: string): string {
  return `${groupedAmount(units, currency)} ${currency}`;
}

/** A percent as written, for messages: `1.5%`. */
export function formatPercent(percent: DecimalValue): string {
  const digits = percent.digits.padStart(percent.scale + 1, "0");
  const whole = digits.slice(0, digits.length - percent.scale);
  const fraction = percent.scale > 0 ? `.${digits.slice(digits.length - percent.scale)}` : "";
  return `${percent.negative ? "-" : ""}${whole}${fraction}%`;
}
