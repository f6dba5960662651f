/**
 * Letters, in process: the facts each letter must state for the five example cases as of
 * 2026-05-04, every figure worked out by hand from the ledgers (LANGUAGE.md §5) in the
 * comments, never copied from output; final demands, statements, refusals, templates and
 * their errors, the `demand` entry, and the PDF (read back with poppler's pdftotext).
 *
 * Hand figures used below (as of 2026-05-04):
 *   globex (acme-security, contract C-7: net 30, 1.5% monthly, 10% yearly, attorney fees):
 *     INV-1001  24,000.00, due 03-03, paid 8,000.00 (03-28): fee 480.00, interest 324.38,
 *               total 16,804.38 (worked out in examples/acme-security/globex.dun)
 *     INV-1002  21,696.00, dated 03-01, due 03-31; 34 days late. Month 1 completes 04-30
 *               (no 31 April): 1.5% x 21,696.00 = 325.44; month 2 (05-31) not yet.
 *               Interest 0.10 x 21,696.00 x 34 / 365 = 202.0997 -> 202.10. Total 22,223.54
 *     INV-1003  19,718.00, dated 04-01, due 05-01; 3 days late, no month complete.
 *               Interest 0.10 x 19,718.00 x 3 / 365 = 16.2066 -> 16.21. Total 19,734.21
 *     total due 16,804.38 + 22,223.54 + 19,734.21 = 58,762.13 USD
 *     a day's interest: 16,000.00 -> 4.3836 -> 4.38; 21,696.00 -> 5.9441 -> 5.94;
 *               19,718.00 -> 5.4022 -> 5.40; together 15.72 USD
 *   bramble (freelancer-logo, no contract): MO-2026-007 ("2026-007") 850.00, due 04-01,
 *     no fee or interest without a contract: 850.00 USD
 *   marlowe (contractor-plan, GB, 70.00 once, 8% yearly): HD-0238 9,600.00 less 1,600.00 of
 *     the 02-13 party payment (6,400.00 cleared HD-0231) and 2,000.00 (04-10) = 6,000.00;
 *     fee 70.00 once (03-05); interest 0.08 x (8,000.00 x 36 days 03-05..04-09 + 6,000.00 x
 *     25 days 04-10..05-04) / 365 = 35,040 / 365 = 96.00; total 6,166.00 GBP;
 *     a day's interest 6,000.00 x 0.08 / 365 = 1.315 -> 1.32 GBP
 *   pinecrest (agency-dispute, fixed 50.00 monthly, no interest): FN-1052 6,200.00 less the
 *     700.00 credit = 5,500.00; due 03-15, month 1 completes 04-15: 50.00; total 5,550.00.
 *     FN-1063 is under an open dispute (04-20) and is left out.
 *   hoshino (tokyo-jpy, 2% once, 14.6% yearly): KT-0412 is promised by 05-15 and is left
 *     out by default. KT-0427 240,000, due 04-30, 4 days late: fee 2% = 4,800; interest
 *     0.146 x 240,000 x 4 / 365 = 384; total 245,184 JPY; a day 0.146 x 240,000 / 365 = 96.
 *     KT-0412 named: 1,250,000 + 25,000 + 0.146 x 1,250,000 x 19 / 365 (= 9,500) = 1,284,500.
 * Deadlines: a first demand 10 days from 05-04 = 05-14; a final demand 7 days = 05-11, its
 * next step (collections) the day after, 05-12.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDun } from "../grammar";
import { analyze, Workspace, type Analysis } from "../server/engine";
import {
  appendedText, composeLetter, defaultTemplate, demandEntry, LetterError, letterPdf, loadTemplate, TemplateError,
  writtenDate, type DemandFacts, type LetterKind, type Template,
} from "../server/letters";
import { findDunFiles } from "../server/node/disk";
import { checkTexts, diskWorkspaceFiles } from "./helpers";

const EXAMPLES = join(__dirname, "..", "examples");
const TODAY = "2026-05-04";

function loadExamples(): Analysis {
  const workspace = new Workspace();
  for (const path of findDunFiles([EXAMPLES])) workspace.setFile(path, readFileSync(path, "utf8"));
  return analyze(workspace, { today: TODAY, defaultCurrency: "USD", files: diskWorkspaceFiles(EXAMPLES) });
}

const analysis = loadExamples();
const letter = (kind: LetterKind, ...targets: string[]) => composeLetter(analysis, { kind, targets });

/** The first list under a `### heading` of a rendered letter, without its bullets. */
function section(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`### ${heading}`);
  if (start < 0) return [];
  const rest = markdown.slice(start).split("\n").slice(1);
  const first = rest.findIndex((line) => line.startsWith("- "));
  if (first < 0) return [];
  const end = rest.findIndex((line, index) => index > first && !line.startsWith("- "));
  return rest.slice(first, end).map((line) => line.slice(2));
}

