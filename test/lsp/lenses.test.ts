/** Code lenses over open invoices, and inlay hints with computed due dates. */
import type { InlayHintParams } from "vscode-languageserver";
import { describe, expect, it } from "vitest";
import { provideCodeLenses } from "../../server/lsp/features/codeLens";
import { provideInlayHints } from "../../server/lsp/features/inlayHints";
import { featureContext } from "./featureHelpers";

const TODAY = "2026-04-17";

const PARTIES = `party acme "Acme Security LLC"
  self

party globex "Globex Corporation"
party initech "Initech"
`;

const GLOBEX = `2026-01-05 contract C-7 globex "Security services, Building 4"
  terms net 30
  late-fee 1.5% monthly
  interest 10% yearly

2026-01-10 invoice INV-2 C-7 1,000.00
2026-02-01 invoice INV-1 C-7 10,000.00 ; the big one
2026-04-01 invoice INV-3 C-7 2,000.00
  due 2026-05-01
2026-03-17 invoice INV-5 globex 100.00

2026-02-05 payment INV-2 1,000.00
2026-03-05 reminder INV-1 via email
2026-03-10 call globex "Says next week"
  re INV-1
2026-03-20 payment INV-1 4,000.00
`;

const INITECH = `policy gentle "Gentle"
  step reminder 1d via email

2026-01-05 contract C-8 initech "Consulting"
  policy gentle

2026-02-02 invoice INV-8 C-8 300.00
2026-03-10 reminder INV-8 via email

2026-02-15 invoice INV-9 initech 500.00
2026-04-10 call initech "Will pay mid-May"
  re INV-9
  promise 2026-05-15

2026-02-20 invoice INV-7 initech 700.00
2026-04-01 dispute INV-7 "Says the hours are wrong"

2026-02-10 invoice INV-6 initech 900.00
2026-04-05 plan INV-6
  installment 2026-04-15 300.00
  installment 2026-05-15 300.00
  installment 2026-06-15 300.00
2026-04-14 payment INV-6 300.00
`;

const FILES = { "parties.dun": PARTIES, "globex.dun": GLOBEX, "initech.dun": INITECH };

function lenses(file: string, command = "dun.showStatus"): { line: number; title: string; command: string }[] {
  return provideCodeLenses(featureContext(FILES, TODAY, { file })).filter((lens) => lens.command!.command.startsWith(command)).map((lens) => ({
    line: lens.range.start.line,
    title: lens.command!.title,
    command: lens.command!.command,
  }));
}

describe("code lens over open invoices", () => {
  it("shows total due, lateness and the next step; none over a paid invoice", () => {
    expect(lenses("globex.dun")).toEqual([
      // INV-2 (line 5) was paid in full: no lens.
      // INV-1: 10,000.00 due 2026-03-03 (net 30), 4,000.00 paid on 03-20; today 45 days late.
      // Fee: 1.5% of 6,000.00 when month 1 completes on 04-03 = 90.00. Interest 10%/365 ×
      // (10,000.00 × 16 days + 6,000.00 × 29 days) = 91.51. 6,000.00 + 90.00 + 91.51 = 6,181.51.
      // Reminder and call taken; the first demand is due at 03-03 + 14d = 03-17.
      { line: 6, title: "6,181.51 USD due · 45 days late · next: demand (since 2026-03-17)", command: "dun.showStatus" },
      // INV-3: due 2026-05-01 as stated, not yet due; the reminder comes at due + 1d.
      { line: 7, title: "2,000.00 USD due 2026-05-01 · not yet due · next: reminder (from 2026-05-02)", command: "dun.showStatus" },
      // INV-5: no contract, 2026-03-17 + 30 = 2026-04-16, so 1 day late; reminder due today.
      { line: 9, title: "100.00 USD due · 1 day late · next: reminder (since 2026-04-17)", command: "dun.showStatus" },
    ]);
  });

  it("says why the ladder is paused, or that every step is taken", () => {
    expect(lenses("initech.dun")).toEqual([
      // INV-8: 2026-02-02 + 30 = 03-04, 44 days late; the gentle policy's only step, the
      // reminder, was taken on 03-10.
      { line: 6, title: "300.00 USD due · 44 days late · every step taken", command: "dun.showStatus" },
      // INV-9: 2026-02-15 + 30 = 03-17, 31 days late; promised on 04-10 to pay by 05-15.
      { line: 9, title: "500.00 USD due · 31 days late · next: paused (promise to pay by 2026-05-15)", command: "dun.showStatus" },
      // INV-7: 2026-02-20 + 30 = 03-22, 26 days late; disputed since 04-01.
      { line: 14, title: "700.00 USD due · 26 days late · next: paused (disputed since 2026-04-01)", command: "dun.showStatus" },
      // INV-6: 2026-02-10 + 30 = 03-12, 36 days late; 900.00 − 300.00 paid = 600.00; the
      // 04-15 installment of 300.00 was paid on 04-14, so the plan is being kept.
      { line: 17, title: "600.00 USD due · 36 days late · next: paused (payment plan being kept)", command: "dun.showStatus" },
    ]);
  });

  it("offers the demand letter beside late invoices whose ladder is not paused", () => {
    const letter = (file: string) => lenses(file, "dun.generate").map(({ line, title }) => ({ line, title }));
    // INV-1 (45 days late) and INV-5 (1 day late): no demand sent yet, so a first demand.
    expect(letter("globex.dun")).toEqual([
      { line: 6, title: "Generate demand letter" },
      { line: 9, title: "Generate demand letter" },
    ]);
    // Only INV-8: INV-9 is promised, INV-7 disputed, INV-6 under a plan being kept.
    expect(letter("initech.dun")).toEqual([{ line: 6, title: "Generate demand letter" }]);
  });

  it("spans the invoice's header line", () => {
    const [first] = provideCodeLenses(featureContext(FILES, TODAY, { file: "globex.dun" }));
    // `2026-02-01 invoice INV-1 C-7 10,000.00` is 38 characters; the comment is not part of it.
    expect(first!.range).toEqual({ start: { line: 6, character: 0 }, end: { line: 6, character: 38 } });
  });

  it("shows nothing in a file that defines no invoice", () => {
    expect(lenses("parties.dun")).toEqual([]);
  });
});

