/** Hover over ids: invoice figures, party balances, contract clauses, policy steps. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { MarkupContent } from "vscode-languageserver";
import { describe, expect, it } from "vitest";
import { fileOccurrences } from "../../server/engine";
import { IncrementalAnalysis } from "../../server/engine/incremental";
import { provideCodeLenses } from "../../server/lsp/features/codeLens";
import { provideHover } from "../../server/lsp/features/hover";
import { statusReport } from "../../server/lsp/features/statusReport";
// @ts-expect-error: the generator is plain JavaScript
import { generateWorkspace } from "../../bench/generate.mjs";
import { featureContext, ROOT, withCursor } from "./featureHelpers";

const TODAY = "2026-04-17";

const PARTIES = `party acme "Acme Security LLC"
  self

party globex "Globex Corporation"
  email "ap@globex.example"
  contact "Hank Scorpio" "Chief Financial Officer"
`;

const CASE = `2026-01-05 contract C-7 globex "Security services, Building 4"
  terms net 30
  late-fee 1.5% monthly
  interest 10% yearly
  attorney-fees
  currency USD
  jurisdiction US-CA

2026-01-31 work C-7 "January patrols"

2026-01-10 invoice INV-2 C-7 1,000.00
2026-02-01 invoice INV-1 C-7 10,000.00 ; the big one
2026-04-01 invoice INV-3 C-7 2,000.00
  due 2026-05-01

2026-03-05 reminder INV-1 via email
2026-03-10 call globex "Says next week"
  with "Hank Scorpio"
`;

const PAYMENTS = `2026-02-05 payment INV-2 1,000.00
2026-03-20 payment INV-1 4,000.00
`;

/**
 * Hovers at the `<|>` marker, which stands in exactly one of the files; the other files are
 * the rest of the workspace.
 */
function hoverAt(files: Record<string, string>): { value: string; range: unknown } | null {
  const name = Object.keys(files).find((key) => files[key]!.includes("<|>"))!;
  const { text, position } = withCursor(files[name]!);
  const context = featureContext({ ...files, [name]: text }, TODAY, { file: name });
  const hover = provideHover(context, { textDocument: { uri: context.uri }, position });
  return hover ? { value: (hover.contents as MarkupContent).value, range: hover.range } : null;
}

/** The three files above, with some replaced or added (one of them holding the cursor). */
const workspace = (marked: Record<string, string>): Record<string, string> => ({
  "parties.dun": PARTIES,
  "case.dun": CASE,
  "payments.dun": PAYMENTS,
  ...marked,
});

/*
 * INV-1: 10,000.00 USD of 2026-02-01, net 30 → due 2026-03-03. Today 2026-04-17: 28 days left
 * of March + 17 of April = 45 days late.
 * Late fee 1.5% monthly: month 1 completes 2026-04-03, open principal then 6,000.00 → 90.00;
 * month 2 completes 2026-05-03, after today.
 * Interest 10% yearly, actual/365, days 03-04 … 04-17: 10,000.00 on 03-04 … 03-19 (16 days),
 * 6,000.00 from the payment day 03-20 through 04-17 (12 + 17 = 29 days):
 * 0.10/365 × (1,000,000 × 16 + 600,000 × 29) cents = 3,340,000 / 365 = 9,150.68 → 91.51.
 * Total due 6,000.00 + 90.00 + 91.51 = 6,181.51. Per day from today: 600,000 × 0.10 / 365 =
 * 164.38 cents → 1.64.
 * Ladder (standard): reminder taken 03-05, call taken 03-10; next the first demand at due + 14d.
 */
const INV_1_CARD = `**Invoice \`INV-1\`** of 2026-02-01 · owed by Globex Corporation (\`globex\`) · under contract \`C-7\`

| as of 2026-04-17 | |
| --- | ---: |
| amount | 10,000.00 USD |
| paid | 4,000.00 USD |
| credited | 0.00 USD |
| balance | 6,000.00 USD |
| due | 2026-03-03 (computed: 2026-02-01 + net 30) |
| days late | 45 |
| late fees | 90.00 USD |
| interest | 91.51 USD |
| **total due** | **6,181.51 USD** |
| state | open |
| next step | demand due since 2026-03-17 (deadline 10 days, via certified-mail) |
| interest per day | 1.64 USD from today |`;