describe("first demand: acme-security v. globex", () => {
  const { markdown, facts, stem, invoices } = letter("demand", "globex");

  it("covers every open invoice, oldest due first, and is named for the day and debtor", () => {
    expect(invoices).toEqual(["INV-1001", "INV-1002", "INV-1003"]);
    expect(stem).toBe("2026-05-04-globex-demand");
    expect(facts.paper).toBe("letter"); // C-7 is under US-CA
  });

  it("has the creditor's letterhead, the date, delivery line and the recipient's decision-maker", () => {
    for (const fact of [
      "# Acme Security LLC", "12 Harbor Road", "Oakland, CA 94607", "billing@acme-security.example", "+1 510 555 0142",
      "May 4, 2026", "**By certified mail, return receipt requested**",
      "Globex Corporation", "Attention: Hank Scorpio, Chief Financial Officer", "500 Market Street, 9th Floor", "San Francisco, CA 94105",
      "Dear Hank Scorpio,", "## Formal demand for payment: Invoices 1001, 1002 and 1003",
    ]) expect(markdown).toContain(fact);
    // The letterhead's lines break with a trailing backslash; the last one does not.
    expect(markdown).toContain("12 Harbor Road\\\nOakland, CA 94607\\\n");
  });

  it("recites the contract, its scope and terms, and the work delivered under it", () => {
    expect(markdown).toContain("**Contract C-7** of January 5, 2026, “Security services, Building 4, 500 Market Street”, on terms of payment within 30 days of each invoice.");
    expect(markdown).toContain("Scope: Two guards 18:00-02:00 and one 02:00-06:00 nightly, patrol vehicle, alarm response.");
    expect(markdown).toContain("- January 31, 2026: January patrols, 496 guard-hours, 6 alarm callouts");
    expect(markdown).toContain("- February 28, 2026: February patrols, 448 guard-hours, 4 alarm callouts");
    expect(markdown).toContain("- March 25, 2026: 1-25 March patrols, 400 guard-hours, 3 alarm callouts");
  });

  it("states every figure to the cent, in a table per currency, and the total due today", () => {
    expect(markdown).toContain("| 1001 | February 1, 2026 | March 3, 2026 | 24,000.00 | 8,000.00 | 0.00 | 16,000.00 | 480.00 | 324.38 | 16,804.38 |");
    expect(markdown).toContain("| 1002 | March 1, 2026 | March 31, 2026 | 21,696.00 | 0.00 | 0.00 | 21,696.00 | 325.44 | 202.10 | 22,223.54 |");
    expect(markdown).toContain("| 1003 | April 1, 2026 | May 1, 2026 | 19,718.00 | 0.00 | 0.00 | 19,718.00 | 0.00 | 16.21 | 19,734.21 |");
    // Column sums: 65,414.00 invoiced, 8,000.00 paid, 57,414.00 balance, 805.44 fees, 542.69 interest.
    expect(markdown).toContain("| **Total** | | | 65,414.00 | 8,000.00 | 0.00 | 57,414.00 | 805.44 | 542.69 | **58,762.13** |");
    expect(markdown).toContain("you owe us **58,762.13 USD**");
    expect((facts as DemandFacts).total).toBe("58,762.13 USD");
  });

  it("names the clauses fees and interest come from, and the interest per day from today", () => {
    expect(section(markdown, "Late fees and interest")).toEqual([
      "Late fees: 1.5% of the unpaid balance for each full month an invoice remains unpaid after its due date, under the late-fee clause of contract C-7 of January 5, 2026.",
      "Interest: simple interest at 10% a year on the unpaid balance from the day after the due date, under the interest clause of contract C-7 of January 5, 2026.",
    ]);
    expect(markdown).toContain("Interest continues to run at 15.72 USD a day after May 4, 2026 until payment.");
  });

  it("tells the history of earlier contact in date order", () => {
    expect(section(markdown, "Our contact with you so far")).toEqual([
      "February 1, 2026: We sent you invoice 1001 (24,000.00 USD, due March 3, 2026) by email.",
      "March 2, 2026: We sent you invoice 1002 (21,696.00 USD, due March 31, 2026) by certified mail.",
      "March 4, 2026: We sent a payment reminder for invoice 1001 by email.",
      // The promise made on 03-09 covers INV-1001's balance that day (24,000.00); nothing came by 03-20.
      "March 9, 2026: We spoke by telephone with Hank Scorpio about invoice 1001: “CFO: payment is 'in the next run', by 20 March at the latest”; payment of 24,000.00 USD was promised by March 20, 2026, and nothing was paid by that date.",
      // deadline 10d from 03-24
      "March 24, 2026: We sent you a formal demand for invoice 1001 by certified mail, with a deadline of April 3, 2026.",
      "March 25, 2026: We suspended work under contract C-7: “Guards withdrawn from Building 4 at 06:00 pending payment”.",
      "March 28, 2026: We received your wire payment of 8,000.00 USD (reference GLBX-W-88812) on invoice 1001.",
      "April 1, 2026: We sent you invoice 1003 (19,718.00 USD, due May 1, 2026) by email.",
      "April 2, 2026: You emailed us (Dana Whitfield) about invoices 1001, 1002 and 1003: “AP: all Acme invoices 'on hold pending CFO review'”.",
      // No `re`: the call covers every invoice open that day.
      "April 6, 2026: We telephoned you about invoices 1001, 1002 and 1003: “Front desk took a message for the CFO about all three invoices”.",
    ]);
  });

  it("sets the deadline 10 days out, says how to pay and invites a dispute in writing", () => {
    expect((facts as DemandFacts).deadlineIso).toBe("2026-05-14");
    expect(markdown).toContain("Please pay **58,762.13 USD** no later than **May 14, 2026**:");
    expect(section(markdown, "How to pay")).toEqual([
      "Wire or ACH to Example Bank of Oakland, routing 000000000, account 000123456",
      "Checks payable to Acme Security LLC, 12 Harbor Road, Oakland, CA 94607",
    ]);
    expect(markdown).toContain("tell us in writing before May 14, 2026");
  });

  it("says what happens otherwise, only as the ladder and the contract foresee it", () => {
    expect(section(markdown, "If you do not pay")).toEqual([
      // C-7 has been suspended since 03-25 (no resume).
      "Work under contract C-7 stays suspended, as it has been since March 25, 2026, until the balance is paid in full.",
      "We will refer this debt to a collection agency and, if it is still unpaid, file a claim against you in court for the full amount due, with the late fees and interest.",
      "Contract C-7 provides for attorney fees: we will claim ours from you as well.",
    ]);
  });

  it("closes with a signature block and lists the enclosures by file name", () => {
    expect(markdown).toMatch(/Sincerely,\n\n_+\\\nfor Acme Security LLC\n/);
    expect(markdown.split("**Enclosures**")[1]!.split("\n").filter((l) => l.startsWith("- "))).toEqual([
      "- C-7-signed.pdf (contract C-7)",
      "- guard-logs-2026-01.pdf (work delivered, January 31, 2026)",
      "- guard-logs-2026-02.pdf (work delivered, February 28, 2026)",
      "- guard-logs-2026-03.pdf (work delivered, March 25, 2026)",
      "- INV-1001.pdf (invoice 1001)",
      "- INV-1002.pdf (invoice 1002)",
      "- INV-1003.pdf (invoice 1003)",
      "- 2026-03-24-demand.pdf (our formal demand of March 24, 2026)",
    ]);
  });
});

