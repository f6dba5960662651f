/**
 * Money against an independent reference: random invoices under a contract with random
 * terms, late fee (fixed or percent, monthly or once) and interest, with random payments,
 * credits, payments to the party (split oldest due first), refunds, write-offs and noise in
 * another currency, all on random dates around a random today. The engine's figures must
 * equal LANGUAGE.md §5 worked out here from scratch in BigInt — own calendar arithmetic
 * (days from civil dates, month ends), interest summed day by day, each fee and the interest
 * sum rounded once, half away from zero — and `dun status`'s decimal strings must write
 * those integers exactly. No floating point anywhere in the reference.
 *
 * Amounts up to 4 × 10^15 minor units: where the amount, payments, credits, fees and interest of
 * an invoice together pass 2^53 − 1 the engine cannot promise exact figures, and must say so
 * with a `bad-amount` on the invoice; everywhere else it must be exact and say nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { statusOf } from "../../server/engine";
import { checkTexts } from "../helpers";
import { budget } from "./support";

// --- calendar (Howard Hinnant's civil-date algorithms, integers only) ---------------------------

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d];
}

const iso = (day: number) => {
  const [y, m, d] = civilFromDays(day);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
};

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLength = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** Month k after `day`: same day of the month, or the month's last day where it has none. */
function addMonths(day: number, k: number): number {
  const [y, m, d] = civilFromDays(day);
  const index = y * 12 + (m - 1) + k;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return daysFromCivil(year, month, Math.min(d, monthLength(year, month)));
}

// --- exact arithmetic ---------------------------------------------------------------------------

/** n / d rounded half away from zero. */
function roundHalfAway(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const a = n < 0n ? -n : n;
  const b = d < 0n ? -d : d;
  const q = (2n * a + b) / (2n * b);
  return negative ? -q : q;
}

const EXPONENT = { USD: 2, EUR: 2, JPY: 0, BHD: 3 } as const;
type Currency = keyof typeof EXPONENT;

/** Minor units as the engine's JSON writes them: `-1234.50`. */
function plain(units: bigint, currency: Currency): string {
  const e = EXPONENT[currency];
  const digits = (units < 0n ? -units : units).toString().padStart(e + 1, "0");
  const whole = digits.slice(0, digits.length - e);
  return `${units < 0n ? "-" : ""}${whole}${e ? `.${digits.slice(digits.length - e)}` : ""}`;
}

/** Minor units as a person might write them: grouped or not, trailing zeros or not. */
function written(units: bigint, currency: Currency, grouped: boolean, short: boolean): string {
  let text = plain(units, currency);
  if (short && text.includes(".")) text = text.replace(/\.?0+$/, "");
  if (grouped) {
    const [whole, fraction] = text.split(".");
    text = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fraction !== undefined ? `.${fraction}` : "");
  }
  return text;
}

interface Rate {
  numerator: bigint;
  scale: number;
}
const rateText = (r: Rate) => {
  const digits = r.numerator.toString().padStart(r.scale + 1, "0");
  return `${r.scale ? `${digits.slice(0, digits.length - r.scale)}.${digits.slice(digits.length - r.scale)}` : digits}%`;
};
const rateDenominator = (r: Rate) => 100n * 10n ** BigInt(r.scale);

// --- the random case ----------------------------------------------------------------------------

interface InvoiceCase {
  date: number;
  due?: number;
  amount: bigint;
}
type EventCase =
  | { kind: "payment" | "credit"; invoice: number; date: number; units: bigint; foreign: boolean }
  | { kind: "party"; date: number; units: bigint }
  | { kind: "write-off"; invoice: number; date: number };

interface MoneyCase {
  currency: Currency;
  net?: number;
  fee?: { period: "monthly" | "once"; fixed?: bigint; percent?: Rate };
  interest?: Rate;
  invoices: InvoiceCase[];
  events: EventCase[];
  today: number;
  style: { grouped: boolean; short: boolean; code: boolean };
}

const START = daysFromCivil(2024, 1, 1);
const day = fc.integer({ min: START, max: START + 4 * 365 });
const rate = fc.record({ numerator: fc.bigInt({ min: 0n, max: 3000n }), scale: fc.integer({ min: 0, max: 3 }) });

