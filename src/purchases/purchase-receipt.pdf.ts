import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { formatMoney } from '../common/money.js';
import { FONT_BOLD, FONT_REGULAR, renderPdf } from '../common/pdf/pdf-document.js';
import type { ReceiptData } from './purchases.service.js';
import { formatBpAsPercent, formatMgAs } from './rules/units.js';

const POINTS_PER_MM = 72 / 25.4;
const ROLL_WIDTH = 58 * POINTS_PER_MM;
export const HASH_PREFIX_LENGTH = 12;

/** The purchase receipt handed to the seller: what was weighed and paid, and where the entry sits in the chain. */
export async function renderPurchaseReceipt(data: ReceiptData, catalogue: Catalogue, locale: Locale, format: 'a4' | '58mm'): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `purchases.receipt.${key}`, params);
  const { entry } = data;
  const currency = entry.currency ?? '';
  const unit = entry.priceUnit ?? 'kg';
  const when = entry.capturedAt ?? entry.recordedAt;
  const lines: [string, string][] = [
    [t('sequence'), String(entry.sequence)],
    [t('lot'), entry.lotNumber ?? ''],
    [t('tag'), entry.tagId ?? ''],
    [t('date'), new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: data.timezone }).format(when)],
    [t('seller'), data.seller === null ? '' : `${data.seller.name} (${data.seller.memberNumber})`],
    [t('mineral'), entry.mineral ?? ''],
    [t('grossMass'), entry.grossMg === null ? '' : `${formatMgAs(entry.grossMg, 'kg')} kg`],
    [t('netMass'), entry.netMg === null ? '' : `${formatMgAs(entry.netMg, 'kg')} kg`],
    [t('grade'), entry.gradeBp === null ? '—' : `${formatBpAsPercent(entry.gradeBp)} %`],
    [t('moisture'), entry.moistureBp === null ? '—' : `${formatBpAsPercent(entry.moistureBp)} %`],
    [t('unitPrice'), entry.unitPriceMinor === null ? '' : `${formatMoney(locale, entry.unitPriceMinor, currency)} / ${unit}`],
    [t('amount'), entry.amountMinor === null ? '' : formatMoney(locale, entry.amountMinor, currency)],
    ...entry.fees.map((fee): [string, string] => [t('fee', { fundCode: fee.fundCode }), formatMoney(locale, -fee.amountMinor, currency)]),
    [t('netPaid'), entry.netPaidMinor === null ? '' : formatMoney(locale, entry.netPaidMinor, currency)],
    [t('payment'), [entry.paymentMethod ?? '', entry.paymentReference ?? ''].filter(Boolean).join(' ')],
    [t('hash'), entry.hash.slice(0, HASH_PREFIX_LENGTH)],
  ];
  if (entry.kind === 'reversal') lines.unshift([t('reversal'), entry.reason ?? '']);

  const narrow = format === '58mm';
  const margin = narrow ? 8 : 50;
  const width = (narrow ? ROLL_WIDTH : 595.28) - 2 * margin;
  const size: [number, number] | string = narrow ? [ROLL_WIDTH, 120 + lines.length * 30] : 'A4';
  return renderPdf(
    (doc) => {
      doc.font(FONT_BOLD).fontSize(narrow ? 9 : 16).text(data.cooperativeName, { width });
      doc.font(FONT_REGULAR).fontSize(narrow ? 8 : 12).text(t('title'), { width });
      doc.moveDown(0.5);
      for (const [label, value] of lines) {
        if (narrow) {
          doc.font(FONT_REGULAR).fontSize(6.5).fillColor('#555555').text(label, { width });
          doc.font(FONT_BOLD).fontSize(7.5).fillColor('#000000').text(value, { width });
        } else {
          const y = doc.y;
          doc.font(FONT_REGULAR).fontSize(10).fillColor('#555555').text(label, margin, y, { width: 180 });
          doc.font(FONT_BOLD).fillColor('#000000').text(value, margin + 190, y, { width: width - 190 });
          doc.moveDown(0.3);
        }
      }
    },
    { size, margin, info: { Title: `${t('title')} ${entry.sequence}` } },
  );
}
