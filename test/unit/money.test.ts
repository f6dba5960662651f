/** Exact money and date arithmetic, with values worked out by hand. */
import { describe, expect, it } from "vitest";
import { parseDecimal } from "../../grammar";
import { addCalendarMonths, addDays, daysBetween } from "../../server/engine/dates";
import { currencyExponent, divideRounded, formatMoney, percentOf, plainAmount, toMinorUnits } from "../../server/engine/money";

describe("money", () => {
  it("knows each currency's minor unit", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("BHD")).toBe(3);
    expect(currencyExponent("XYZ")).toBeUndefined();
  });

  it("converts written amounts to minor units exactly", () => {
    expect(toMinorUnits(parseDecimal("42,000.00"), 2)).toEqual({ ok: true, units: 4_200_000 });
    expect(toMinorUnits(parseDecimal("0.1"), 2)).toEqual({ ok: true, units: 10 });
    expect(toMinorUnits(parseDecimal("-5"), 2)).toEqual({ ok: true, units: -500 });
    expect(toMinorUnits(parseDecimal("1,250,000"), 0)).toEqual({ ok: true, units: 1_250_000 });
    expect(toMinorUnits(parseDecimal("12.345"), 3)).toEqual({ ok: true, units: 12_345 });
  });

  it("refuses more decimals than the currency has", () => {
    expect(toMinorUnits(parseDecimal("12.345"), 2)).toMatchObject({ ok: false, problem: "too-many-decimals" });
    expect(toMinorUnits(parseDecimal("5.5"), 0)).toMatchObject({ ok: false, problem: "too-many-decimals" });
    expect(toMinorUnits(parseDecimal("99999999999999999999"), 2)).toMatchObject({ ok: false, problem: "too-large" });
  });

  it("adds 0.1 + 0.2 without float drift", () => {
    const a = toMinorUnits(parseDecimal("0.10"), 2);
    const b = toMinorUnits(parseDecimal("0.20"), 2);
    if (!a.ok || !b.ok) throw new Error("parse");
    expect(plainAmount(a.units + b.units, "USD")).toBe("0.30");
  });

  it("rounds half away from zero", () => {
    expect(divideRounded(5n, 2n)).toBe(3n); // 2.5 → 3
    expect(divideRounded(-5n, 2n)).toBe(-3n); // −2.5 → −3
    expect(divideRounded(7n, 3n)).toBe(2n); // 2.33 → 2
    // 1.5% of 2,000.50 USD = 30.0075 → 30.01
    expect(percentOf(200_050, parseDecimal("1.5%"))).toBe(3_001);
    // 1.5% of 1,234.30 = 18.5145 → 18.51
    expect(percentOf(123_430, parseDecimal("1.5%"))).toBe(1_851);
  });

  it("formats money as people write it", () => {
    expect(formatMoney(3_268_058, "USD")).toBe("32,680.58 USD");
    expect(formatMoney(1_250_000, "JPY")).toBe("1,250,000 JPY");
    expect(formatMoney(-1_000, "USD")).toBe("-10.00 USD");
    expect(formatMoney(5, "USD")).toBe("0.05 USD");
    expect(formatMoney(12_345, "BHD")).toBe("12.345 BHD");
    expect(plainAmount(4_200_000, "USD")).toBe("42000.00");
  });
});

describe("dates", () => {
  it("clamps calendar months to the month's end, counting from the original day", () => {
    expect(addCalendarMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addCalendarMonths("2026-01-31", 2)).toBe("2026-03-31");
    expect(addCalendarMonths("2026-01-31", 3)).toBe("2026-04-30");
    expect(addCalendarMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addCalendarMonths("2026-12-15", 1)).toBe("2027-01-15");
  });

  it("counts calendar days across month ends, leap days and daylight-saving changes", () => {
    expect(daysBetween("2026-03-03", "2026-05-04")).toBe(62); // 28 + 30 + 4
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2); // 02-29 exists
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2); // across the EU clock change
    expect(addDays("2026-02-01", 30)).toBe("2026-03-03");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});
