import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { FONT_BOLD, FONT_REGULAR, renderPdf } from '../common/pdf/pdf-document.js';
import type { MusterData } from './presence.service.js';

const MARGIN = 40;
const ROW_HEIGHT = 18;
const BOX = 10;
const COLUMNS = { box: MARGIN, name: MARGIN + 22, number: MARGIN + 250, entered: MARGIN + 380 } as const;

/** The emergency roll call: everyone inside, per zone, with a box to tick when found. */
export async function renderMusterList(muster: MusterData, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `sites.muster.${key}`, params);
  const time = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: muster.timezone });
  return renderPdf(
    (doc) => {
      const bottom = doc.page.height - MARGIN;
      doc.font(FONT_BOLD).fontSize(16).text(t('title'), MARGIN, MARGIN);
      doc.font(FONT_REGULAR).fontSize(10).text(`${muster.cooperativeName} — ${muster.siteName} (${muster.siteCode})`);
      doc.text(t('printedAt', { at: time.format(muster.asOf) }));
      doc.font(FONT_BOLD).text(t('headcount', { count: muster.headcount }));
      doc.moveDown();
      for (const zone of muster.zones) {
        if (doc.y + 3 * ROW_HEIGHT > bottom) doc.addPage();
        doc.font(FONT_BOLD).fontSize(12).text(t('zone', { name: zone.name, count: zone.count }), MARGIN);
        doc.font(FONT_BOLD).fontSize(9);
        const header = doc.y + 4;
        doc.text(t('name'), COLUMNS.name, header, { lineBreak: false });
        doc.text(t('memberNumber'), COLUMNS.number, header, { lineBreak: false });
        doc.text(t('enteredAt'), COLUMNS.entered, header, { lineBreak: false });
        doc.y = header + ROW_HEIGHT;
        doc.font(FONT_REGULAR);
        if (zone.people.length === 0) {
          doc.text(t('nobody'), COLUMNS.name, doc.y);
          doc.y += 6;
        }
        for (const person of zone.people) {
          if (doc.y + ROW_HEIGHT > bottom) doc.addPage();
          const y = doc.y;
          doc.rect(COLUMNS.box, y, BOX, BOX).stroke();
          const name = [person.lastName.toUpperCase(), person.firstName, person.middleName].filter((part): part is string => part !== null).join(' ');
          doc.text(name, COLUMNS.name, y, { width: COLUMNS.number - COLUMNS.name - 8, lineBreak: false, ellipsis: true });
          doc.text(person.memberNumber, COLUMNS.number, y, { lineBreak: false });
          doc.text(time.format(person.enteredAt), COLUMNS.entered, y, { lineBreak: false });
          doc.y = y + ROW_HEIGHT;
        }
        doc.moveDown();
      }
      if (muster.overstay.length > 0) {
        doc.font(FONT_BOLD).fontSize(10).text(t('overstay', { count: muster.overstay.length, closingTime: muster.closingTime ?? '' }), MARGIN);
      }
    },
    { size: 'A4', margin: MARGIN, info: { Title: `${t('title')} — ${muster.siteName}` } },
  );
}
