/** The outline, workspace symbols, folding and semantic tokens: what the editor shows of a file's structure. */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import { describe, expect, it } from "vitest";
import { provideFoldingRanges } from "../../server/lsp/features/folding";
import { provideSemanticTokens, SEMANTIC_LEGEND } from "../../server/lsp/features/semanticTokens";
import { MAX_WORKSPACE_SYMBOLS, provideDocumentSymbols, provideWorkspaceSymbols } from "../../server/lsp/features/symbols";
import { featureContext } from "./featureHelpers";

const TODAY = "2026-05-04";

// Line numbers (0-based) on the right.
const CASE = [
  "; Globex case", //                                  0
  'party globex "Globex Corporation"', //              1
  '  email "ap@globex.example"', //                    2
  'policy gentle "Gentle"', //                         3
  "  step reminder 7d", //                             4
  '2026-01-05 contract C-7 globex "Guard services"', //5
  "  terms net 30", //                                 6
  "2026-02-01 invoice INV-1 C-7 1,000.00 USD", //      7
  '  evidence "inv.pdf"', //                           8
  "2026-02-10 invoice INV-2 C-7 500.00", //            9
  "2026-02-12 sent INV-1 INV-2 via email", //          10
  '2026-02-15 work C-7 "Patrols"', //                  11
  '2026-03-09 call globex "Next week"', //             12
  "  re INV-2", //                                     13
  '2026-03-10 call globex "No answer"', //             14
  "2026-03-24 demand INV-1 via certified-mail", //     15
  "  deadline 10d", //                                 16
  "2026-03-28 payment INV-1 1,000.00", //              17
  "2026-04-01 invoic INV-3 C-7 5.00", //               18 (broken: left out)
  "",
].join("\n");

const PARTIES = 'party acme "Acme"\n  self\n';

type Shape = { name: string; detail?: string; kind: SymbolKind; children?: Shape[] };

function shape(symbol: DocumentSymbol): Shape {
  const children = symbol.children?.map(shape);
  return { name: symbol.name, detail: symbol.detail, kind: symbol.kind, ...(children ? { children } : {}) };
}

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe("outline", () => {
  const outline = provideDocumentSymbols(featureContext({ "case.dun": CASE, "parties.dun": PARTIES }, TODAY));

  it("lists definitions, nests each invoice's entries under it, and keeps other entries at the top", () => {
    const event = (name: string, detail: string): Shape => ({ name, detail, kind: SymbolKind.Event });
    const sent = event("2026-02-12 sent", "INV-1 INV-2 via email");
    expect(outline.map(shape)).toEqual([
      { name: "globex", detail: '"Globex Corporation"', kind: SymbolKind.Class },
      { name: "gentle", detail: '"Gentle"', kind: SymbolKind.Enum },
      { name: "C-7", detail: 'globex "Guard services"', kind: SymbolKind.Interface },
      {
        // 1,000.00 paid on 03-28: nothing left.
        name: "INV-1",
        detail: "1,000.00 USD · paid",
        kind: SymbolKind.Object,
        children: [sent, event("2026-03-24 demand", "INV-1 via certified-mail"), event("2026-03-28 payment", "INV-1 1,000.00")],
      },
      {
        // Nothing paid; the sent entry names both invoices, so it stands under both.
        name: "INV-2",
        detail: "500.00 USD · open",
        kind: SymbolKind.Object,
        children: [sent, event("2026-03-09 call", 'globex "Next week"')],
      },
      event("2026-02-15 work", 'C-7 "Patrols"'),
      // A call with no `re` is about the party, not one invoice.
      event("2026-03-10 call", 'globex "No answer"'),
    ]);
  });

  it("spans each entry with its properties and selects its id or date", () => {
    const invoice = outline.find((s) => s.name === "INV-1")!;
    expect(invoice.range).toEqual(range(7, 0, 8, 20)); // `  evidence "inv.pdf"` ends in column 20
    expect(invoice.selectionRange).toEqual(range(7, 19, 7, 24));
    const demand = invoice.children!.find((s) => s.name === "2026-03-24 demand")!;
    expect(demand.range).toEqual(range(15, 0, 16, 14));
    expect(demand.selectionRange).toEqual(range(15, 0, 15, 10));
  });
});

