/** Go to definition, find references and rename across the files of a workspace. */
import { ResponseError, type Location, type Range, type WorkspaceEdit } from "vscode-languageserver";
import { describe, expect, it } from "vitest";
import { prepareRename, provideDefinition, provideReferences, provideRename } from "../../server/lsp/features/navigation";
import { featureContext, withCursor } from "./featureHelpers";

const TODAY = "2026-05-04";

// a.dun, line by line (0-based, as LSP counts):
// 0 party acme "Acme"            3 party globex "Globex"     5 contract C-7 (col 20) globex (col 24)
// 7 invoice INV-1 (col 19–24) C-7 (col 25)                    9 invoice INV-2 (col 19)
const A = `party acme "Acme"
  self

party globex "Globex"

2026-01-05 contract C-7 globex

2026-02-01 invoice INV-1 C-7 1,000.00

2026-02-10 invoice INV-2 C-7 500.00
`;

// b.dun: 0 sent INV-1 (col 16–21); 2 call globex (col 16); 3 re INV-1 (col 5–10); 5 payment INV-1 (col 19–24)
const B = `2026-02-01 sent INV-1 via email

2026-03-09 call globex "Said next week"
  re INV-1

2026-03-28 payment INV-1 400.00
`;

const A_URI = "file:///ws/a.dun";
const B_URI = "file:///ws/b.dun";

/** `line:start-end` (0-based line and columns), for short expectations. */
function at(uri: string, line: number, start: number, end: number): Location {
  return { uri, range: { start: { line, character: start }, end: { line, character: end } } };
}

/** A feature context over a.dun and b.dun (either replaced by `marked`), on the file holding `<|>`. */
function cursorIn(marked: Record<string, string>) {
  const files: Record<string, string> = { "a.dun": A, "b.dun": B, ...marked };
  const name = Object.keys(files).find((key) => files[key]!.includes("<|>"))!;
  const { text, position } = withCursor(files[name]!);
  const context = featureContext({ ...files, [name]: text }, TODAY, { file: name });
  return { context, position, textDocument: { uri: context.uri } };
}

/** `B` with the marker put before the n-th (0-based) occurrence of `word`, offset by `shift` characters. */
function mark(text: string, word: string, n = 0, shift = 0): string {
  let index = -1;
  for (let i = 0; i <= n; i++) index = text.indexOf(word, index + 1);
  return `${text.slice(0, index + shift)}<|>${text.slice(index + shift)}`;
}

function definition(marked: Record<string, string>): Location | null {
  const { context, position, textDocument } = cursorIn(marked);
  return provideDefinition(context, { textDocument, position });
}

function references(marked: Record<string, string>, includeDeclaration: boolean): Location[] {
  const { context, position, textDocument } = cursorIn(marked);
  return provideReferences(context, { textDocument, position, context: { includeDeclaration } });
}

function rename(marked: Record<string, string>, newName: string): WorkspaceEdit | null {
  const { context, position, textDocument } = cursorIn(marked);
  return provideRename(context, { textDocument, position, newName });
}

/** The message of the ResponseError a rename is refused with. */
function refusal(marked: Record<string, string>, newName: string): string {
  try {
    rename(marked, newName);
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseError);
    return (error as ResponseError<unknown>).message;
  }
  throw new Error(`renaming to ${newName} was not refused`);
}

/** Applies a WorkspaceEdit's changes for one URI to a text (edits on one line each, as ours are). */
function applied(text: string, edit: WorkspaceEdit, uri: string): string {
  const lines = text.split("\n");
  const edits = [...(edit.changes?.[uri] ?? [])].sort((x, y) => y.range.start.line - x.range.start.line || y.range.start.character - x.range.start.character);
  for (const { range, newText } of edits) {
    const line = lines[range.start.line]!;
    lines[range.start.line] = line.slice(0, range.start.character) + newText + line.slice(range.end.character);
  }
  return lines.join("\n");
}

describe("go to definition", () => {
  it("goes from a reference in b.dun to the invoice defined in a.dun", () => {
    expect(definition({ "b.dun": mark(B, "INV-1", 0, 2) })).toEqual(at(A_URI, 7, 19, 24));
  });

  it("works with the cursor just after the id, and from a `re` property", () => {
    expect(definition({ "b.dun": mark(B, "INV-1", 1, 5) })).toEqual(at(A_URI, 7, 19, 24));
  });

  it("goes from a party named in a contract to the party", () => {
    expect(definition({ "a.dun": mark(A, "globex", 1) })).toEqual(at(A_URI, 3, 6, 12));
  });

  it("leads a definition to itself", () => {
    expect(definition({ "a.dun": mark(A, "INV-2") })).toEqual(at(A_URI, 9, 19, 24));
  });

  it("finds nothing off an id, for an unknown id, or for a definition of another kind", () => {
    expect(definition({ "b.dun": mark(B, "sent", 0, 1) })).toBeNull();
    expect(definition({ "b.dun": mark(B, "400.00") })).toBeNull();
    expect(definition({ "b.dun": `2026-02-01 sent INV-<|>9 via email\n` })).toBeNull();
    // `sent` names invoices; `globex` is a party, so it is no definition for this reference.
    expect(definition({ "b.dun": `2026-02-01 sent glo<|>bex via email\n` })).toBeNull();
  });
});

