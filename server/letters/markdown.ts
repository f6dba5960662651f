/**
 * The small part of Markdown letters use, read into blocks for the PDF writer: headings,
 * paragraphs (a trailing `\` breaks the line), `- ` lists, pipe tables, `---` rules, and
 * `**bold**` / `*italic*` with backslash escapes inside. Anything else is a paragraph, so a
 * workspace template can never make the PDF fail; it can only look plain.
 */

export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
}

/** One printed line: runs of differently styled text. */
export type Inline = Run[];

export type Align = "left" | "right" | "center";

export type Block =
  | { kind: "heading"; level: number; text: Inline }
  | { kind: "paragraph"; lines: Inline[] }
  | { kind: "list"; items: Inline[] }
  | { kind: "table"; align: Align[]; header: Inline[]; rows: Inline[][] }
  | { kind: "rule" };

const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** `**Total** due \*now\*` → runs with bold and italic set, escapes resolved. */
export function parseInline(source: string): Inline {
  const runs: Run[] = [];
  let bold = false;
  let italic = false;
  let text = "";
  const flush = () => {
    if (text) runs.push({ text, bold, italic });
    text = "";
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === "\\" && i + 1 < source.length && PUNCTUATION.test(source[i + 1]!)) {
      text += source[++i];
    } else if (char === "*" && source[i + 1] === "*") {
      flush();
      bold = !bold;
      i++;
    } else if (char === "*") {
      flush();
      italic = !italic;
    } else {
      text += char;
    }
  }
  flush();
  return runs;
}

/** Splits `| a | b \| c |` on the unescaped bars. */
function cells(line: string): string[] {
  const found: string[] = [];
  let cell = "";
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\" && i + 1 < line.length) {
      cell += line[i]! + line[++i]!;
    } else if (line[i] === "|") {
      found.push(cell.trim());
      cell = "";
    } else cell += line[i];
  }
  found.push(cell.trim());
  if (line.trim().startsWith("|")) found.shift();
  if (line.trim().endsWith("|") && !line.trim().endsWith("\\|")) found.pop();
  return found;
}

const isAlignRow = (line: string) => /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(line);

function alignOf(spec: string): Align {
  const s = spec.trim();
  return s.startsWith(":") && s.endsWith(":") ? "center" : s.endsWith(":") ? "right" : "left";
}

/** A line ends in a hard break when it ends in an unescaped backslash. */
function hardBreak(line: string): boolean {
  const trailing = /\\+$/.exec(line.trimEnd())?.[0].length ?? 0;
  return trailing % 2 === 1;
}

export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let paragraph: Inline[] | undefined;
  let pending = "";
  const endParagraph = () => {
    if (pending.trim()) paragraph?.push(parseInline(pending.trim()));
    if (paragraph && paragraph.length > 0) blocks.push({ kind: "paragraph", lines: paragraph });
    paragraph = undefined;
    pending = "";
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!line.trim()) {
      endParagraph();
    } else if (heading) {
      endParagraph();
      blocks.push({ kind: "heading", level: heading[1]!.length, text: parseInline(heading[2]!) });
    } else if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      endParagraph();
      blocks.push({ kind: "rule" });
    } else if (/^\s*[-*+]\s+/.test(line) && !paragraph) {
      const items: string[] = [];
      for (; i < lines.length && lines[i]!.trim(); i++) {
        const item = /^\s*[-*+]\s+(.*)$/.exec(lines[i]!);
        if (item) items.push(item[1]!);
        else items[items.length - 1] += ` ${lines[i]!.trim()}`;
      }
      i--;
      blocks.push({ kind: "list", items: items.map((item) => parseInline(item.trim())) });
    } else if (line.trim().startsWith("|") && !paragraph && i + 1 < lines.length && isAlignRow(lines[i + 1]!)) {
      const header = cells(line);
      const align = cells(lines[i + 1]!).map(alignOf);
      const rows: Inline[][] = [];
      for (i += 2; i < lines.length && lines[i]!.trim().startsWith("|"); i++) rows.push(cells(lines[i]!).map(parseInline));
      i--;
      blocks.push({ kind: "table", align, header: header.map(parseInline), rows });
    } else {
      paragraph ??= [];
      const content = line.trim();
      if (hardBreak(content)) {
        pending += `${pending ? " " : ""}${content.slice(0, -1).trimEnd()}`;
        paragraph.push(parseInline(pending));
        pending = "";
      } else {
        pending += `${pending ? " " : ""}${content}`;
      }
    }
  }
  endParagraph();
  return blocks;
}

/** The plain text of some runs. */
export function plain(inline: Inline): string {
  return inline.map((run) => run.text).join("");
}