describe("first demands for the other example cases", () => {
  it("freelancer-logo: no contract, so the items, no fee or interest, no suspension", () => {
    const { markdown, facts } = letter("demand", "bramble");
    for (const fact of [
      "# Mira Okafor Design", "88 Ferry Street, Apt 3", "Bramble & Finch Coffee Co.", "Attention: Theo Finch, Owner",
      "14 Wharf Lane", "## Formal demand for payment: Invoice 2026-007", "**Invoice 2026-007** of March 2, 2026 covers:",
      "- Logo design, three concepts and two revision rounds: 700.00 USD", "- Brand files: SVG, PNG, PDF, one-page usage guide: 150.00 USD",
      "| 2026-007 | March 2, 2026 | April 1, 2026 | 850.00 | 0.00 | 0.00 | 850.00 | 0.00 | 0.00 | 850.00 |",
      "you owe us **850.00 USD**.", "**May 14, 2026**", "- Zelle or ACH to hello@miraokafor.example",
    ]) expect(markdown).toContain(fact);
    expect(markdown).not.toContain("Late fees and interest");
    expect(markdown).not.toContain("suspend");
    expect(section(markdown, "Our contact with you so far")).toEqual([
      "March 2, 2026: We sent you invoice 2026-007 (850.00 USD, due April 1, 2026) by email.",
      "April 8, 2026: We sent a payment reminder for invoice 2026-007 by email.",
    ]);
    expect(facts.paper).toBe("letter"); // the debtor is in US-ME
  });

  it("contractor-plan: GB dates and A4, a once-only fee, the broken plan in the history", () => {
    const { markdown, facts, invoices } = letter("demand", "marlowe");
    expect(invoices).toEqual(["HD-0238"]); // HD-0231 was cleared by the 02-13 payment
    expect(facts.paper).toBe("a4");
    for (const fact of [
      "# Hollins & Daughter Builders Ltd", "Unit 4, Feeder Road Trade Park", "Bristol BS2 0TQ", "Marlowe Lettings Ltd",
      "Attention: Dan Marlowe, Director", "2 Queen Square", "4 May 2026", "Dear Dan Marlowe,",
      "| HD-0238 | 2 February 2026 | 4 March 2026 | 9,600.00 | 3,600.00 | 0.00 | 6,000.00 | 70.00 | 96.00 | 6,166.00 |",
      "you owe us **6,166.00 GBP**", "by **14 May 2026**", "Late fees: 70.00 GBP once, on the first day an invoice is late, under the late-fee clause of contract HB-2025-14 of 6 October 2025.",
      "Interest continues to run at 1.32 GBP a day after 4 May 2026", "- Bank transfer: Example Bank plc, sort code 00-00-00, account 12345678",
      "Yours sincerely,",
    ]) expect(markdown).toContain(fact);
    const history = section(markdown, "Our contact with you so far");
    expect(history.map((line) => line.split(":")[0])).toEqual([
      "2 February 2026", "13 February 2026", "5 March 2026", "9 March 2026", "18 March 2026", "25 March 2026",
      "27 March 2026", "30 March 2026", "10 April 2026", "24 April 2026", "27 April 2026", "27 April 2026",
    ]);
    expect(history[1]).toBe("13 February 2026: We received your bank transfer payment of 8,000.00 GBP (reference MARLOWE ELM ROW), applied 6,400.00 GBP to invoice HD-0231 and 1,600.00 GBP to invoice HD-0238.");
    expect(history[9]).toBe("24 April 2026: The installment of 2,000.00 GBP due on 24 April 2026 under the payment plan was not paid.");
    // Suspended again on 04-27, after the 03-30 resume.
    expect(markdown).toContain("Work under contract HB-2025-14 stays suspended, as it has been since 27 April 2026");
  });

  it("agency-dispute: the disputed invoice is left out and said to be", () => {
    const { markdown, invoices } = letter("demand", "pinecrest");
    expect(invoices).toEqual(["FN-1052"]);
    for (const fact of [
      "Pinecrest Family Dental PLLC", "Attention: Dr. Priya Raman, Managing Partner",
      "| FN-1052 | February 28, 2026 | March 15, 2026 | 6,200.00 | 0.00 | 700.00 | 5,500.00 | 50.00 | 0.00 | 5,550.00 |",
      "you owe us **5,550.00 USD**", "**May 14, 2026**",
      "Late fees: 50.00 USD for each full month an invoice remains unpaid after its due date, under the late-fee clause of contract FN-R12 of December 18, 2025.",
      "- Invoice FN-1063: you dispute it (since April 20, 2026: “March report delivered late; withholding the whole invoice”); we will take that up with you separately.",
    ]) expect(markdown).toContain(fact);
    expect(markdown).not.toMatch(/\| FN-1063 \|/);
    expect(section(markdown, "Our contact with you so far").map((line) => line.split(":")[0])).toEqual([
      "February 28, 2026", "March 10, 2026", "March 24, 2026", "March 27, 2026", "March 27, 2026", "April 2, 2026", "April 9, 2026",
    ]);
    // The March work belongs to the disputed FN-1063, which this letter is not about.
    expect(markdown).not.toContain("March: 18 posts");
  });

  it("tokyo-jpy: yen without decimals; the promised invoice is left out unless named", () => {
    const { markdown, invoices } = letter("demand", "hoshino");
    expect(invoices).toEqual(["KT-0427"]);
    for (const fact of [
      "Kotoba Localization K.K.", "Hoshino Trading Co., Ltd.", "Attention: Kenji Hoshino, Representative Director",
      "| KT-0427 | 31 March 2026 | 30 April 2026 | 240,000 | 0 | 0 | 240,000 | 4,800 | 384 | 245,184 |",
      "you owe us **245,184 JPY**", "**14 May 2026**", "Interest continues to run at 96 JPY a day",
      "- Invoice KT-0412: you have promised to pay it by 15 May 2026.",
      // No `sent` entry for KT-0427: the history says it was issued.
      "- 31 March 2026: We issued invoice KT-0427 for 240,000 JPY, due 30 April 2026.",
    ]) expect(markdown).toContain(fact);
    const named = letter("demand", "KT-0412", "KT-0427");
    expect(named.invoices).toEqual(["KT-0412", "KT-0427"]);
    expect(named.markdown).toContain("| KT-0412 | 16 March 2026 | 15 April 2026 | 1,250,000 | 0 | 0 | 1,250,000 | 25,000 | 9,500 | 1,284,500 |");
    // 1,284,500 + 245,184
    expect(named.markdown).toContain("you owe us **1,529,684 JPY**");
  });
});

