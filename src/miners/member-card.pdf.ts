import QRCode from 'qrcode';
import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { FONT_BOLD, FONT_REGULAR, renderPdf } from '../common/pdf/pdf-document.js';
import type { CardPrint } from './member-cards.service.js';

const POINTS_PER_MM = 72 / 25.4;
/** ISO/IEC 7810 ID-1, the size of a bank card: 85.6 × 54 mm. */
export const CARD_WIDTH = 85.6 * POINTS_PER_MM;
export const CARD_HEIGHT = 54 * POINTS_PER_MM;

const MARGIN = 7;
const PHOTO = { width: 44, height: 54 };
const QR_SIZE = 60;

export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** The member card, one page of bank-card size, in the requested language. */
export async function renderMemberCard(print: CardPrint, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `miners.card.${key}`, params);
  const qr = await QRCode.toBuffer(print.token, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const { miner } = print;
  const fullName = [miner.firstName, miner.middleName, miner.lastName].filter((part): part is string => part !== null).join(' ');
  const textX = MARGIN + PHOTO.width + 6;
  const textWidth = CARD_WIDTH - textX - QR_SIZE - MARGIN - 4;
  const top = 28;

  return renderPdf(
    (doc) => {
      doc.rect(0, 0, CARD_WIDTH, 22).fill('#1f5f3f');
      doc.fillColor('#ffffff').font(FONT_BOLD).fontSize(7.5).text(print.cooperativeName, MARGIN, 5, { width: CARD_WIDTH - 2 * MARGIN, lineBreak: false, ellipsis: true });
      doc.font(FONT_REGULAR).fontSize(5.5).text(t('title'), MARGIN, 14, { width: CARD_WIDTH - 2 * MARGIN, lineBreak: false });
      doc.fillColor('#000000');

      if (print.photo) {
        doc.image(print.photo.content, MARGIN, top, { fit: [PHOTO.width, PHOTO.height], align: 'center', valign: 'center' });
      } else {
        doc.rect(MARGIN, top, PHOTO.width, PHOTO.height).lineWidth(0.5).stroke('#999999');
        doc.fontSize(5).fillColor('#999999').text(t('noPhoto'), MARGIN, top + PHOTO.height / 2 - 3, { width: PHOTO.width, align: 'center', lineBreak: false });
        doc.fillColor('#000000');
      }

      doc.font(FONT_BOLD).fontSize(8).text(fullName, textX, top, { width: textWidth + QR_SIZE, lineBreak: false });
      doc.font(FONT_REGULAR).fontSize(5.5).fillColor('#555555').text(t('memberNumber'), textX, top + 13, { lineBreak: false });
      doc.font(FONT_BOLD).fontSize(7.5).fillColor('#000000').text(miner.memberNumber, textX, top + 20, { lineBreak: false });
      doc.font(FONT_REGULAR).fontSize(5.5).fillColor('#555555').text(t('minerCard'), textX, top + 32, { lineBreak: false });
      doc.fillColor('#000000').fontSize(6.5);
      if (miner.cardNumber && miner.cardExpiresOn) {
        doc.text(miner.cardNumber, textX, top + 39, { width: textWidth, lineBreak: false });
        doc.text(t('validUntil', { date: formatDate(locale, miner.cardExpiresOn) }), textX, top + 47, { width: textWidth, lineBreak: false });
      } else {
        doc.text(t('noCard'), textX, top + 39, { width: textWidth, lineBreak: false });
      }

      doc.image(qr, CARD_WIDTH - MARGIN - QR_SIZE, top + 12, { width: QR_SIZE, height: QR_SIZE });
      doc.fontSize(4.5).fillColor('#555555').text(t('printedOn', { date: formatDate(locale, print.printedOn) }), MARGIN, CARD_HEIGHT - 10, { lineBreak: false });
    },
    { size: [CARD_WIDTH, CARD_HEIGHT], margin: 0, info: { Title: `${fullName} — ${miner.memberNumber}` } },
  );
}
