/**
 * Any text at all parses and analyses without throwing, and every range reported lies inside
 * its text: random UTF-16, the language's own tokens in random order, and real ledgers
 * mutated the ways people break them. Also whole example workspaces with one file mutated, so
 * cross-file references to broken or missing definitions are exercised.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineIndex, parseDun } from "../../grammar";
import { analyze, CODES, Workspace, type RuleSettings } from "../../server/engine";
import { memoryFiles } from "../helpers";
import { anyText, anyUnicode, applyMutations, mutations, plausibleLines, tokenSoup } from "./arbitraries";
import { budget, exampleWorkspaces, expectDiagnosticsInside, expectRangeInside, sampleLedgers } from "./support";

const TODAYS = ["2026-05-04", "2020-01-01", "2031-12-31", "9999-12-31", "0001-01-01"];

/** Parses one text and checks every range of its tree. */
function parseChecked(text: string): void {
  const tree = parseDun(text);
  for (const error of tree.errors) {
    expectRangeInside(error.range, text, `syntax error "${error.message.slice(0, 80)}"`);
    expect(error.message.length).toBeGreaterThan(0);
  }
  for (const comment of tree.comments) expectRangeInside(comment, text, "comment");
  for (const entry of tree.entries) {
    expectRangeInside(entry, text, `${entry.kind} entry`);
    expectRangeInside(entry.header, text, `${entry.kind} header`);
    if (entry.kind === "broken") continue;
    for (const property of entry.properties) expectRangeInside(property, text, `${property.name} property`);
  }
  // Positions of every offset stay on a real line (what the editor and the CLI print).
  const lines = new LineIndex(text);
  for (const error of tree.errors) {
    const { line, character } = lines.positionAt(error.range.end);
    expect(line).toBeLessThan(lines.lineCount);
    expect(character).toBeGreaterThanOrEqual(0);
  }
}

/** Analyses texts as one workspace under /ws and checks every diagnostic's range. */
function analyseChecked(files: Record<string, string>, today: string, rules: RuleSettings = {}): void {
  const workspace = new Workspace();
  const texts = new Map<string, string>();
  for (const [name, text] of Object.entries(files)) {
    workspace.setFile(`/ws/${name}`, text);
    texts.set(`/ws/${name}`, text);
  }
  const analysis = analyze(workspace, { today, defaultCurrency: "USD", rules, files: memoryFiles("/ws", ["/ws/evidence/a.pdf"]) });
  expectDiagnosticsInside(analysis, texts);
  // Figures are exact (safe integers of minor units), or the invoice is flagged as too large.
  for (const report of analysis.reports.values()) {
    if (Object.values(report.figures).every((value) => Number.isSafeInteger(value))) continue;
    const { file, entry } = report.invoice;
    const flagged = analysis.diagnostics.some((d) => d.code === "bad-amount" && d.file === file && d.range.start === entry.header.start);
    expect(flagged, `inexact figures of ${report.invoice.id} without a bad-amount: ${JSON.stringify(report.figures)}`).toBe(true);
  }
}

const today = fc.constantFrom(...TODAYS);
/** Every code at its default, or one random code raised or turned off. */
const rules = fc.option(
  fc.tuple(fc.constantFrom(...CODES), fc.constantFrom("error", "warning", "info", "off") as fc.Arbitrary<"error">).map(([code, level]) => ({ [code]: level })),
  { nil: undefined },
);

describe("any string parses and analyses without throwing, with every range inside the text", () => {
  it("random UTF-16, lone surrogates and control characters included", () => {
    fc.assert(
      fc.property(anyText, today, (text, day) => {
        parseChecked(text);
        analyseChecked({ "a.dun": text }, day);
      }),
      budget(400, 601),
    );
  });

  it("random graphemes (surrogate pairs, combining marks, right-to-left text)", () => {
    fc.assert(
      fc.property(anyUnicode, (text) => {
        parseChecked(text);
        analyseChecked({ "a.dun": text }, "2026-05-04");
      }),
      budget(200, 602),
    );
  });

  it("the language's own tokens in random order", () => {
    fc.assert(
      fc.property(tokenSoup, today, rules, (text, day, settings) => {
        parseChecked(text);
        analyseChecked({ "a.dun": text }, day, settings);
      }),
      budget(500, 603),
    );
  });

  it("plausible headers and properties with random values", () => {
    fc.assert(
      fc.property(plausibleLines, plausibleLines, today, (a, b, day) => {
        parseChecked(a);
        analyseChecked({ "a.dun": a, "b.dun": b }, day);
      }),
      budget(400, 604),
    );
  });
});

