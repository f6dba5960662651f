/** What formatting must keep of a parsed entry, for the formatter's tests. */
import type { DecimalValue } from "../grammar";

/** A decimal value written plainly, trailing zeros dropped: 1,000.50 and 1000.5 are the same. */
export function decimal(value: DecimalValue): string {
  const digits = value.digits.padStart(value.scale + 1, "0");
  const whole = digits.slice(0, digits.length - value.scale).replace(/^0+(?=\d)/, "");
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, "");
  return `${value.negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** An entry's meaning: every field but source offsets (`start`, `end`, `header`), amounts and percents as decimal values (not as spelt). */
export function meaning(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(meaning);
  if (node === null || typeof node !== "object") return node;
  const fields = node as Record<string, unknown>;
  if ("digits" in fields && "scale" in fields) return decimal(fields as unknown as DecimalValue);
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === "start" || key === "end" || key === "header") continue;
    kept[key] = meaning(value);
  }
  return kept;
}