describe("final demand", () => {
  it("acme-security: the invoice a first demand covered, the first demand's date, the next step and its date", () => {
    const { markdown, invoices, stem, facts } = letter("final-demand", "globex");
    expect(invoices).toEqual(["INV-1001"]); // only INV-1001 had a first demand (03-24)
    expect(stem).toBe("2026-05-04-globex-final-demand");
    expect((facts as DemandFacts).deadlineIso).toBe("2026-05-11");
    for (const fact of [
      "## Final demand for payment: Invoice 1001",
      "On March 24, 2026 we sent you a formal demand for payment of invoice 1001, giving you until April 3, 2026 to pay.",
      "you owe us **16,804.38 USD**",
      "Unless we receive **16,804.38 USD** by **May 11, 2026**, on **May 12, 2026** we will refer this debt to a collection agency without further notice.",
      "we will file a claim against you in court",
      "Contract C-7 provides for attorney fees",
      "- 2026-03-24-demand.pdf (our formal demand of March 24, 2026)",
    ]) expect(markdown).toContain(fact);
  });

  it("contractor-plan: a letter before action in GB", () => {
    const { markdown } = letter("final-demand", "marlowe");
    expect(markdown).toContain("## Letter before action: Invoice HD-0238");
    expect(markdown).toContain("On 18 March 2026 we sent you a formal demand for payment of invoice HD-0238, giving you until 28 March 2026 to pay.");
    expect(markdown).toContain("by **11 May 2026**, on **12 May 2026** we will refer this debt to a collection agency");
  });

  it("is refused where no first demand was sent", () => {
    expect(() => letter("final-demand", "bramble")).toThrow(/no first demand is recorded for `MO-2026-007`/);
  });
});