describe("hover on an invoice", () => {
  it("shows the figures as of today and the next step on the definition, over the id's range", () => {
    const hover = hoverAt(workspace({ "case.dun": CASE.replace("invoice INV-1", "invoice IN<|>V-1") }));
    expect(hover?.value).toBe(INV_1_CARD);
    // `2026-02-01 invoice INV-1` is line 11 of case.dun; the id spans columns 19–24.
    expect(hover?.range).toEqual({ start: { line: 11, character: 19 }, end: { line: 11, character: 24 } });
  });

  it("shows the same card on a reference in another file", () => {
    const hover = hoverAt(workspace({ "payments.dun": PAYMENTS.replace("payment INV-1", "payment <|>INV-1") }));
    expect(hover?.value).toBe(INV_1_CARD);
    expect(hover?.range).toEqual({ start: { line: 1, character: 19 }, end: { line: 1, character: 24 } });
  });

  it("finds the id with the cursor just after it", () => {
    expect(hoverAt(workspace({ "payments.dun": PAYMENTS.replace("INV-1 4", "INV-1<|> 4") }))?.value).toBe(INV_1_CARD);
  });

  it("says a paid invoice has no next step and accrues nothing per day", () => {
    // INV-2: 1,000.00 of 2026-01-10, due 2026-02-09, paid in full on 2026-02-05.
    const value = hoverAt(workspace({ "case.dun": CASE.replace("invoice INV-2", "invoice <|>INV-2") }))!.value;
    expect(value).toContain("| balance | 0.00 USD |");
    expect(value).toContain("| **total due** | **0.00 USD** |");
    expect(value).toContain("| state | paid |");
    expect(value).toContain("| next step | none (paid) |");
    expect(value).not.toContain("interest per day");
  });

  it("shows a stated due date as written, and 'not yet due' before it", () => {
    // INV-3: due 2026-05-01 stated; today 2026-04-17 is before it. The ladder's first step is
    // the reminder at due + 1d = 2026-05-02.
    const value = hoverAt(workspace({ "case.dun": CASE.replace("invoice INV-3", "invoice INV-<|>3") }))!.value;
    expect(value).toContain("| due | 2026-05-01 |");
    expect(value).toContain("| days late | 0 (not yet due) |");
    expect(value).toContain("| late fees | 0.00 USD |");
    expect(value).toContain("| next step | reminder on 2026-05-02 (via email) |");
  });

  it("names the pause when a promise holds the ladder", () => {
    const promised = CASE.replace(`  with "Hank Scorpio"\n`, `  with "Hank Scorpio"\n  promise 2026-05-15\n`).replace("2026-03-10 call", "2026-04-10 call");
    const value = hoverAt(workspace({ "case.dun": promised.replace("invoice INV-1", "invoice <|>INV-1") }))!.value;
    expect(value).toContain("| next step | paused: promised by 2026-05-15 |");
  });

  it("says where there is no contract: net 30 by default, no fees, no interest", () => {
    // 500.00 of 2026-02-15 + 30 days = 2026-03-17; to 2026-04-17: 31 days late.
    const value = hoverAt({ "parties.dun": PARTIES, "solo.dun": `2026-02-15 invoice <|>INV-9 globex 500.00\n` })!.value;
    expect(value).toContain("no contract");
    expect(value).toContain("| due | 2026-03-17 (computed: 2026-02-15 + net 30, no contract) |");
    expect(value).toContain("| days late | 31 |");
    expect(value).toContain("| late fees | none (no late-fee clause) |");
    expect(value).toContain("| interest | none (no interest clause) |");
    expect(value).toContain("| **total due** | **500.00 USD** |");
  });
});

