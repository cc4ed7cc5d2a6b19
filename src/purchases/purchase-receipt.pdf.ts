import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { formatMoney } from '../common/money.js';
import { FONT_BOLD, FONT_REGULAR, renderPdf } from '../common/pdf/pdf-document.js';
import type { ReceiptData } from './purchases.service.js';
import { computePurchaseAmount } from './rules/amount.js';
import { formatBpAsPercent, formatMgAs, MILLIGRAMS_PER_UNIT, type MassUnit } from './rules/units.js';

const POINTS_PER_MM = 72 / 25.4;
const ROLL_WIDTH = 58 * POINTS_PER_MM;
export const HASH_PREFIX_LENGTH = 12;

/**
 * The purchase receipt handed to the seller: what was weighed and paid, how the amount follows
 * from the mass and the net paid from the fees, who bought, and where the entry sits in the
 * chain (sequence and hash prefix). Every word and number is in the reader's language: codes
 * (mineral, payment method, fund, unit) are labelled from the catalogue (labels.json), numbers
 * carry the language's decimal mark (12,8 kg in French).
 */
export async function renderPurchaseReceipt(data: ReceiptData, catalogue: Catalogue, locale: Locale, format: 'a4' | '58mm'): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `purchases.receipt.${key}`, params);
  const label = (kind: string, code: string, params: Record<string, unknown> = {}): string => {
    const key = `label.${kind}.${code}`;
    return catalogue.has(locale, key) || catalogue.has('fr', key) ? catalogue.translate(locale, key, params) : code.replace(/_/g, ' ');
  };
  const { entry } = data;
  const currency = entry.currency ?? '';
  const unit: MassUnit = entry.priceUnit ?? 'kg';
  const unitWord = label('unit', unit);
  const when = entry.capturedAt ?? entry.recordedAt;
  const decimal = (value: number, digits: number): string => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  // Stones are weighed in carats, never shown in kilograms (a diamond's price unit is always ct).
  const massUnit: MassUnit = unit === 'ct' ? 'ct' : 'kg';
  const mass = (milligrams: number, asUnit: MassUnit = massUnit): string => `${decimal(Number(formatMgAs(milligrams, asUnit)), 6)} ${label('unit', asUnit)}`;
  const percent = (basisPoints: number): string => `${decimal(Number(formatBpAsPercent(basisPoints)), 2)} %`;
  const money = (minor: number): string => formatMoney(locale, minor, currency);
  const feesTotal = entry.fees.reduce((sum, fee) => sum + fee.amountMinor, 0);
  const payment = entry.paymentMethod === null ? '' : label('paymentMethod', entry.paymentMethod);

  const computation: string[] = [];
  let pricedMass = '';
  if (entry.kind === 'purchase' && entry.netMg !== null && entry.unitPriceMinor !== null && entry.priceBasis !== null && entry.amountMinor !== null) {
    const priced = computePurchaseAmount({
      netMg: entry.netMg,
      unitPriceMinor: entry.unitPriceMinor,
      priceUnit: unit,
      priceBasis: entry.priceBasis,
      gradeBp: entry.gradeBp,
      moistureBp: entry.moistureBp,
    }).pricedMassMg;
    // Three decimals of the price unit: the exact figure is a fraction of a milligram.
    pricedMass = `${decimal(Number(priced.numerator) / Number(priced.denominator) / Number(MILLIGRAMS_PER_UNIT[unit]), 3)} ${unitWord}`;
    if (entry.priceBasis === 'per_unit_contained_metal' && entry.gradeBp !== null) {
      computation.push(
        entry.moistureBp === null
          ? t('computeMetalDry', { net: mass(entry.netMg), grade: percent(entry.gradeBp), priced: pricedMass })
          : t('computeMetal', { net: mass(entry.netMg), moisture: percent(entry.moistureBp), grade: percent(entry.gradeBp), priced: pricedMass }),
      );
    }
    computation.push(t('computeAmount', { priced: pricedMass, price: `${money(entry.unitPriceMinor)} / ${unitWord}`, amount: money(entry.amountMinor) }));
    if (entry.netPaidMinor !== null && entry.fees.length > 0) computation.push(t('computeNet', { amount: money(entry.amountMinor), fees: money(feesTotal), net: money(entry.netPaidMinor) }));
  }

  const lines: [string, string][] = [
    [t('sequence'), String(entry.sequence)],
    [t('lot'), entry.lotNumber ?? ''],
    [t('tag'), entry.tagId ?? ''],
    [t('date'), new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: data.timezone }).format(when)],
    [t('seller'), data.seller === null ? '' : `${data.seller.name} (${data.seller.memberNumber})`],
    [t('mineral'), entry.mineral === null ? '' : label('mineral', entry.mineral)],
    [t('grossMass'), entry.grossMg === null ? '' : mass(entry.grossMg)],
    [t('netMass'), entry.netMg === null ? '' : mass(entry.netMg)],
    ...(entry.diamond ? ([[t('stones'), `${entry.diamond.stones} — ${entry.diamond.qualityClass}`]] as [string, string][]) : []),
    [t('grade'), entry.gradeBp === null ? '—' : percent(entry.gradeBp)],
    [t('moisture'), entry.moistureBp === null ? '—' : percent(entry.moistureBp)],
    [t('priceBasis'), entry.priceBasis === null ? '' : label('priceBasis', entry.priceBasis, { unit: unitWord })],
    [t('unitPrice'), entry.unitPriceMinor === null ? '' : `${money(entry.unitPriceMinor)} / ${unitWord}`],
    ...(pricedMass ? ([[t('pricedMass'), pricedMass]] as [string, string][]) : []),
    [t('amount'), entry.amountMinor === null ? '' : money(entry.amountMinor)],
    ...entry.fees.map((fee): [string, string] => [t('fee', { fund: label('fund', fee.fundCode), fundCode: fee.fundCode }), money(-fee.amountMinor)]),
    [t('netPaid'), entry.netPaidMinor === null ? '' : money(entry.netPaidMinor)],
    ...(computation.length > 0 ? ([[t('computation'), computation.join('\n')]] as [string, string][]) : []),
    [t('payment'), entry.paymentReference ? t('paymentReference', { method: payment, reference: entry.paymentReference }) : payment],
    [t('officer'), data.officerName ?? ''],
    [t('hash'), entry.hash.slice(0, HASH_PREFIX_LENGTH)],
  ];
  if (entry.kind === 'reversal') lines.unshift([t('reversal'), entry.reason ?? '']);
  const witness = t('witness', { sequence: entry.sequence, hash: entry.hash.slice(0, HASH_PREFIX_LENGTH) });

  const narrow = format === '58mm';
  const margin = narrow ? 8 : 50;
  const width = (narrow ? ROLL_WIDTH : 595.28) - 2 * margin;
  const size: [number, number] | string = narrow ? [ROLL_WIDTH, 200 + (lines.length + computation.length * 2) * 30] : 'A4';
  return renderPdf(
    (doc) => {
      doc.font(FONT_BOLD).fontSize(narrow ? 9 : 16).text(data.cooperativeName, { width });
      doc.font(FONT_REGULAR).fontSize(narrow ? 8 : 12).text(t('title'), { width });
      doc.moveDown(0.5);
      for (const [name, value] of lines) {
        if (narrow) {
          doc.font(FONT_REGULAR).fontSize(6.5).fillColor('#555555').text(name, { width });
          doc.font(FONT_BOLD).fontSize(7.5).fillColor('#000000').text(value, { width });
        } else {
          const y = doc.y;
          doc.font(FONT_REGULAR).fontSize(10).fillColor('#555555').text(name, margin, y, { width: 180 });
          doc.font(FONT_BOLD).fillColor('#000000').text(value, margin + 190, y, { width: width - 190 });
          doc.moveDown(0.3);
        }
      }
      doc.moveDown(0.5);
      doc.font(FONT_REGULAR).fontSize(narrow ? 6 : 9).fillColor('#555555').text(witness, margin, doc.y, { width });
    },
    { size, margin, info: { Title: `${t('title')} ${entry.sequence}` } },
  );
}
