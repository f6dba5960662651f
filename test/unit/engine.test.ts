/** Engine behaviours found in review, each with a small case worked out by hand. */
import { describe, expect, it } from "vitest";
import { statusOf } from "../../server/engine";
import { checkTexts } from "../helpers";

const PARTIES = `party us "Us"\n  self\nparty them "Them"\n`;

describe("engine", () => {
  it("accepts the built-in `standard` policy named by a contract", () => {
    const { diagnostics } = checkTexts(`${PARTIES}2026-01-01 contract C them\n  policy standard\n`, "2026-05-04");
    expect(diagnostics.filter((d) => d.code === "unknown-ref")).toEqual([]);
  });

  it("gives each diagnostic a plain {start, end} range of its own, never a node of the tree", () => {
    // `unknown-ref` is reported over the id node `NOBODY` (offsets 60–66 of the text).
    const { analysis } = checkTexts(`${PARTIES}2026-01-01 invoice I NOBODY 5.00\n`, "2026-05-04");
    const unknown = analysis.diagnostics.filter((d) => d.code === "unknown-ref");
    expect(unknown.map((d) => d.range)).toEqual([{ start: 60, end: 66 }]);
    for (const d of analysis.diagnostics) expect(Object.keys(d.range)).toEqual(["start", "end"]);
  });

  it("leaves an invoice dated after today out of every figure", () => {
    const { analysis } = checkTexts(`${PARTIES}2026-06-01 invoice LATER them 500.00\n`, "2026-05-04");
    expect(statusOf(analysis).map((s) => s.id)).toEqual([]);
  });

  it("keeps a promise over invoices in two currencies as one promise per currency", () => {
    // USD 100 + EUR 100 open on 03-01; the call promises "the balance" by 03-10; nothing paid.
    const text = `${PARTIES}2026-01-01 invoice U them 100.00 USD\n2026-01-01 invoice E them 100.00 EUR\n2026-03-01 call them "will pay"\n  with "Ann"\n  promise 2026-03-10\n`;
    const { diagnostics } = checkTexts(text, "2026-05-04");
    const broken = diagnostics.filter((d) => d.code === "promise-broken").map((d) => d.message).sort();
    expect(broken).toHaveLength(2);
    expect(broken[0]).toContain("to pay 100.00 EUR");
    expect(broken[1]).toContain("to pay 100.00 USD");
  });

  it("drops a policy step of an unknown kind instead of waiting for it forever", () => {
    // Steps: remind (unknown, a syntax error) and call 3d. Due 01-31; on 05-04 the next step is call.
    const text = `${PARTIES}policy p\n  step remind 1d\n  step call 3d\n2026-01-01 contract C them\n  policy p\n2026-01-01 invoice I C 10.00\n`;
    const { analysis, diagnostics } = checkTexts(text, "2026-05-04");
    expect(diagnostics.some((d) => d.code === "syntax")).toBe(true);
    expect(statusOf(analysis)[0]!.nextStep).toEqual({ kind: "call", final: false, due: "2026-02-03" });
  });

  it("reports a plan without installments", () => {
    const text = `${PARTIES}2026-01-01 invoice I them 10.00\n2026-02-15 plan I\n`;
    const { diagnostics } = checkTexts(text, "2026-05-04");
    expect(diagnostics.find((d) => d.code === "syntax")).toMatchObject({ line: 5 });
  });

  it("reports a fixed late fee in another currency than the invoice", () => {
    const text = `${PARTIES}2026-01-01 contract C them\n  late-fee 50.00 EUR monthly\n2026-01-01 invoice I C 1,000.00 USD\n`;
    const { analysis, diagnostics } = checkTexts(text, "2026-05-04");
    expect(diagnostics.find((d) => d.code === "currency-mismatch")).toMatchObject({ line: 5 });
    expect(statusOf(analysis)[0]!.lateFees).toBe("0.00");
  });
});