describe("statement of account", () => {
  it("acme-security: invoices and payments in date order with a running balance, then fees and interest", () => {
    const { markdown, stem } = letter("statement", "globex");
    expect(stem).toBe("2026-05-04-globex-statement");
    const rows = markdown.split("\n").filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith("| Date"));
    expect(rows).toEqual([
      "| February 1, 2026 | Invoice 1001, due March 3, 2026 | 24,000.00 |  | 24,000.00 |",
      "| March 1, 2026 | Invoice 1002, due March 31, 2026 | 21,696.00 |  | 45,696.00 |",
      "| March 28, 2026 | Payment received by wire, reference GLBX-W-88812 |  | 8,000.00 | 37,696.00 |",
      "| April 1, 2026 | Invoice 1003, due May 1, 2026 | 19,718.00 |  | 57,414.00 |",
      "| May 4, 2026 | Late fees on invoice 1001 to date | 480.00 |  | 57,894.00 |",
      "| May 4, 2026 | Interest on invoice 1001 to date | 324.38 |  | 58,218.38 |",
      "| May 4, 2026 | Late fees on invoice 1002 to date | 325.44 |  | 58,543.82 |",
      "| May 4, 2026 | Interest on invoice 1002 to date | 202.10 |  | 58,745.92 |",
      "| May 4, 2026 | Interest on invoice 1003 to date | 16.21 |  | 58,762.13 |",
    ]);
    expect(markdown).toContain("Balance due as of May 4, 2026: **58,762.13 USD**.");
  });

  it("agency-dispute: the disputed invoice apart; the overpayment nets in the balance", () => {
    const { markdown } = letter("statement", "pinecrest");
    const balances = markdown.split("\n").filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith("| Date")).map((line) => line.split("|").at(-2)!.trim());
    // 4,800.00; -4,825.00 -> -25.00; +6,200.00 -> 6,175.00; -700.00 -> 5,475.00; +50.00 fee -> 5,525.00
    expect(balances).toEqual(["4,800.00", "-25.00", "6,175.00", "5,475.00", "5,525.00"]);
    expect(markdown).toContain("- Invoice FN-1063 of March 31, 2026, 4,800.00 USD (balance 4,800.00 USD), disputed since April 20, 2026: “March report delivered late; withholding the whole invoice”");
    expect(markdown).not.toMatch(/\| [^|]* \| Invoice FN-1063/);
  });
});