describe("find references", () => {
  const invoiceRefs = [at(B_URI, 0, 16, 21), at(B_URI, 3, 5, 10), at(B_URI, 5, 19, 24)];

  it("lists every reference to an invoice across files, with or without its definition", () => {
    expect(references({ "a.dun": mark(A, "INV-1") }, false)).toEqual(invoiceRefs);
    // a.dun comes before b.dun in path order, so the definition comes first.
    expect(references({ "a.dun": mark(A, "INV-1") }, true)).toEqual([at(A_URI, 7, 19, 24), ...invoiceRefs]);
  });

  it("gives the same list from a reference", () => {
    expect(references({ "b.dun": mark(B, "INV-1", 2) }, true)).toEqual([at(A_URI, 7, 19, 24), ...invoiceRefs]);
  });

  it("keeps ids apart: INV-2 is not INV-1, and a party's references are its own", () => {
    expect(references({ "a.dun": mark(A, "INV-2") }, true)).toEqual([at(A_URI, 9, 19, 24)]);
    expect(references({ "a.dun": mark(A, "globex") }, false)).toEqual([at(A_URI, 5, 24, 30), at(B_URI, 2, 16, 22)]);
  });

  it("finds nothing off an id", () => {
    expect(references({ "b.dun": mark(B, "via") }, true)).toEqual([]);
  });
});

describe("rename", () => {
  it("prepares on an id with its range and text, and not on whitespace", () => {
    const onId = cursorIn({ "b.dun": mark(B, "INV-1", 0, 3) });
    const range: Range = { start: { line: 0, character: 16 }, end: { line: 0, character: 21 } };
    expect(prepareRename(onId.context, { textDocument: onId.textDocument, position: onId.position })).toEqual({ range, placeholder: "INV-1" });
    const onSpace = cursorIn({ "b.dun": "2026-02-01 sent INV-1  <|>  via email\n" });
    expect(prepareRename(onSpace.context, { textDocument: onSpace.textDocument, position: onSpace.position })).toBeNull();
  });

  it("renames the definition and every reference, in both files", () => {
    const edit = rename({ "b.dun": mark(B, "INV-1", 1) }, "INV-2026-001")!;
    const edits = (uri: string) => edit.changes![uri]!.map((e) => [e.range.start.line, e.range.start.character, e.range.end.character, e.newText]);
    expect(Object.keys(edit.changes!).sort()).toEqual([A_URI, B_URI]);
    expect(edits(A_URI)).toEqual([[7, 19, 24, "INV-2026-001"]]);
    expect(edits(B_URI)).toEqual([[0, 16, 21, "INV-2026-001"], [3, 5, 10, "INV-2026-001"], [5, 19, 24, "INV-2026-001"]]);
    // What the user sees afterwards: both files name the new id, and nothing is left dangling.
    const a = applied(A, edit, A_URI);
    const b = applied(B, edit, B_URI);
    expect(b).toBe(B.replaceAll("INV-1", "INV-2026-001"));
    expect(a).toBe(A.replace("INV-1", "INV-2026-001"));
    const after = featureContext({ "a.dun": a, "b.dun": b }, TODAY);
    expect(after.analysis.diagnostics.filter((d) => d.code === "unknown-ref")).toEqual([]);
    // 1,000.00 less the 400.00 paid in b.dun: the payment still reaches the renamed invoice.
    expect(after.analysis.reports.get("INV-2026-001")!.figures.balance).toBe(60000);
  });

  it("renames a party in the contract that names it and in the call", () => {
    const edit = rename({ "a.dun": mark(A, "globex") }, "globex-corp")!;
    expect(edit.changes![A_URI]!.map((e) => e.range.start)).toEqual([{ line: 3, character: 6 }, { line: 5, character: 24 }]);
    expect(edit.changes![B_URI]!.map((e) => e.range.start)).toEqual([{ line: 2, character: 16 }]);
  });

  it("refuses a name that is already defined, saying where", () => {
    expect(refusal({ "b.dun": mark(B, "INV-1") }, "INV-2")).toBe(
      "cannot rename `INV-1` to `INV-2`: `INV-2` is already defined as an invoice at a.dun:10",
    );
    // Any kind counts: ids share one namespace.
    expect(refusal({ "b.dun": mark(B, "INV-1") }, "globex")).toBe(
      "cannot rename `INV-1` to `globex`: `globex` is already defined as a party at a.dun:4",
    );
    expect(refusal({ "b.dun": mark(B, "INV-1") }, "standard")).toBe(
      "cannot rename `INV-1` to `standard`: `standard` is already defined as the built-in policy",
    );
  });

  it("refuses a name that is not an id", () => {
    expect(refusal({ "b.dun": mark(B, "INV-1") }, "INV 2")).toBe(
      "`INV 2` is not a valid id: an id starts with a letter or `_`, then letters, digits, `_`, `-`, `.` or `/`",
    );
    expect(refusal({ "b.dun": mark(B, "INV-1") }, "2026-17")).toContain("`2026-17` is not a valid id");
  });

  it("refuses to rename the built-in policy", () => {
    const files = { "c.dun": "2026-01-05 contract C-9 globex\n  policy stan<|>dard\n" };
    expect(refusal(files, "strict")).toContain("`standard` is the built-in escalation policy");
    const { context, position, textDocument } = cursorIn(files);
    expect(() => prepareRename(context, { textDocument, position })).toThrow(ResponseError);
  });
});
