import type { Catalogue } from '../../common/i18n/catalogue.js';
import type { Locale } from '../../common/i18n/locale.js';
import { formatMoney } from '../../common/money.js';
import { FONT_BOLD, FONT_REGULAR, formatNumber, renderPdf, type PdfDocument } from '../../common/pdf/pdf-document.js';
import { contentWidth, drawTable as drawRuledTable, ensureRoom, RULED_TABLE, type TableColumn, type TableRow, type TableStyle } from '../../common/pdf/pdf-table.js';
import type { DocumentHeader } from './savings-documents.service.js';

/** Landscape A4: the widest tables (passbook, meeting sheet) stay readable at 8 pt. */
const MARGIN = 36;
/** The wrapped, ruled table of the common kit, in this page's margin. */
const SAVINGS_TABLE: TableStyle = { ...RULED_TABLE, margin: MARGIN };

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
  ensureRoom(doc, SAVINGS_TABLE, 40);
  doc.moveDown(0.4);
  doc.font(FONT_BOLD).fontSize(10.5).fillColor('#000000').text(title, MARGIN);
  doc.moveDown(0.2);
}

export function paragraph(doc: PdfDocument, line: string, bold = false): void {
  ensureRoom(doc, SAVINGS_TABLE, 14);
  doc.font(bold ? FONT_BOLD : FONT_REGULAR).fontSize(9).fillColor('#000000').text(line, MARGIN, doc.y, { width: contentWidth(doc, MARGIN) });
}

/** A table that breaks across pages, its header repeated on each; cells wrap within their column. */
export function drawTable(doc: PdfDocument, columns: readonly TableColumn[], rows: readonly TableRow[]): void {
  drawRuledTable(doc, SAVINGS_TABLE, columns, rows);
  doc.moveDown(0.3);
}

/** A line to sign on, after its caption (which carries its own colon, as French and English place it differently). */
export function signatureLine(doc: PdfDocument, caption: string): void {
  ensureRoom(doc, SAVINGS_TABLE, 36);
  doc.moveDown(1.2);
  doc.font(FONT_REGULAR).fontSize(9).text(`${caption} ____________________________________________`, MARGIN);
}
