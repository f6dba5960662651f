/**
 * The letter as a print-ready PDF: the rendered Markdown laid out with pdfkit on A4 or US
 * Letter, DejaVu Serif for the text and DejaVu Sans for headings and tables, both embedded
 * (subset) so that the letter prints the same everywhere; tables drawn as ruled tables that
 * repeat their header on a new page.
 *
 * pdfkit is loaded with `require`, so that esbuild bundles its CommonJS build (the ES module
 * build needs `import.meta.url`, which a CommonJS bundle does not have), and it is never
 * asked for a standard font (Helvetica's metrics are a file next to pdfkit's own code, which
 * is not there in the bundle): the document opens with a TrueType font.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseMarkdown, plain, type Block, type Inline } from "./markdown";
import type { Paper } from "./wording";

import { bottom, drawTable, width, type Doc } from "./pdfTable";

export interface PdfOptions {
  paper: Paper;
  title?: string;
  author?: string;
  subject?: string;
  /** The letter's date (`YYYY-MM-DD`): the document's creation date, so that output is repeatable. */
  date?: string;
  /** Where the DejaVu TTF files are; found next to the bundle or in node_modules otherwise. */
  fontsDir?: string;
}

const FONT_FILES = {
  serif: "DejaVuSerif.ttf",
  "serif-bold": "DejaVuSerif-Bold.ttf",
  "serif-italic": "DejaVuSerif-Italic.ttf",
  "serif-bold-italic": "DejaVuSerif-BoldItalic.ttf",
  sans: "DejaVuSansCondensed.ttf",
  "sans-bold": "DejaVuSansCondensed-Bold.ttf",
  heading: "DejaVuSans-Bold.ttf",
} as const;

/**
 * The folder holding the DejaVu fonts: the one given, `fonts/` beside this code (where a
 * build may copy them next to dist/cli.js), or `node_modules/dejavu-fonts-ttf/ttf` in a
 * folder above it.
 */
export function findFontsDir(given?: string): string {
  const candidates = given ? [given] : [join(__dirname, "fonts")];
  if (!given) {
    for (let folder = __dirname; ; folder = dirname(folder)) {
      candidates.push(join(folder, "node_modules", "dejavu-fonts-ttf", "ttf"));
      if (dirname(folder) === folder) break;
    }
  }
  const found = candidates.find((dir) => existsSync(join(dir, FONT_FILES.serif)));
  if (!found) throw new Error(`cannot find the DejaVu fonts for the PDF (looked in ${candidates.join(", ")})`);
  return found;
}

const MARGIN = 60;
const BODY = 10;

/**
 * Renders Markdown (as the letter templates write it) to PDF bytes. Synchronous: pdfkit
 * writes the whole document into its stream's buffer on `end()`, and it is read from there.
 */
export function letterPdf(markdown: string, options: PdfOptions): Buffer {
  // Loaded on first use: the language server starts without paying for pdfkit and fontkit.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument: typeof import("pdfkit") = require("pdfkit");
  const dir = findFontsDir(options.fontsDir);
  const font = (name: keyof typeof FONT_FILES) => readFileSync(join(dir, FONT_FILES[name]));
  const created = options.date ? new Date(`${options.date}T12:00:00Z`) : new Date();
  const doc = new PDFDocument({
    font: font("serif") as unknown as string,
    size: options.paper === "letter" ? "LETTER" : "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: false,
    info: { Title: options.title ?? "", Author: options.author ?? "", Subject: options.subject ?? "", Creator: "Dun", CreationDate: created, ModDate: created },
  });
  for (const name of Object.keys(FONT_FILES) as (keyof typeof FONT_FILES)[]) doc.registerFont(name, font(name));
  doc.addPage();
  const blocks = parseMarkdown(markdown);
  blocks.forEach((block, index) => {
    // Keep the closing ("Sincerely,") on the page of the signature that follows it.
    const next = blocks[index + 1];
    if (block.kind === "paragraph" && next && isSignature(next)) ensureRoom(doc, paragraphHeight(doc, block) + paragraphHeight(doc, next) + BODY * 5);
    drawBlock(doc, block);
  });
  numberPages(doc);
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk: Buffer | null; (chunk = doc.read() as Buffer | null) !== null; ) chunks.push(chunk);
  const pdf = Buffer.concat(chunks);
  if (!pdf.subarray(-8).toString("latin1").includes("%%EOF")) throw new Error("the PDF writer did not finish the document");
  return pdf;
}


