import type { Catalogue } from '../../common/i18n/catalogue.js';
import type { Locale } from '../../common/i18n/locale.js';
import { formatMoney } from '../../common/money.js';
import { FONT_BOLD, FONT_REGULAR, formatNumber, renderPdf, type PdfDocument } from '../../common/pdf/pdf-document.js';
import type { DocumentHeader } from './savings-documents.service.js';

/** Landscape A4: the widest tables (passbook, meeting sheet) stay readable at 8 pt. */
const MARGIN = 36;
const CELL_PADDING = 3;
const FONT_SIZE = 8;

export interface Column {
  readonly header: string;
  /** Share of the table's width; the widths of a table are scaled to fill the page. */
  readonly weight: number;
  readonly align?: 'left' | 'right';
}

export interface Row {
  /** One cell per column, or a single cell spanning the whole row (a heading). */
  readonly cells: readonly string[];
  readonly bold?: boolean;
  /** A band across the row: a meeting's heading, a total. */
  readonly shaded?: boolean;
  /** Greyed out: a movement a correction cancelled. */
  readonly muted?: boolean;
  /** Room to write in by hand: a signature. */
  readonly minHeight?: number;
  /** A heading: never left alone at the foot of a page. */
  readonly keepWithNext?: boolean;
}

/** Words, amounts and dates of one document in one language and currency. */
export interface DocumentText {
  readonly locale: Locale;
  t(key: string, params?: Record<string, unknown>): string;
  money(minor: number): string;
  number(value: number): string;
  date(isoDate: string): string;
}

export function documentText(catalogue: Catalogue, locale: Locale, currency: string): DocumentText {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return {
    locale,
    t: (key, params = {}) => catalogue.translate(locale, `savings.documents.${key}`, params),
    money: (minor) => formatMoney(locale, minor, currency),
    number: (value) => formatNumber(locale, value),
    date: (isoDate) => dates.format(new Date(`${isoDate}T00:00:00Z`)),
  };
}

/**
 * A savings document on landscape A4: the cooperative, the group and the cycle on top, then
 * what `build` draws. Every page carries the title and its number at the foot.
 */
export function renderSavingsDocument(text: DocumentText, title: string, header: DocumentHeader, build: (doc: PdfDocument) => void): Promise<Buffer> {
  return renderPdf(
    (doc) => {
      doc.font(FONT_BOLD).fontSize(14).text(header.cooperativeName, MARGIN, MARGIN);
      doc.font(FONT_BOLD).fontSize(13).text(title);
      doc.font(FONT_REGULAR).fontSize(9);
      doc.text(text.t('group', { name: header.groupName, place: header.meetingPlace }));
      doc.text(text.t('cycle', {
        startsOn: text.date(header.cycle.startsOn), plannedEndOn: text.date(header.cycle.plannedEndOn), status: text.t(`cycleStatus.${header.cycle.status}`),
      }));
      doc.text(`${text.t('sharePrice', { price: text.money(header.sharePriceMinor) })} — ${text.t('printedOn', { date: text.date(header.printedOn) })}`);
      doc.moveDown(0.6);
      build(doc);
      const pages = doc.bufferedPageRange();
      for (let index = 0; index < pages.count; index += 1) {
        doc.switchToPage(pages.start + index);
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc.font(FONT_REGULAR).fontSize(7).fillColor('#555555')
          .text(`${title} — ${header.groupName} — ${text.t('page', { page: index + 1, pages: pages.count })}`, MARGIN, doc.page.height - MARGIN + 10, { lineBreak: false });
        doc.page.margins.bottom = bottom;
        doc.fillColor('#000000');
      }
    },
    { size: 'A4', layout: 'landscape', margin: MARGIN, bufferPages: true, info: { Title: `${title} — ${header.groupName}` } },
  );
}

export function sectionTitle(doc: PdfDocument, title: string): void {
  ensureRoom(doc, 40);
  doc.moveDown(0.4);
  doc.font(FONT_BOLD).fontSize(10.5).fillColor('#000000').text(title, MARGIN);
  doc.moveDown(0.2);
}

export function paragraph(doc: PdfDocument, line: string, bold = false): void {
  ensureRoom(doc, 14);
  doc.font(bold ? FONT_BOLD : FONT_REGULAR).fontSize(9).fillColor('#000000').text(line, MARGIN, doc.y, { width: contentWidth(doc) });
}

/** A table that breaks across pages, its header repeated on each; cells wrap within their column. */
export function drawTable(doc: PdfDocument, columns: readonly Column[], rows: readonly Row[]): void {
  const width = contentWidth(doc);
  const total = columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = columns.map((column) => (column.weight / total) * width);
  const lefts = widths.map((_, index) => MARGIN + widths.slice(0, index).reduce((sum, w) => sum + w, 0));

  const cellWidths = (row: Row): number[] => (row.cells.length === 1 ? [width] : widths);
  const heightOf = (row: Row): number => {
    doc.font(row.bold ? FONT_BOLD : FONT_REGULAR).fontSize(FONT_SIZE);
    const own = cellWidths(row);
    const text = Math.max(...row.cells.map((cell, index) => doc.heightOfString(cell, { width: own[index] - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
    return Math.max(text, row.minHeight ?? 0);
  };
  const draw = (row: Row): void => {
    const height = heightOf(row);
    const y = doc.y;
    if (row.shaded) doc.rect(MARGIN, y, width, height).fill('#eeeeee');
    doc.font(row.bold ? FONT_BOLD : FONT_REGULAR).fontSize(FONT_SIZE).fillColor(row.muted ? '#777777' : '#000000');
    const own = cellWidths(row);
    row.cells.forEach((cell, index) => {
      const align = row.cells.length === 1 ? 'left' : columns[index].align ?? 'left';
      doc.text(cell, lefts[index] + CELL_PADDING, y + CELL_PADDING, { width: own[index] - 2 * CELL_PADDING, align });
    });
    doc.moveTo(MARGIN, y + height).lineTo(MARGIN + width, y + height).lineWidth(0.3).strokeColor('#bbbbbb').stroke();
    doc.fillColor('#000000');
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const headerRow: Row = { cells: columns.map((column) => column.header), bold: true, shaded: true };

  ensureRoom(doc, heightOf(headerRow) + 20);
  draw(headerRow);
  rows.forEach((row, index) => {
    const next = rows[index + 1];
    const needed = heightOf(row) + (row.keepWithNext && next ? heightOf(next) : 0);
    if (doc.y + needed > bottomOf(doc)) {
      doc.addPage();
      draw(headerRow);
    }
    draw(row);
  });
  doc.moveDown(0.3);
}

/** A line to sign on, after its caption (which carries its own colon, as French and English place it differently). */
export function signatureLine(doc: PdfDocument, caption: string): void {
  ensureRoom(doc, 36);
  doc.moveDown(1.2);
  doc.font(FONT_REGULAR).fontSize(9).text(`${caption} ____________________________________________`, MARGIN);
}

export function contentWidth(doc: PdfDocument): number {
  return doc.page.width - 2 * MARGIN;
}

function bottomOf(doc: PdfDocument): number {
  return doc.page.height - MARGIN - 12;
}

function ensureRoom(doc: PdfDocument, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage();
}