describe("hover on a party", () => {
  it("shows the debtor's open balance, total due and invoices, open first", () => {
    // Open: INV-1 6,000.00 (total due 6,181.51, see above) + INV-3 2,000.00 (not yet due, no
    // fees) = 8,000.00, total due 8,181.51. INV-2 is paid and comes last.
    const value = hoverAt(workspace({ "case.dun": CASE.replace("contract C-7 globex", "contract C-7 glo<|>bex") }))!.value;
    expect(value).toBe(
      [
        "**Party `globex`** · Globex Corporation",
        "",
        "contact: ap@globex.example · Hank Scorpio (Chief Financial Officer)",
        "",
        "open balance: 8,000.00 USD (total due 8,181.51 USD)",
        "",
        "| invoice | balance | days late |",
        "| --- | ---: | ---: |",
        "| `INV-1` | 6,000.00 USD | 45 |",
        "| `INV-3` | 2,000.00 USD | 0 |",
        "| `INV-2` | 0.00 USD | paid |",
      ].join("\n"),
    );
  });

  it("says the self party is us, with what is owed to us", () => {
    const value = hoverAt(workspace({ "parties.dun": PARTIES.replace("party acme", "party a<|>cme") }))!.value;
    expect(value).toContain("this is us (the creditor)");
    expect(value).toContain("owed to us: 8,000.00 USD (total due 8,181.51 USD)");
  });

  it("counts what every case owes us once the cases are analysed apart from the self party", () => {
    // The self party alone in its file: the case is a part of its own, analysed again on an edit
    // with a copy of the self party read in beside it. What it owes is still owed to us.
    const { text, position } = withCursor(`party a<|>cme "Acme Security LLC"\n  self\n`);
    const globex = PARTIES.slice(PARTIES.indexOf("party globex"));
    const context = featureContext({ "self.dun": text, "case.dun": `${globex}\n${CASE}\n${PAYMENTS}` }, TODAY, { file: "self.dun" });
    context.session.documentChanged(`${ROOT}/case.dun`, `${globex}\n${CASE}\n${PAYMENTS}; edited\n`);
    const analysis = context.session.current();
    const hover = provideHover({ ...context, analysis }, { textDocument: { uri: context.uri }, position });
    expect((hover!.contents as MarkupContent).value).toContain("owed to us: 8,000.00 USD (total due 8,181.51 USD)");
  });
});

describe("hover on a contract and a policy", () => {
  it("lists the contract's clauses as written, with the default ladder", () => {
    const value = hoverAt(workspace({ "case.dun": CASE.replace("invoice INV-1 C-7", "invoice INV-1 C<|>-7") }))!.value;
    expect(value).toBe(
      [
        "**Contract `C-7`** · Security services, Building 4",
        "",
        "Globex Corporation (`globex`) owes Acme Security LLC (`acme`) · dated 2026-01-05",
        "",
        "- terms: net 30",
        "- late fee: 1.5% monthly",
        "- interest: 10% yearly",
        "- attorney fees: yes",
        "- currency: USD",
        "- jurisdiction: US-CA",
        "- policy: standard: reminder 1d · call 3d · demand 14d · suspend 14d · final demand 28d · collections 30d · claim 45d (default)",
        "",
        "1 work entry · 3 invoices",
      ].join("\n"),
    );
  });

  it("says which clauses a bare contract lacks", () => {
    const bare = `2026-01-05 contract C-1 globex\n  policy gentle\n  late-fee 25.00 once\n\npolicy gentle "Gentle"\n  step reminder 1d via email\n`;
    const value = hoverAt({ "parties.dun": PARTIES, "bare.dun": bare.replace("contract C-1", "contract <|>C-1") })!.value;
    expect(value).toContain("- terms: net 30 (default)");
    expect(value).toContain("- late fee: 25.00 once");
    expect(value).toContain("- interest: none");
    expect(value).toContain("- attorney fees: no");
    expect(value).toContain("- currency: USD (workspace default)");
    expect(value).toContain("- policy: gentle: reminder 1d\n");
    expect(value).toContain("0 work entries · 0 invoices");
  });

  it("lists a policy's steps", () => {
    const policies = `policy firm "Firm"\n  step call 2d\n  step demand 10d final deadline 7d via certified-mail\n\n2026-01-05 contract C-1 globex\n  policy <|>firm\n`;
    const value = hoverAt({ "parties.dun": PARTIES, "policies.dun": policies })!.value;
    expect(value).toBe(
      "**Policy `firm`** · Firm\n\n1. call: 2d after the due date\n2. final demand: 10d after the due date, deadline 7d, via certified-mail",
    );
  });
});