function moneyCase(maxUnits: bigint): fc.Arbitrary<MoneyCase> {
  const units = fc.oneof(fc.bigInt({ min: 1n, max: 500n }), fc.bigInt({ min: 1n, max: 10_000_000n }), fc.bigInt({ min: 1n, max: maxUnits }));
  const invoice = fc.record({ date: day, due: fc.option(day, { nil: undefined }), amount: units });
  return fc
    .record({
      currency: fc.constantFrom<Currency>("USD", "EUR", "JPY", "BHD"),
      net: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
      fee: fc.option(
        fc.oneof(
          fc.record({ period: fc.constantFrom<"monthly" | "once">("monthly", "once"), percent: rate }),
          fc.record({ period: fc.constantFrom<"monthly" | "once">("monthly", "once"), fixed: fc.bigInt({ min: 0n, max: 100_000n }) }),
        ),
        { nil: undefined },
      ),
      interest: fc.option(rate, { nil: undefined }),
      invoices: fc.array(invoice, { minLength: 1, maxLength: 3 }),
      events: fc.array(
        fc.oneof(
          { weight: 5, arbitrary: fc.record({ kind: fc.constant<"payment">("payment"), invoice: fc.nat(), date: day, units, foreign: fc.boolean() }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant<"payment">("payment"), invoice: fc.nat(), date: day, units: units.map((u) => -u), foreign: fc.constant(false) }) },
          { weight: 2, arbitrary: fc.record({ kind: fc.constant<"credit">("credit"), invoice: fc.nat(), date: day, units, foreign: fc.boolean() }) },
          { weight: 2, arbitrary: fc.record({ kind: fc.constant<"party">("party"), date: day, units }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant<"write-off">("write-off"), invoice: fc.nat(), date: day }) },
        ),
        { maxLength: 10 },
      ),
      today: day,
      style: fc.record({ grouped: fc.boolean(), short: fc.boolean(), code: fc.boolean() }),
    })
    .map((c) => ({
      ...c,
      events: c.events.map((e) => ("invoice" in e ? { ...e, invoice: e.invoice % c.invoices.length } : e)),
    })) as fc.Arbitrary<MoneyCase>;
}

function ledgerText(c: MoneyCase): string {
  const w = (units: bigint) => written(units, c.currency, c.style.grouped, c.style.short);
  const other: Currency = c.currency === "JPY" ? "USD" : "JPY";
  const lines = ['party us "Us"', "  self", 'party d "Debtor"', `${iso(START - 30)} contract C d`, `  currency ${c.currency}`];
  if (c.net !== undefined) lines.push(c.net === 0 ? "  terms due-on-receipt" : `  terms net ${c.net}`);
  if (c.fee) lines.push(`  late-fee ${c.fee.fixed !== undefined ? w(c.fee.fixed) : rateText(c.fee.percent!)} ${c.fee.period}`);
  if (c.interest) lines.push(`  interest ${rateText(c.interest)} yearly`);
  c.invoices.forEach((invoice, i) => {
    lines.push(`${iso(invoice.date)} invoice INV-${i} C ${w(invoice.amount)}${c.style.code ? ` ${c.currency}` : ""}`);
    if (invoice.due !== undefined) lines.push(`  due ${iso(invoice.due)}`);
  });
  for (const e of c.events) {
    if (e.kind === "party") lines.push(`${iso(e.date)} payment d ${w(e.units)}`);
    else if (e.kind === "write-off") lines.push(`${iso(e.date)} write-off INV-${e.invoice} "gone"`);
    else {
      const money = e.foreign ? `${written(e.units, other, false, false)} ${other}` : `${w(e.units)}${c.style.code ? ` ${c.currency}` : ""}`;
      lines.push(e.kind === "payment" ? `${iso(e.date)} payment INV-${e.invoice} ${money}` : `${iso(e.date)} credit INV-${e.invoice} ${money} "agreed"`);
    }
  }
  return `${lines.join("\n")}\n`;
}

// --- §5, worked out independently ---------------------------------------------------------------

interface Expected {
  paid: bigint;
  credited: bigint;
  balance: bigint;
  daysLate: number;
  lateFees: bigint;
  interest: bigint;
  totalDue: bigint;
  /** |amount| + Σ|payments and credits| + |fees| + |interest|: past 2^53 − 1 the engine may flag it. */
  size: bigint;
}

