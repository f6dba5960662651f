/**
 * Tables in the PDF: column widths from the widest cell (the widest columns wrap where the
 * table would not fit), a shaded header row repeated at the top of a new page, rules under
 * each row, numbers aligned as the Markdown's alignment row says. DejaVu Sans Condensed.
 */
import { plain, type Align, type Block, type Inline } from "./markdown";

export type Doc = InstanceType<typeof import("pdfkit")>;

/** The width between the margins, and the lowest line text may reach, of the current page. */
export const width = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Font size and cell padding of tables, in points. */
const TABLE = 7.5;
const PAD = 3;

function cellFont(inline: Inline, header: boolean): string {
  return header || inline.some((run) => run.bold) ? "sans-bold" : "sans";
}

/** Column widths: each column's widest cell, shrunk where the table is wider than the page. */
function columnWidths(doc: Doc, rows: { inline: Inline; header: boolean }[][], available: number): number[] {
  const count = Math.max(...rows.map((row) => row.length));
  const natural = Array.from({ length: count }, (_, column) =>
    Math.max(12, ...rows.map((row) => {
      const cell = row[column];
      if (!cell) return 0;
      doc.font(cellFont(cell.inline, cell.header)).fontSize(TABLE);
      return doc.widthOfString(plain(cell.inline)) + 2 * PAD + 0.5;
    })),
  );
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= available) return natural.map((w) => (w * available) / total);
  // Too wide: keep narrow columns whole and let the widest ones wrap.
  const fair = available / count;
  const narrow = natural.filter((w) => w <= fair).reduce((a, b) => a + b, 0);
  const wideTotal = natural.filter((w) => w > fair).reduce((a, b) => a + b, 0);
  return natural.map((w) => (w <= fair ? w : ((available - narrow) * w) / wideTotal));
}

export function drawTable(doc: Doc, block: Extract<Block, { kind: "table" }>): void {
  const left = doc.page.margins.left;
  const header = block.header.map((inline) => ({ inline, header: true }));
  const body = block.rows.map((row) => row.map((inline) => ({ inline, header: false })));
  const widths = columnWidths(doc, [header, ...body], width(doc));
  const heightOf = (row: { inline: Inline; header: boolean }[]) =>
    Math.max(...row.map((cell, column) => {
      doc.font(cellFont(cell.inline, cell.header)).fontSize(TABLE);
      return doc.heightOfString(plain(cell.inline) || " ", { width: widths[column]! - 2 * PAD });
    })) + 2 * PAD;
  const drawRow = (row: { inline: Inline; header: boolean }[], isHeader: boolean) => {
    const height = heightOf(row);
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      if (!isHeader) drawRow(header, true);
    }
    const top = doc.y;
    if (isHeader) doc.rect(left, top, widths.reduce((a, b) => a + b, 0), height).fillColor("#ececec").fill();
    let x = left;
    row.forEach((cell, column) => {
      const w = widths[column] ?? 0;
      doc.fillColor("black").font(cellFont(cell.inline, cell.header)).fontSize(TABLE);
      const align: Align = isHeader && block.align[column] === "right" ? "right" : block.align[column] ?? "left";
      doc.text(plain(cell.inline), x + PAD, top + PAD, { width: w - 2 * PAD, align });
      x += w;
    });
    const tableWidth = widths.reduce((a, b) => a + b, 0);
    doc.moveTo(left, top + height).lineTo(left + tableWidth, top + height).lineWidth(isHeader ? 0.8 : 0.3).strokeColor("#777777").stroke();
    doc.x = left;
    doc.y = top + height;
  };
  if (doc.y + heightOf(header) * 3 > bottom(doc)) doc.addPage();
  drawRow(header, true);
  for (const row of body) drawRow(row, false);
  doc.x = left;
  doc.moveDown(0.8);
}