describe("refusals", () => {
  const PARTIES = `party us "Us LLC"\n  self\n  address "1 Main St"\nparty them "Them Inc"\n  address "2 Side St"\n`;

  it("refuses a demand to a debtor with nothing open", () => {
    const { analysis } = checkTexts(`${PARTIES}2026-01-01 invoice I1 them 100.00\n2026-02-01 payment I1 100.00\n`, TODAY);
    expect(() => composeLetter(analysis, { kind: "demand", targets: ["them"] })).toThrow(LetterError);
    expect(() => composeLetter(analysis, { kind: "demand", targets: ["them"] })).toThrow("`them` has no open invoice to demand");
  });

  it("refuses a demand where the only open invoice is disputed, and a disputed invoice named", () => {
    const { analysis } = checkTexts(`${PARTIES}2026-01-01 invoice I1 them 100.00\n2026-03-01 dispute I1 "not delivered"\n`, TODAY);
    expect(() => composeLetter(analysis, { kind: "demand", targets: ["them"] })).toThrow("`them` has no open invoice to demand: `I1` is disputed since 2026-03-01");
    expect(() => composeLetter(analysis, { kind: "demand", targets: ["I1"] })).toThrow(/invoice `I1` is disputed since 2026-03-01/);
  });

  it("demands only invoices already due, unless they are named", () => {
    // I1 due 2026-01-31 (net 30), 93 days late; I2 dated 2026-04-20, due 2026-05-20: not yet due.
    const { analysis } = checkTexts(`${PARTIES}2026-01-01 invoice I1 them 100.00
2026-04-20 invoice I2 them 50.00
`, TODAY);
    expect(composeLetter(analysis, { kind: "demand", targets: ["them"] }).invoices).toEqual(["I1"]);
    expect(composeLetter(analysis, { kind: "demand", targets: ["I1", "I2"] }).invoices).toEqual(["I1", "I2"]);
    const early = checkTexts(`${PARTIES}2026-04-20 invoice I2 them 50.00
`, TODAY).analysis;
    expect(() => composeLetter(early, { kind: "demand", targets: ["them"] })).toThrow("`I2` is not due until 2026-05-20");
  });

  it("refuses invoices of two debtors, unknown ids and our own party", () => {
    expect(() => letter("demand", "INV-1001", "HD-0238")).toThrow(/one debtor: `HD-0238` is owed by `marlowe`, not `globex`/);
    expect(() => letter("demand", "nobody")).toThrow("no party or invoice `nobody`");
    expect(() => letter("demand", "acme")).toThrow(/our own party/);
    expect(() => letter("demand", "HD-0231")).toThrow(/`HD-0231` is paid/);
  });
});

