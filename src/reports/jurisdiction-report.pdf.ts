import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { renderPdf } from '../common/pdf/pdf-document.js';
import type { JurisdictionReportView } from './dto/report.view.js';
import { type Cell, MARGIN, ReportPdfKit } from './report-pdf-kit.js';

/** A province's report: totals, purchases by currency and mineral, then one row per cooperative. */
export async function renderJurisdictionReport(report: JurisdictionReportView, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const c = report.content;
  return renderPdf(
    (doc) => {
      const k = new ReportPdfKit(doc, catalogue, locale, c.jurisdiction.timezone);
      const t = k.t.bind(k);
      k.title(t('jurisdictionTitle'));
      doc.text(t('jurisdiction', { province: c.jurisdiction.province, country: c.jurisdiction.country }));
      doc.text(t('period', { key: c.period.key, from: c.period.from, to: c.period.to, version: report.version }));
      doc.text(t('generatedAt', { at: k.dateTime(c.generatedAt) }));
      doc.text(t('verificationCode', { code: report.verificationCode }));
      const s = c.totals;
      k.table(t('jurisdictionTotals'), [t('figure'), t('value')], [
        [t('cooperativesCount'), s.cooperatives],
        [t('membersTotal'), s.members],
        [t('women'), s.women],
        [t('men'), s.men],
        [t('newMembers'), s.newMembers],
        [t('exitedMembers'), s.exitedMembers],
        ...(['valid', 'expiring', 'expired', 'none'] as const).map((status): Cell[] => [t(`card.${status}`), s.cards[status]]),
        [t('entries'), s.entries],
        [t('denials'), s.denials],
        [t('minorsTurnedAway'), s.minorsTurnedAway],
        [t('flagsOpened'), s.flagsOpened],
        [t('flagsClosed'), s.flagsClosed],
        [t('flagsOverdue'), s.flagsOverdue],
        [t('openedInPeriod'), s.childLabourCasesOpened],
        [t('assemblies'), s.assemblies],
        [t('ledgersVerified'), s.ledgersVerified],
        [t('ledgersFailed'), s.ledgersFailed],
      ]);
      k.table(t('purchaseTotals'), [t('currency'), t('count'), t('netMassKg'), t('value')],
        s.purchasesByCurrency.map((r) => [r.currency, r.count, k.kg(r.netMassMg), k.money(r.valueMinor, r.currency)]));
      k.table(t('purchasesByMineral'), [t('mineral'), t('count'), t('netMassKg')], s.purchasesByMineral.map((r) => [k.label('mineral', r.mineral), r.count, k.kg(r.netMassMg)]));
      k.table(t('cooperatives'), [t('cooperative'), t('membersTotal'), t('count'), t('netMassKg'), t('value'), t('entries'), t('minorsTurnedAway'), t('flagsOverdue'), t('verified')],
        c.cooperatives.map((r) => [
          r.name, r.members, r.purchases, k.kg(r.netMassMg), r.purchaseValues.map((v) => k.money(v.valueMinor, v.currency)).join('; ') || '—',
          r.entries, r.minorsTurnedAway, r.flagsOverdue, t(r.ledgerVerified ? 'yes' : 'no'),
        ]));
      k.footer(report.verificationCode);
    },
    { bufferPages: true, margin: MARGIN, size: 'A4' },
  );
}