describe("valid ledgers with extreme values", () => {
  const isoDate = fc.oneof(
    fc.constantFrom("0000-01-01", "0000-02-29", "0001-01-01", "0099-12-31", "1969-12-31", "1970-01-01", "2026-01-31", "9999-12-31", "9999-12-01"),
    fc.integer({ min: -719_528, max: 2_932_896 }).map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10)),
  );
  const count = fc.constantFrom("0", "1", "30", "365", "1000000", "1000000000", "1000000000000000", "100000000000000000000", "9".repeat(400));
  const money = fc.constantFrom("0", "0.01", "1", "-5", "42,000.00", "90071992547409.91", "90071992547409.92", "9999999999999999999");
  const percent = fc.constantFrom("0%", "1.5%", "100%", "-10%", "99999999999999999999%", "0.0000001%");
  const ledger = fc
    .record({
      net: count,
      step: count,
      deadline: count,
      period: fc.constantFrom("monthly", "once"),
      fee: fc.oneof(percent, money),
      rate: percent,
      dates: fc.array(isoDate, { minLength: 8, maxLength: 8 }),
      amounts: fc.array(money, { minLength: 4, maxLength: 4 }),
      usePolicy: fc.boolean(),
      explicitDue: fc.boolean(),
      deadlineDays: fc.boolean(),
    })
    .map((v) => {
      const [contract, invoice, due, demand, deadline, payment, reminder, promise] = v.dates;
      return [
        'party us "Us"',
        "  self",
        'party d "Debtor"',
        "policy p",
        `  step reminder ${v.step}d`,
        `  step demand ${v.step}d deadline ${v.deadline}d final`,
        `${contract} contract C d`,
        `  terms net ${v.net}`,
        `  late-fee ${v.fee} ${v.period}`,
        `  interest ${v.rate} yearly`,
        v.usePolicy ? "  policy p" : "  scope \"x\"",
        `${invoice} invoice I C ${v.amounts[0]}`,
        v.explicitDue ? `  due ${due}` : "  number \"1\"",
        `${demand} demand I via email`,
        v.deadlineDays ? `  deadline ${v.deadline}d` : `  deadline ${deadline}`,
        `${payment} payment I ${v.amounts[1]}`,
        `${payment} credit I ${v.amounts[2]} "c"`,
        `${reminder} reminder I via email`,
        `  promise ${promise} ${v.amounts[3]}`,
        `${reminder} plan I`,
        `  installment ${promise} ${v.amounts[3]}`,
        `${payment} payment d ${v.amounts[1]}`,
        `${reminder} dispute I "no"`,
        `${promise} write-off I "gone"`,
        "",
      ].join("\n");
    });

  it("day counts far past 9999-12-31, dates from 0000-01-01 to 9999-12-31, the largest amounts and rates", () => {
    fc.assert(
      fc.property(ledger, today, (text, day) => {
        expect(parseDun(text).errors).toEqual([]);
        analyseChecked({ "a.dun": text }, day);
      }),
      budget(300, 607),
    );
  });
});

describe("real ledgers, mutated", () => {
  const samples = sampleLedgers();
  const workspaces = exampleWorkspaces();

  it("finds the samples", () => {
    expect(samples.length).toBeGreaterThan(40);
    expect(workspaces.length).toBeGreaterThan(3);
  });

  it("any example or fixture with deleted, duplicated, swapped or truncated lines, CRLF, BOM, tabs, long lines, unbalanced quotes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), mutations, today, ({ text }, list, day) => {
        const mutated = applyMutations(text, list);
        parseChecked(mutated);
        analyseChecked({ "case.dun": mutated }, day);
      }),
      budget(400, 605),
    );
  });

  it("a whole example workspace with one or two of its files mutated", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...workspaces),
        fc.nat(),
        mutations,
        fc.nat(),
        mutations,
        today,
        (workspace, i, first, j, second, day) => {
          const files = Object.fromEntries(workspace.files.map((f) => [f.path, f.text]));
          const names = Object.keys(files);
          const a = names[i % names.length]!;
          const b = names[j % names.length]!;
          files[a] = applyMutations(files[a]!, first);
          files[b] = applyMutations(files[b]!, second);
          analyseChecked(files, day);
        },
      ),
      budget(200, 606),
    );
  });
});