describe("workspace symbols", () => {
  const { session } = featureContext({ "case.dun": CASE, "parties.dun": PARTIES }, TODAY);
  const names = (query: string) => provideWorkspaceSymbols(session, query).map((s) => s.name);

  it("finds every definition of every file for an empty query, in path order", () => {
    expect(names("")).toEqual(["globex", "gentle", "C-7", "INV-1", "INV-2", "acme"]);
  });

  it("matches substrings regardless of case, then letters in order", () => {
    expect(names("inv")).toEqual(["INV-1", "INV-2"]);
    // "ge" is in gentle; globex only has a g and, later, an e.
    expect(names("ge")).toEqual(["gentle", "globex"]);
    expect(names("zz")).toEqual([]);
  });

  it("gives each symbol's kind and where its id is written", () => {
    const [acme] = provideWorkspaceSymbols(session, "acme");
    expect(acme).toEqual({
      name: "acme",
      kind: SymbolKind.Class,
      containerName: "party",
      location: { uri: "file:///ws/parties.dun", range: range(0, 6, 0, 10) },
    });
  });
});

describe("workspace symbols in a large workspace", () => {
  // 1,500 invoices INV-1 … INV-1500, one file each (cases/c0001.dun …), billed to one party; and
  // two ids that hold "inv-1" only inside, or as letters in order.
  const files: Record<string, string> = { "parties.dun": 'party globex "Globex Corporation"\n' };
  for (let n = 1; n <= 1500; n++) files[`cases/c${String(n).padStart(4, "0")}.dun`] = `2026-01-05 invoice INV-${n} globex 100.00 USD\n`;
  files["z/extra.dun"] = "2026-01-05 invoice XINV-1 globex 1.00 USD\n2026-01-05 invoice I-NV-1 globex 1.00 USD\n";
  const { session } = featureContext(files, TODAY);
  const names = (query: string) => provideWorkspaceSymbols(session, query).map((s) => s.name);

  it(`gives at most ${MAX_WORKSPACE_SYMBOLS}, the id itself first, then ids starting with the query`, () => {
    const found = names("inv-1");
    // INV-1 itself; then the 611 ids starting with "inv-1", in path order: INV-10 … INV-19,
    // INV-100 … INV-199, INV-1000 … INV-1500. The cap cuts them at the 500th: INV-1388
    // (1 + 10 + 100 = 111 before INV-1000, then 389 more). XINV-1 and I-NV-1 match less well.
    expect(found).toHaveLength(MAX_WORKSPACE_SYMBOLS);
    expect(found.slice(0, 3)).toEqual(["INV-1", "INV-10", "INV-11"]);
    expect(found.slice(109, 112)).toEqual(["INV-198", "INV-199", "INV-1000"]);
    expect(found.at(-1)).toBe("INV-1388");
    expect(found).not.toContain("XINV-1");
  });

  it("then ids containing the query, then ids with its letters in order, each in path order", () => {
    const found = names("nv-12");
    // Containing "nv-12": INV-12 (c0012), INV-120 … INV-129, INV-1200 … INV-1299: 111 in all.
    // Then letters in order (n, v, -, 1, later 2): the first in path order is INV-102 (c0102).
    expect(found.slice(0, 2)).toEqual(["INV-12", "INV-120"]);
    expect(found.slice(110, 112)).toEqual(["INV-1299", "INV-102"]);
  });

  it("an empty query lists definitions in path order, up to the cap", () => {
    const all = names("");
    expect(all).toHaveLength(MAX_WORKSPACE_SYMBOLS);
    expect(all.slice(0, 3)).toEqual(["INV-1", "INV-2", "INV-3"]);
  });
});

describe("folding", () => {
  const text = [
    "; Acme v. Globex", //                         0
    "; unpaid guard services", //                  1
    "; kept by the billing team", //               2
    'party globex "Globex"', //                    3
    '  email "ap@globex.example"', //              4
    "  ; the AP desk", //                          5
    '  phone "555-0100"', //                       6
    "", //                                         7
    "; two lines", //                              8
    "; do not fold", //                            9
    "2026-02-01 invoice INV-1 globex 100.00 ; no properties", // 10
    "2026-02-02 sent INV-1 via email", //          11
    '  evidence "a.eml" ; trailing', //            12
    "; after", //                                  13
    "; three", //                                  14
    "; lines", //                                  15
    "2026-03-01 invoic INV-2 globex 5.00", //      16 (broken header)
    "  due 2026-04-01", //                         17
  ].join("\n");

  it("folds entries with properties and runs of three comment lines, nothing else", () => {
    expect(provideFoldingRanges(featureContext({ "case.dun": text }, TODAY))).toEqual([
      { startLine: 0, endLine: 2, kind: FoldingRangeKind.Comment },
      { startLine: 3, endLine: 6, kind: FoldingRangeKind.Region },
      { startLine: 11, endLine: 12, kind: FoldingRangeKind.Region },
      { startLine: 13, endLine: 15, kind: FoldingRangeKind.Comment },
      { startLine: 16, endLine: 17, kind: FoldingRangeKind.Region },
    ]);
  });
});