function reference(c: MoneyCase): Map<string, Expected> {
  const today = c.today;
  const counted = c.events.filter((e) => e.date <= today);
  const invoices = c.invoices.map((invoice, i) => ({
    id: `INV-${i}`,
    date: invoice.date,
    due: invoice.due ?? invoice.date + (c.net ?? 30),
    amount: invoice.amount,
    money: [] as { kind: "payment" | "credit"; date: number; units: bigint }[],
    writtenOff: undefined as number | undefined,
  }));
  for (const e of counted) {
    if (e.kind !== "write-off") continue;
    const invoice = invoices[e.invoice]!;
    if (invoice.writtenOff === undefined || e.date < invoice.writtenOff) invoice.writtenOff = e.date;
  }
  const balanceOn = (invoice: (typeof invoices)[number], d: number) =>
    invoice.money.reduce((sum, m) => (m.date <= d ? sum - m.units : sum), invoice.amount);
  const openOn = (invoice: (typeof invoices)[number], d: number) =>
    invoice.date <= d && !(invoice.writtenOff !== undefined && invoice.writtenOff <= d) && balanceOn(invoice, d) > 0n;
  const principalOn = (invoice: (typeof invoices)[number], d: number) => {
    if (invoice.writtenOff !== undefined && invoice.writtenOff <= d) return 0n;
    const balance = balanceOn(invoice, d);
    return balance > 0n ? balance : 0n;
  };

  // Money in date order; on one date, money on an invoice before payments to the party; then file order.
  const money = counted
    .map((e, order) => ({ e, order }))
    .filter(({ e }) => e.kind !== "write-off" && !("foreign" in e && e.foreign))
    .sort((a, b) => a.e.date - b.e.date || (a.e.kind === "party" ? 1 : 0) - (b.e.kind === "party" ? 1 : 0) || a.order - b.order);
  for (const { e } of money) {
    if (e.kind === "payment" || e.kind === "credit") {
      invoices[e.invoice]!.money.push({ kind: e.kind, date: e.date, units: e.units });
    } else if (e.kind === "party") {
      let left = e.units;
      const open = invoices
        .map((invoice, index) => ({ invoice, index }))
        .filter(({ invoice }) => invoice.date <= e.date && openOn(invoice, e.date))
        .sort((a, b) => a.invoice.due - b.invoice.due || a.invoice.date - b.invoice.date || a.index - b.index);
      for (const { invoice } of open) {
        if (left <= 0n) break;
        const owed = balanceOn(invoice, e.date);
        const share = left < owed ? left : owed;
        invoice.money.push({ kind: "payment", date: e.date, units: share });
        left -= share;
      }
    }
  }

  const result = new Map<string, Expected>();
  for (const invoice of invoices) {
    if (invoice.date > today) continue;
    const paid = invoice.money.filter((m) => m.kind === "payment").reduce((s, m) => s + m.units, 0n);
    const credited = invoice.money.filter((m) => m.kind === "credit").reduce((s, m) => s + m.units, 0n);
    const balance = invoice.amount - paid - credited;
    const charge = (d: number): bigint => {
      if (!openOn(invoice, d)) return 0n;
      if (c.fee!.fixed !== undefined) return c.fee!.fixed;
      return roundHalfAway(principalOn(invoice, d) * c.fee!.percent!.numerator, rateDenominator(c.fee!.percent!));
    };
    let lateFees = 0n;
    if (c.fee?.period === "once" && invoice.due + 1 <= today) lateFees = charge(invoice.due + 1);
    if (c.fee?.period === "monthly") {
      for (let k = 1; addMonths(invoice.due, k) <= today; k++) lateFees += charge(addMonths(invoice.due, k));
    }
    let interest = 0n;
    if (c.interest) {
      let principalDays = 0n;
      for (let d = invoice.due + 1; d <= today; d++) principalDays += principalOn(invoice, d);
      interest = roundHalfAway(principalDays * c.interest.numerator, rateDenominator(c.interest) * 365n);
    }
    const abs = (n: bigint) => (n < 0n ? -n : n);
    const size = abs(invoice.amount) + invoice.money.reduce((s, m) => s + abs(m.units), 0n) + abs(lateFees) + abs(interest);
    result.set(invoice.id, {
      paid,
      credited,
      balance,
      daysLate: Math.max(0, today - invoice.due),
      lateFees,
      interest,
      totalDue: (balance > 0n ? balance : 0n) + lateFees + interest,
      size,
    });
  }
  return result;
}