const WHOLE_FILE: InlayHintParams["range"] = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

function hints(file: string, range = WHOLE_FILE) {
  const context = featureContext(FILES, TODAY, { file });
  return provideInlayHints(context, { textDocument: { uri: context.uri }, range }).map((hint) => ({
    line: hint.position.line,
    character: hint.position.character,
    label: hint.label,
    tooltip: hint.tooltip,
  }));
}

describe("inlay hints with the computed due date", () => {
  it("follows the header of each invoice without `due`, and not one with it", () => {
    expect(hints("globex.dun")).toEqual([
      // 2026-01-10 + net 30: 21 days to 01-31, 9 more → 2026-02-09. At the end of
      // `2026-01-10 invoice INV-2 C-7 1,000.00`: 10 + 1 + 7 + 1 + 5 + 1 + 3 + 1 + 8 = 37.
      { line: 5, character: 37, label: "due 2026-02-09", tooltip: "Computed due date: 2026-01-10 + net 30. Write `due DATE` to state another." },
      // After `10,000.00` (one digit longer: 38), before the comment.
      { line: 6, character: 38, label: "due 2026-03-03", tooltip: "Computed due date: 2026-02-01 + net 30. Write `due DATE` to state another." },
      // INV-3 states `due 2026-05-01`: no hint on line 7.
      // INV-5, no contract: 2026-03-17 + 30 → 2026-04-16. `… INV-5 globex 100.00`: 10 + 1 + 7 +
      // 1 + 5 + 1 + 6 + 1 + 6 = 38.
      { line: 9, character: 38, label: "due 2026-04-16", tooltip: "Computed due date: 2026-03-17 + net 30 (the default). Write `due DATE` to state another." },
    ]);
  });

  it("gives only the hints inside the requested range", () => {
    const lines5to7 = { start: { line: 5, character: 0 }, end: { line: 7, character: 0 } };
    expect(hints("globex.dun", lines5to7).map((hint) => hint.label)).toEqual(["due 2026-02-09", "due 2026-03-03"]);
  });

  it("gives none where every invoice states its due date", () => {
    const stated = { "parties.dun": PARTIES, "case.dun": `2026-02-01 invoice INV-1 globex 10.00\n  due 2026-02-15\n` };
    const context = featureContext(stated, TODAY, { file: "case.dun" });
    expect(provideInlayHints(context, { textDocument: { uri: context.uri }, range: WHOLE_FILE })).toEqual([]);
  });

  it("skips half-typed and invalid invoices without failing", () => {
    // A header cut short (a broken entry) and an amount with too many decimals (not in the ledger).
    const odd = { "parties.dun": PARTIES, "case.dun": `2026-02-01 invoice INV-1 glob\n2026-02-01 invoice INV-2 globex 1.234\n` };
    const context = featureContext(odd, TODAY, { file: "case.dun" });
    expect(provideInlayHints(context, { textDocument: { uri: context.uri }, range: WHOLE_FILE })).toEqual([]);
    expect(provideCodeLenses(context)).toEqual([]);
  });
});
