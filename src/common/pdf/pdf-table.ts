import { FONT_BOLD, FONT_REGULAR, type PdfDocument } from './pdf-document.js';

/**
 * The one table kit of the app's PDFs (statements, savings sheets, regulator reports): a
 * table across the page's content width, its columns sized by weight, breaking across pages.
 * The look differs by document (a ruled sheet to write on, a compact statement listing), so
 * a document picks a `TableStyle`; the drawing is the same code.
 */
export interface TableColumn {
  readonly header: string;
  /** Share of the table's width; the weights of a table are scaled to fill it. */
  readonly weight: number;
  readonly align?: 'left' | 'right';
}

export interface TableRow {
  /** One cell per column, or a single cell spanning the whole row (a heading). */
  readonly cells: readonly string[];
  readonly bold?: boolean;
  /** A band across the row: a heading, a total. */
  readonly shaded?: boolean;
  /** Greyed out: a movement a correction cancelled. */
  readonly muted?: boolean;
  /** Room to write in by hand: a signature. */
  readonly minHeight?: number;
  /** A heading: never left alone at the foot of a page. */
  readonly keepWithNext?: boolean;
}

export interface TableStyle {
  /** The page margin the table sits in (left, right and bottom). */
  readonly margin: number;
  /** Kept free above the bottom margin (a footer's room). */
  readonly footerRoom: number;
  readonly fontSize: number;
  readonly padding: number;
  /**
   * Cells on one line, cut with an ellipsis, every row `rowHeight` high (compact listings);
   * otherwise cells wrap within their column and a row is as high as its tallest cell.
   */
  readonly singleLine: boolean;
  readonly rowHeight: number;
  /** A thin rule under each row, and the header row shaded. */
  readonly ruled: boolean;
  /** The header drawn again at the top of each new page. */
  readonly repeatHeader: boolean;
}

/** A sheet to read and write on: wrapped cells, ruled rows, the header on every page. */
export const RULED_TABLE: Omit<TableStyle, 'margin'> = { footerRoom: 12, fontSize: 8, padding: 3, singleLine: false, rowHeight: 0, ruled: true, repeatHeader: true };

/** A compact listing: one line per row, no rules. */
export const COMPACT_TABLE: Omit<TableStyle, 'margin'> = { footerRoom: 20, fontSize: 8, padding: 2, singleLine: true, rowHeight: 14, ruled: false, repeatHeader: false };

export function contentWidth(doc: PdfDocument, margin: number): number {
  return doc.page.width - 2 * margin;
}

/** Starts a new page unless `height` more points fit above the bottom margin and footer room. */
export function ensureRoom(doc: PdfDocument, style: Pick<TableStyle, 'margin' | 'footerRoom'>, height: number): void {
  if (doc.y + height > doc.page.height - style.margin - style.footerRoom) doc.addPage();
}

/**
 * Draws the table from the current line. `emptyText` is shown as one spanning row when there
 * are no rows (a table with nothing to list says so rather than stopping at its header).
 */
export function drawTable(doc: PdfDocument, style: TableStyle, columns: readonly TableColumn[], rows: readonly TableRow[], emptyText?: string): void {
  const width = contentWidth(doc, style.margin);
  const total = columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = columns.map((column) => (column.weight / total) * width);
  const lefts = widths.map((_, index) => style.margin + widths.slice(0, index).reduce((sum, w) => sum + w, 0));
  const cellWidths = (row: TableRow): number[] => (row.cells.length === 1 ? [width] : widths);
  const font = (row: TableRow): void => void doc.font(row.bold ? FONT_BOLD : FONT_REGULAR).fontSize(style.fontSize);

  const heightOf = (row: TableRow): number => {
    if (style.singleLine) return Math.max(style.rowHeight, row.minHeight ?? 0);
    font(row);
    const own = cellWidths(row);
    const text = Math.max(...row.cells.map((cell, index) => doc.heightOfString(cell, { width: own[index] - 2 * style.padding }))) + 2 * style.padding;
    return Math.max(text, row.minHeight ?? 0);
  };
  const draw = (row: TableRow): void => {
    const height = heightOf(row);
    const y = doc.y;
    if (row.shaded) doc.rect(style.margin, y, width, height).fill('#eeeeee');
    font(row);
    doc.fillColor(row.muted ? '#777777' : '#000000');
    const own = cellWidths(row);
    row.cells.forEach((cell, index) => {
      const align = row.cells.length === 1 ? 'left' : (columns[index]?.align ?? 'left');
      const options = style.singleLine ? { width: own[index] - 2 * style.padding, align, lineBreak: false, ellipsis: true } : { width: own[index] - 2 * style.padding, align };
      doc.text(cell, lefts[index] + style.padding, y + (style.singleLine ? 0 : style.padding), options);
    });
    if (style.ruled) doc.moveTo(style.margin, y + height).lineTo(style.margin + width, y + height).lineWidth(0.3).strokeColor('#bbbbbb').stroke();
    doc.fillColor('#000000');
    doc.x = style.margin;
    doc.y = y + height;
  };

  const headerRow: TableRow = { cells: columns.map((column) => column.header), bold: true, shaded: style.ruled };
  ensureRoom(doc, style, heightOf(headerRow) + (style.singleLine ? 0 : 20));
  draw(headerRow);
  const body = rows.length === 0 && emptyText !== undefined ? [{ cells: [emptyText] }] : rows;
  body.forEach((row, index) => {
    const next = body[index + 1];
    const needed = heightOf(row) + (row.keepWithNext && next ? heightOf(next) : 0);
    if (doc.y + needed > doc.page.height - style.margin - style.footerRoom) {
      doc.addPage();
      if (style.repeatHeader) draw(headerRow);
    }
    draw(row);
  });
}
