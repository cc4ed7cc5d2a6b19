import type { Catalogue } from '../../common/i18n/catalogue.js';
import type { Locale } from '../../common/i18n/locale.js';
import { formatMoney } from '../../common/money.js';
import { FONT_BOLD, FONT_REGULAR, formatNumber, type PdfDocument, renderPdf } from '../../common/pdf/pdf-document.js';
import { COMPACT_TABLE, drawTable, ensureRoom, type TableStyle } from '../../common/pdf/pdf-table.js';
import type { CooperativeIdentityView, LedgerHeadView } from './dto/statement.view.js';

const MARGIN = 40;
const ROW = 14;
const style: TableStyle = { ...COMPACT_TABLE, margin: MARGIN, rowHeight: ROW };

/** Number formatting of one language: the same figures read '1 234,50 USD' in French and '1,234.50 USD' in English. */
export interface StatementFormat {
  readonly numberLocale: string;
  money(minor: number, currency: string): string;
  kg(mg: number): string;
  dateTime(at: Date, timeZone: string): string;
  /** 'Label : value' in French typography, 'Label: value' in English. */
  pair(label: string, value: string): string;
}

export function statementFormat(locale: Locale): StatementFormat {
  const numberLocale = locale === 'fr' ? 'fr-FR' : 'en-GB';
  return {
    numberLocale,
    money: (minor, currency) => formatMoney(numberLocale, minor, currency),
    kg: (mg) => formatNumber(numberLocale, mg / 1_000_000, { minimumFractionDigits: 3, maximumFractionDigits: 3 }),
    dateTime: (at, timeZone) => new Intl.DateTimeFormat(numberLocale, { dateStyle: 'short', timeStyle: 'short', timeZone }).format(at),
    pair: (label, value) => (locale === 'fr' ? `${label} : ${value}` : `${label}: ${value}`),
  };
}

export interface StatementHeader {
  readonly title: string;
  /** Lines printed under the cooperative's identity (the subject, the period…). */
  readonly lines: readonly string[];
  readonly cooperative: CooperativeIdentityView;
  readonly generatedAt: Date;
  readonly ledgerHead: LedgerHeadView;
}

/** Drawing helpers of a statement, bound to one document. */
export interface StatementPage {
  heading(text: string): void;
  text(text: string, bold?: boolean): void;
  /** A table; `widths` are fractions of the page width and sum to 1. */
  table(headers: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): void;
}

/**
 * A statement PDF: the cooperative's identity, the statement's own lines, the time of
 * generation and the ledger head at that time (a witness the reader can check against
 * the chain later), then the body the caller draws, breaking pages as rows need.
 */
export async function renderStatement(catalogue: Catalogue, locale: Locale, header: StatementHeader, body: (page: StatementPage) => void): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `purchases.statement.${key}`, params);
  const format = statementFormat(locale);
  const { cooperative } = header;
  return renderPdf(
    (doc: PdfDocument) => {
      const width = doc.page.width - 2 * MARGIN;
      const ensure = (height: number): void => ensureRoom(doc, style, height);
      const page: StatementPage = {
        heading(text) {
          ensure(3 * ROW);
          doc.font(FONT_BOLD).fontSize(11).text(text, MARGIN, doc.y + 8, { width });
        },
        text(text, bold = false) {
          ensure(ROW);
          doc.font(bold ? FONT_BOLD : FONT_REGULAR).fontSize(9).text(text, MARGIN, doc.y, { width });
        },
        table(headers, rows, widths) {
          const columns = headers.map((header, index) => ({ header, weight: widths[index] ?? 0 }));
          drawTable(doc, style, columns, rows.map((cells) => ({ cells })), t('empty'));
        },
      };

      doc.font(FONT_BOLD).fontSize(15).text(header.title, MARGIN, MARGIN, { width });
      doc.font(FONT_REGULAR).fontSize(9);
      const registration = [cooperative.legalForm, cooperative.registrationNumber, cooperative.approvalNumber].filter(Boolean).join(' — ');
      doc.font(FONT_BOLD).text(cooperative.name, { width });
      doc.font(FONT_REGULAR).text(registration, { width });
      doc.text(`${cooperative.province}, ${cooperative.country}${cooperative.territory ? ` (${cooperative.territory})` : ''}`, { width });
      for (const line of header.lines) doc.text(line, { width });
      doc.text(t('generatedAt', { at: format.dateTime(header.generatedAt, cooperative.timezone), timezone: cooperative.timezone }), { width });
      doc.text(t('ledgerHead', { sequence: header.ledgerHead.sequence, hash: header.ledgerHead.hash }), { width });
      body(page);
    },
    { size: 'A4', margin: MARGIN, info: { Title: header.title } },
  );
}