describe("hover where there is nothing to show", () => {
  it.each([
    ["whitespace", `2026-03-20 payment  <|> INV-1 4,000.00\n`],
    ["a date", `2026-03-<|>20 payment INV-1 4,000.00\n`],
    ["an amount", `2026-03-20 payment INV-1 4,0<|>00.00\n`],
    ["an unknown id", `2026-03-20 payment INV-4<|>04 4,000.00\n`],
    ["a broken line", `2026-03-20 payment INV-<|>1 4,000.00 EUR USD\n`],
  ])("gives nothing on %s", (_what, marked) => {
    expect(hoverAt(workspace({ "payments.dun": marked }))).toBeNull();
  });

  it("says when the definition under the cursor is a duplicate that is not used", () => {
    // Files are read in path order: case.dun's INV-1 counts, the one in z.dun does not.
    const value = hoverAt(workspace({ "z.dun": `2026-02-01 invoice <|>INV-1 C-7 1.00\n` }))!.value;
    expect(value).toBe("`INV-1` is defined more than once; this definition is not the one used.");
  });
});

describe("hover on an analysis made by parts", () => {
  it("shows on every id (and in the status report and the lenses) what one analysis of the whole workspace shows", () => {
    // Every example and a generated workspace (its `self` party in a file of its own), each part
    // analysed alone (groups of one part): cases analysed apart from the self party and the
    // policies, which they read as copies.
    const files: Record<string, string> = {};
    const generated = mkdtempSync(join(tmpdir(), "dun-hover-"));
    generateWorkspace(12, { out: join(generated, "generated") });
    for (const top of ["examples", generated]) {
      for (const entry of readdirSync(top, { withFileTypes: true, recursive: true })) {
        if (entry.isFile() && entry.name.endsWith(".dun")) files[join(relative(top, entry.parentPath), entry.name)] = readFileSync(join(entry.parentPath, entry.name), "utf8");
      }
    }
    rmSync(generated, { recursive: true, force: true });
    const fresh = featureContext(files, TODAY);
    const staged = new IncrementalAnalysis(fresh.session.workspace).stage({ today: TODAY, defaultCurrency: "USD" }, [], 1)!;
    while (staged.step());
    let hovered = 0;
    // The other views of the figures, too: the status report and the lenses.
    expect(statusReport(staged.analysis)).toEqual(statusReport(fresh.analysis));
    for (const name of Object.keys(files)) {
      const file = fresh.session.workspace.getFile(`${ROOT}/${name}`)!;
      const lenses = (analysis: typeof fresh.analysis) => provideCodeLenses({ session: fresh.session, analysis, file });
      expect(lenses(staged.analysis), name).toEqual(lenses(fresh.analysis));
      for (const occurrence of fileOccurrences(file.tree)) {
        const params = { textDocument: { uri: `file://${ROOT}/${name}` }, position: file.lines.positionAt(occurrence.node.start) };
        const expected = provideHover({ session: fresh.session, analysis: fresh.analysis, file }, params);
        expect(provideHover({ session: fresh.session, analysis: staged.analysis, file }, params), `${name}: ${occurrence.node.name}`).toEqual(expected);
        if (expected) hovered++;
      }
    }
    expect(hovered).toBeGreaterThan(100);
  });
});