describe("templates", () => {
  const tmp = mkdtempSync(join(tmpdir(), "dun-templates-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    mkdirSync(join(tmp, "templates"), { recursive: true });
    writeFileSync(join(tmp, "templates", name), text);
  };

  it("uses a workspace's templates/demand.md over the default, and the default otherwise", () => {
    write("demand.md", "To {{debtor.name}}: pay {{total}} by {{deadline}}.\n{{#accounts}}{{#rows}}{{number}}={{totalDue}};{{/rows}}{{/accounts}}\n");
    const template = loadTemplate("demand", tmp);
    expect(template.path).toBe(join(tmp, "templates", "demand.md"));
    const { markdown } = composeLetter(analysis, { kind: "demand", targets: ["globex"] }, template);
    expect(markdown).toBe("To Globex Corporation: pay 58,762.13 USD by May 14, 2026.\n1001=16,804.38;1002=22,223.54;1003=19,734.21;\n");
    expect(loadTemplate("statement", tmp)).toEqual(defaultTemplate("statement"));
  });

  it("names the template and the line of a broken section", () => {
    write("final-demand.md", "Dear {{debtor.name}},\n\n{{#accounts}}\nTotal {{totalDue}}\n");
    const template = loadTemplate("final-demand", tmp);
    let caught: unknown;
    try {
      composeLetter(analysis, { kind: "final-demand", targets: ["globex"] }, template);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as TemplateError).message).toBe(`${join(tmp, "templates", "final-demand.md")}:3: broken template: section "accounts" is opened here and never closed with {{/accounts}}`);
  });

  it("names the line of an unknown placeholder, a wrongly closed section and an unclosed tag", () => {
    const fails = (text: string) => {
      const template: Template = { kind: "demand", path: "templates/demand.md", text };
      try {
        composeLetter(analysis, { kind: "demand", targets: ["globex"] }, template);
      } catch (error) {
        return (error as Error).message;
      }
      return "rendered";
    };
    expect(fails("Dear {{debtor.name}},\n\nPay by {{deadlin}}.\n")).toBe("templates/demand.md:3: unknown placeholder {{deadlin}}: the letter has no fact of that name");
    expect(fails("{{#accounts}}\n{{#rows}}\n{{nmber}}\n{{/rows}}\n{{/accounts}}\n")).toBe("templates/demand.md:3: unknown placeholder {{nmber}}: the letter has no fact of that name");
    expect(fails("{{#accounts}}\nx\n{{/account}}\n")).toBe('templates/demand.md:3: broken template: section "accounts" must be closed with {{/accounts}} before this tag');
    expect(fails("one\ntwo {{total\nthree\n")).toBe("templates/demand.md:2: broken template: a tag opened with {{ is never closed with }}");
  });

  it("escapes Markdown in values, so a name cannot break a table or turn bold", () => {
    const text = `party us "Us *Best* LLC"\n  self\nparty them "Pipe | Co"\n2026-01-01 invoice I1 them 100.00\n  number "A|1"\n`;
    const { analysis: a } = checkTexts(text, TODAY);
    const { markdown } = composeLetter(a, { kind: "demand", targets: ["them"] });
    expect(markdown).toContain("# Us \\*Best\\* LLC");
    expect(markdown).toContain("| A\\|1 | 1 January 2026 |"); // no jurisdiction named: international dates
  });
});