// --- the comparison ------------------------------------------------------------------------------

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function compare(c: MoneyCase): void {
  const text = ledgerText(c);
  const { analysis } = checkTexts(text, iso(c.today));
  const expected = reference(c);
  const syntax = analysis.diagnostics.filter((d) => d.code === "syntax" || d.code === "bad-amount" || d.code === "bad-date");
  const flagged = new Set(syntax.filter((d) => d.code === "bad-amount").map((d) => d.range.start));
  expect(syntax.filter((d) => d.code !== "bad-amount").map((d) => d.message), text).toEqual([]);
  expect([...analysis.reports.keys()].sort(), text).toEqual([...expected.keys()].sort());
  const statuses = new Map(statusOf(analysis).map((s) => [s.id, s]));
  for (const [id, want] of expected) {
    const report = analysis.reports.get(id)!;
    if (want.size > MAX_SAFE) {
      // Too large to promise exact figures: the engine says so.
      expect(flagged.has(report.invoice.entry.header.start), `${id} too large but not flagged\n${text}`).toBe(true);
      continue;
    }
    expect(flagged.has(report.invoice.entry.header.start), `${id} flagged though within range\n${text}`).toBe(false);
    const got = report.figures;
    const actual = {
      paid: BigInt(got.paid),
      credited: BigInt(got.credited),
      balance: BigInt(got.balance),
      daysLate: got.daysLate,
      lateFees: BigInt(got.lateFees),
      interest: BigInt(got.interest),
      totalDue: BigInt(got.totalDue),
    };
    const { size: _size, ...wanted } = want;
    expect(actual, `${id} as of ${iso(c.today)}\n${text}`).toEqual(wanted);
    expect(actual.balance).toBe(BigInt(report.invoice.amount) - actual.paid - actual.credited);
    const status = statuses.get(id)!;
    expect(
      [status.amount, status.paid, status.credited, status.balance, status.lateFees, status.interest, status.totalDue],
      `${id} status strings\n${text}`,
    ).toEqual([report.invoice.amount, want.paid, want.credited, want.balance, want.lateFees, want.interest, want.totalDue].map((u) => plain(BigInt(u), c.currency)));
  }
}

describe("money matches an independent BigInt reference of LANGUAGE.md §5", () => {
  it("the reference's own calendar agrees with known dates", () => {
    expect(iso(daysFromCivil(1970, 1, 1))).toBe("1970-01-01");
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(iso(addMonths(daysFromCivil(2026, 1, 31), 1))).toBe("2026-02-28");
    expect(iso(addMonths(daysFromCivil(2026, 1, 31), 2))).toBe("2026-03-31");
    expect(iso(addMonths(daysFromCivil(2024, 1, 31), 1))).toBe("2024-02-29");
    expect(roundHalfAway(5n, 2n)).toBe(3n);
    expect(roundHalfAway(-5n, 2n)).toBe(-3n);
    expect(roundHalfAway(7n, 3n)).toBe(2n);
  });

  it("realistic amounts (up to 10^10 minor units): balances, fees and interest exact", () => {
    fc.assert(fc.property(moneyCase(10_000_000_000n), compare), budget(400, 701));
  });

  it("amounts up to 4 × 10^15 minor units: exact, or flagged bad-amount where the sums pass 2^53 − 1", () => {
    fc.assert(fc.property(moneyCase(4_000_000_000_000_000n), compare), budget(200, 702));
  });

  it("many small payments add up to the cent (no float drift): 0.10 × 1,000 = 100.00", () => {
    const lines = ['party us "Us"', "  self", 'party d "D"', "2026-01-01 invoice I d 100.00"];
    for (let i = 0; i < 1000; i++) lines.push(`2026-01-02 payment I 0.10`);
    const { analysis } = checkTexts(lines.join("\n"), "2026-05-04");
    const figures = analysis.reports.get("I")!.figures;
    expect(figures.paid).toBe(10000);
    expect(figures.balance).toBe(0);
    expect(statusOf(analysis)[0]!.balance).toBe("0.00");
  });
});