function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function runFont(bold: boolean, italic: boolean): string {
  return bold && italic ? "serif-bold-italic" : bold ? "serif-bold" : italic ? "serif-italic" : "serif";
}

/** One line of styled runs at the left margin (or `x`), wrapping within `w`. */
function drawInline(doc: Doc, inline: Inline, x: number, w: number, size = BODY): void {
  const runs = inline.length > 0 ? inline : [{ text: " ", bold: false, italic: false }];
  runs.forEach((run, index) => {
    doc.font(runFont(run.bold, run.italic)).fontSize(size);
    const last = index === runs.length - 1;
    if (index === 0) doc.text(run.text, x, doc.y, { width: w, continued: !last, lineGap: 1.5 });
    else doc.text(run.text, { continued: !last, lineGap: 1.5 });
  });
}

/** A paragraph that opens with a line of underscores is a signature line: it gets room to sign. */
function isSignature(block: Block): block is Extract<Block, { kind: "paragraph" }> {
  return block.kind === "paragraph" && /^_{5,}/.test(plain(block.lines[0] ?? []));
}

function paragraphHeight(doc: Doc, block: Extract<Block, { kind: "paragraph" }>): number {
  doc.font("serif").fontSize(BODY);
  return block.lines.reduce((sum, line) => sum + doc.heightOfString(plain(line) || " ", { width: width(doc), lineGap: 1.5 }), 0);
}

function drawBlock(doc: Doc, block: Block): void {
  const left = doc.page.margins.left;
  switch (block.kind) {
    case "heading": {
      const size = block.level === 1 ? 17 : block.level === 2 ? 12 : 10.5;
      ensureRoom(doc, size * 4);
      if (block.level > 1) doc.moveDown(0.6);
      doc.font("heading").fontSize(size).text(plain(block.text), left, doc.y, { width: width(doc) });
      doc.moveDown(block.level === 1 ? 0.2 : 0.4);
      return;
    }
    case "paragraph": {
      if (isSignature(block)) {
        ensureRoom(doc, paragraphHeight(doc, block) + BODY * 3);
        doc.moveDown(2);
      }
      ensureRoom(doc, Math.min(paragraphHeight(doc, block), BODY * 3));
      for (const line of block.lines) drawInline(doc, line, left, width(doc));
      doc.moveDown(0.7);
      return;
    }
    case "list": {
      for (const item of block.items) {
        ensureRoom(doc, BODY * 2);
        const y = doc.y;
        doc.font("serif").fontSize(BODY).text("•", left + 4, y, { lineBreak: false });
        doc.y = y;
        drawInline(doc, item, left + 16, width(doc) - 16);
        doc.moveDown(0.25);
      }
      doc.moveDown(0.45);
      return;
    }
    case "rule": {
      doc.moveDown(0.3);
      doc.moveTo(left, doc.y).lineTo(left + width(doc), doc.y).lineWidth(0.6).strokeColor("#555555").stroke();
      doc.moveDown(0.8);
      return;
    }
    case "table":
      drawTable(doc, block);
      return;
  }
}

/** "Page 2 of 3" at the foot of every page of a letter longer than one page. */
function numberPages(doc: Doc): void {
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("serif").fontSize(8).fillColor("#555555");
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - margin / 2 - 4, {
      width: width(doc),
      align: "center",
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
}