describe("the demand entry", () => {
  it("records date, invoices, channel, deadline, final and the letter as evidence", () => {
    const first = letter("demand", "globex");
    expect(demandEntry(first.facts as DemandFacts, first.invoices, ["letters/2026-05-04-globex-demand.md"])).toBe(
      '2026-05-04 demand INV-1001 INV-1002 INV-1003 via certified-mail\n  deadline 10d\n  evidence "letters/2026-05-04-globex-demand.md"\n',
    );
    const final = letter("final-demand", "globex");
    const entry = demandEntry(final.facts as DemandFacts, final.invoices, ["letters/a.pdf"]);
    expect(entry).toBe('2026-05-04 demand INV-1001 via certified-mail\n  deadline 7d\n  final\n  evidence "letters/a.pdf"\n');
    expect(parseDun(entry).errors).toEqual([]);
  });

  it("is appended after one blank line, in the file's own line ends", () => {
    expect(appendedText("a\n", "e\n")).toBe("\ne\n");
    expect(appendedText("a\n\n", "e\n")).toBe("e\n");
    expect(appendedText("a", "e\n")).toBe("\n\ne\n");
    expect(appendedText("a\r\n", "e\nf\n")).toBe("\r\ne\r\nf\r\n");
  });
});

describe("dates", () => {
  it("are written out, US or international, and ISO in file names", () => {
    expect(writtenDate("2026-05-04", "us")).toBe("May 4, 2026");
    expect(writtenDate("2026-05-04", "intl")).toBe("4 May 2026");
    expect(writtenDate("2026-12-31", "intl")).toBe("31 December 2026");
  });
});

describe("every shipped template renders for every example debtor", () => {
  for (const kind of ["demand", "final-demand", "statement"] as const) {
    for (const debtor of ["globex", "bramble", "marlowe", "pinecrest", "hoshino"]) {
      it(`${kind} for ${debtor}`, () => {
        try {
          const { markdown } = letter(kind, debtor);
          expect(markdown).not.toMatch(/\{\{|\}\}/);
          expect(markdown).not.toMatch(/\n\n\n/);
        } catch (error) {
          // Only a refusal in the user's words is acceptable.
          expect(error).toBeInstanceOf(LetterError);
        }
      });
    }
  }
});

describe("PDF", () => {
  const pdftotext = (pdf: Buffer) => {
    const dir = mkdtempSync(join(tmpdir(), "dun-pdf-"));
    try {
      writeFileSync(join(dir, "letter.pdf"), pdf);
      const run = spawnSync("pdftotext", ["-layout", join(dir, "letter.pdf"), "-"], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
      return run.stdout;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("is a PDF on Letter paper with the debtor, every invoice number and the total", () => {
    const demand = letter("demand", "globex");
    const pdf = letterPdf(demand.markdown, { paper: demand.paper, title: demand.title, date: TODAY });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.toString("latin1")).toContain("/MediaBox [0 0 612 792]");
    const text = pdftotext(pdf);
    for (const fact of ["Globex Corporation", "1001", "1002", "1003", "58,762.13 USD", "16,804.38", "May 14, 2026"]) expect(text).toContain(fact);
    // The statement table is laid out as a table: one line per invoice with its figures in order.
    expect(text).toMatch(/1001\s+February 1, 2026\s+March 3, 2026\s+24,000.00\s+8,000.00\s+0.00\s+16,000.00\s+480.00\s+324.38\s+16,804.38/);
  });

  it("embeds its fonts and uses A4 outside the US and Canada", () => {
    const demand = letter("demand", "marlowe");
    const pdf = letterPdf(demand.markdown, { paper: demand.paper, date: TODAY });
    expect(pdf.toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
    expect(pdf.toString("latin1")).toMatch(/\/FontFile2/);
    expect(pdf.toString("latin1")).not.toMatch(/\/BaseFont \/Helvetica/);
    expect(pdftotext(pdf)).toContain("6,166.00 GBP");
  });
});