describe("semantic tokens", () => {
  const text = [
    "2026-02-01 invoice INV-1 C-7 1,000.00 USD",
    '  item "Guards" 1,000.00',
    '  evidence "inv.pdf" ; scanned',
    "2026-02-02 sent INV-1 via email",
    'party demand "Soft keywords"',
    "policy gentle",
    "  step demand 14d deadline 10d via certified-mail",
    "2026-03-01 invoic INV-9 ; typo",
    "",
  ].join("\n");
  const { data } = provideSemanticTokens(featureContext({ "case.dun": text }, TODAY));

  /** Undoes LSP's relative encoding: [line, column, length, type, modifiers] per token. */
  function decode(encoded: number[]): [number, number, number, string, ...string[]][] {
    const tokens: [number, number, number, string, ...string[]][] = [];
    let line = 0;
    let column = 0;
    for (let i = 0; i < encoded.length; i += 5) {
      const [deltaLine, deltaStart, length, type, bits] = encoded.slice(i, i + 5) as [number, number, number, number, number];
      column = deltaLine === 0 ? column + deltaStart : deltaStart;
      line += deltaLine;
      const modifiers = SEMANTIC_LEGEND.tokenModifiers.filter((_, bit) => bits & (1 << bit));
      tokens.push([line, column, length, SEMANTIC_LEGEND.tokenTypes[type]!, ...modifiers]);
    }
    return tokens;
  }

  it("encodes positions relative to the token before", () => {
    const type = (name: string) => SEMANTIC_LEGEND.tokenTypes.indexOf(name);
    // date at 0 (10 long), `invoice` 11 further, INV-1 8 further (a declaration), C-7 6 further,
    // the amount 4 further, USD 9 further; then `item` on the next line, column 2.
    expect(data.slice(0, 35)).toEqual([
      0, 0, 10, type("number"), 0,
      0, 11, 7, type("keyword"), 0,
      0, 8, 5, type("variable"), 1,
      0, 6, 3, type("variable"), 0,
      0, 4, 8, type("number"), 0,
      0, 9, 3, type("type"), 0,
      1, 2, 4, type("property"), 0,
    ]);
  });

  it("colours every word by what it is, and nothing of a broken header but its comment", () => {
    expect(decode(data)).toEqual([
      [0, 0, 10, "number"], // 2026-02-01
      [0, 11, 7, "keyword"], // invoice
      [0, 19, 5, "variable", "declaration"], // INV-1
      [0, 25, 3, "variable"], // C-7
      [0, 29, 8, "number"], // 1,000.00
      [0, 38, 3, "type"], // USD
      [1, 2, 4, "property"], // item
      [1, 7, 8, "string"], // "Guards"
      [1, 16, 8, "number"], // 1,000.00
      [2, 2, 8, "property"], // evidence
      [2, 11, 9, "string"], // "inv.pdf"
      [2, 21, 9, "comment"], // ; scanned
      [3, 0, 10, "number"],
      [3, 11, 4, "keyword"], // sent
      [3, 16, 5, "variable"], // INV-1
      [3, 22, 3, "keyword"], // via
      [3, 26, 5, "enumMember"], // email, a channel
      [4, 0, 5, "keyword"], // party
      [4, 6, 6, "variable", "declaration"], // demand: a keyword used as an id
      [4, 13, 15, "string"],
      [5, 0, 6, "keyword"], // policy
      [5, 7, 6, "variable", "declaration"], // gentle
      [6, 2, 4, "property"], // step
      [6, 7, 6, "keyword"], // demand, the step kind
      [6, 14, 3, "number"], // 14d
      [6, 18, 8, "keyword"], // deadline
      [6, 27, 3, "number"], // 10d
      [6, 31, 3, "keyword"], // via
      [6, 35, 14, "enumMember"], // certified-mail
      [7, 24, 6, "comment"], // ; typo
    ]);
  });
});
