import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { FONT_BOLD, FONT_REGULAR, type PdfDocument, renderPdf } from '../common/pdf/pdf-document.js';
import { COMPACT_TABLE, drawTable, type TableRow, type TableStyle } from '../common/pdf/pdf-table.js';
import { statementFormat } from '../purchases/statement/statement-pdf.js';
import type { BenefitStatementView } from './dto/benefit-statement.view.js';

const MARGIN = 40;
const style: TableStyle = { ...COMPACT_TABLE, margin: MARGIN, rowHeight: 14 };
/** Purposes listed per fund before the rest is summed on one line: the notice board gets one page. */
export const PURPOSES_PER_FUND = 8;

/** The public benefit-sharing statement on one page: every figure is the JSON statement's. */
export async function renderBenefitStatement(statement: BenefitStatementView, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `observers.statement.${key}`, params);
  const format = statementFormat(locale);
  return renderPdf(
    (doc: PdfDocument) => {
      const width = doc.page.width - 2 * MARGIN;
      doc.font(FONT_BOLD).fontSize(15).text(t('title'), MARGIN, MARGIN, { width });
      doc.font(FONT_REGULAR).fontSize(10).text(`${statement.cooperative.name} — ${statement.cooperative.province}, ${statement.cooperative.country}`, { width });
      doc.text(t('period', { from: statement.period.from, to: statement.period.to }), { width });
      doc.moveDown(0.5);
      if (statement.funds.length === 0) doc.text(t('nothing'), { width });
      for (const fund of statement.funds) {
        const money = (minor: number): string => format.money(minor, fund.currency);
        doc.font(FONT_BOLD).fontSize(11).text(t('fund', { fundCode: fund.fundCode, currency: fund.currency }), MARGIN, doc.y + 6, { width });
        doc.font(FONT_REGULAR).fontSize(9).text(format.pair(t('received', { purchases: fund.purchases }), money(fund.receivedMinor)), { width });
        const shown = fund.spending.slice(0, PURPOSES_PER_FUND);
        const rest = fund.spending.slice(PURPOSES_PER_FUND);
        const rows: TableRow[] = shown.map((line) => ({ cells: [line.purpose, String(line.count), money(line.amountMinor)] }));
        if (rest.length > 0) {
          rows.push({ cells: [t('otherPurposes', { count: rest.length }), String(rest.reduce((sum, line) => sum + line.count, 0)), money(rest.reduce((sum, line) => sum + line.amountMinor, 0))] });
        }
        rows.push({ cells: [t('spent'), '', money(fund.spentMinor)], bold: true });
        drawTable(doc, style, [{ header: t('purpose'), weight: 0.6 }, { header: t('count'), weight: 0.15, align: 'right' }, { header: t('amount'), weight: 0.25, align: 'right' }], rows, t('noSpending'));
      }
      doc.moveDown(1);
      doc.font(FONT_REGULAR).fontSize(8).text(t('footer', { generatedAt: format.dateTime(new Date(statement.generatedAt), 'UTC') }), MARGIN, doc.y, { width });
    },
    { size: 'A4', margin: MARGIN },
  );
}
