import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { minorUnitDigits } from '../common/money.js';
import { FONT_BOLD, FONT_REGULAR, formatNumber, renderPdf } from '../common/pdf/pdf-document.js';
import type { RegulatorReport } from './report-content.js';
import type { ReportMeta } from './reports.service.js';

const MARGIN = 40;
const ROW = 15;

type Cell = string | number;

/** The regulator's report as a printable document: one table per section, identity and verification code on top. */
export async function renderRegulatorReport(report: ReportMeta & { content: RegulatorReport }, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `reports.pdf.${key}`, params);
  const numberLocale = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const n = (value: number): string => formatNumber(numberLocale, value);
  const money = (minor: number, currency: string): string => {
    const digits = minorUnitDigits(currency);
    return `${formatNumber(numberLocale, minor / 10 ** digits, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
  };
  const kg = (mg: number): string => formatNumber(numberLocale, mg / 1_000_000, { maximumFractionDigits: 3 });
  const c = report.content;
  const time = new Intl.DateTimeFormat(numberLocale, { dateStyle: 'short', timeStyle: 'short', timeZone: c.cooperative.timezone });

  return renderPdf(
    (doc) => {
      const width = doc.page.width - 2 * MARGIN;
      const ensure = (height: number): void => {
        if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
      };
      const table = (title: string, headers: readonly string[], rows: readonly (readonly Cell[])[]): void => {
        ensure(3 * ROW);
        doc.font(FONT_BOLD).fontSize(11).text(title, MARGIN, doc.y + 6);
        const column = width / headers.length;
        const line = (cells: readonly Cell[], font: string): void => {
          ensure(ROW);
          const y = doc.y;
          doc.font(font).fontSize(8);
          cells.forEach((cell, index) => doc.text(typeof cell === 'number' ? n(cell) : cell, MARGIN + index * column, y, { width: column - 4, lineBreak: false }));
          doc.y = y + ROW;
        };
        line(headers, FONT_BOLD);
        if (rows.length === 0) line([t('empty')], FONT_REGULAR);
        for (const row of rows) line(row, FONT_REGULAR);
      };
      const notAvailable = (title: string): void => {
        ensure(2 * ROW);
        doc.font(FONT_BOLD).fontSize(11).text(title, MARGIN, doc.y + 6);
        doc.font(FONT_REGULAR).fontSize(8).text(t('notAvailable'), MARGIN);
      };

      doc.font(FONT_BOLD).fontSize(16).text(t('title'), MARGIN, MARGIN);
      doc.font(FONT_REGULAR).fontSize(9);
      doc.text(`${c.cooperative.name} — ${c.cooperative.legalForm} — ${c.cooperative.registrationNumber}${c.cooperative.approvalNumber ? ` — ${c.cooperative.approvalNumber}` : ''}`);
      doc.text(`${c.cooperative.province}, ${c.cooperative.country}${c.cooperative.territory ? ` (${c.cooperative.territory})` : ''}`);
      doc.text(t('period', { key: c.period.key, from: c.period.from, to: c.period.to, version: report.version }));
      doc.text(t('generatedAt', { at: time.format(new Date(c.generatedAt)) }));
      doc.text(t('verificationCode', { code: report.verificationCode }));

      table(t('purchases'), [t('site'), t('mineral'), t('count'), t('netMassKg'), t('value')],
        c.purchases.rows.map((r) => [r.siteName ?? r.siteId ?? '—', r.mineral, r.count, kg(r.netMassMg), money(r.valueMinor, r.currency)]));
      table(t('purchaseTotals'), [t('currency'), t('count'), t('netMassKg'), t('value')],
        c.purchases.totals.map((r) => [r.currency, r.count, kg(r.netMassMg), money(r.valueMinor, r.currency)]));
      table(t('members'), [t('figure'), t('value')], [
        [t('membersTotal'), c.members.total],
        [t('women'), c.members.bySex.F],
        [t('men'), c.members.bySex.M],
        ...Object.entries(c.members.byAgeBand).map(([band, value]): Cell[] => [t('ageBand', { band }), value]),
        [t('newMembers'), c.members.newInPeriod],
        [t('exitedMembers'), c.members.exitedInPeriod],
        ...(['valid', 'expiring', 'expired', 'none'] as const).map((status): Cell[] => [t(`card.${status}`), c.members.cards[status]]),
      ]);
      table(t('access'), [t('figure'), t('value')], [
        [t('entries'), c.access.entries],
        [t('denials'), c.access.denials],
        ...Object.entries(c.access.denialsByReason).map(([reason, value]): Cell[] => [t('denialReason', { reason }), value]),
        [t('minorsTurnedAway'), c.access.minorsTurnedAway],
      ]);
      table(t('risks'), [t('category'), t('severity'), t('opened'), t('closed'), t('overdue')],
        c.risks.flags.map((r) => [r.category, r.severity, r.opened, r.closed, r.overdue]));
      table(t('childLabourCases'), [t('status'), t('count')], [
        [t('openedInPeriod'), c.risks.childLabourCases.openedInPeriod],
        ...Object.entries(c.risks.childLabourCases.byStatus).map(([status, value]): Cell[] => [status, value]),
      ]);
      table(t('assemblies'), [t('kind'), t('heldOn'), t('quorum')],
        c.governance.assemblies.map((a) => [a.kind, a.heldOn, a.quorumReached === null ? '—' : t(a.quorumReached ? 'yes' : 'no')]));
      table(t('governance'), [t('figure'), t('value')], [
        [t('electionsHeld'), c.governance.elections.held],
        [t('electionsCertified'), c.governance.elections.certified],
        [t('bylawVersions'), c.governance.bylawVersionsAdopted],
        [t('lateDeclarations'), c.governance.lateDeclarations],
      ]);
      table(t('savings'), [t('figure'), t('value')], [
        [t('savingsGroups'), c.savings.groups],
        [t('savingsMembers'), c.savings.members],
        ...c.savings.byCurrency.flatMap((r): Cell[][] => [
          [t('shares'), money(r.sharesValueMinor, r.currency)],
          [t('loansDisbursed'), money(r.loansDisbursedPrincipalMinor, r.currency)],
          [t('loanRepayments'), money(r.loanRepaymentsMinor, r.currency)],
          [t('loanFund'), money(r.loanFundMinor, r.currency)],
          [t('socialFund'), money(r.socialFundMinor, r.currency)],
        ]),
      ]);
      table(t('ledger'), [t('figure'), t('value')], [
        [t('lastSequence'), c.ledger.lastSequence],
        [t('headHash'), c.ledger.headHash ?? '—'],
        [t('ledgerVerified'), c.ledger.verified ? t('yes') : t('ledgerBroken', { problem: c.ledger.problem ?? '' })],
      ]);
      notAvailable(t('sales'));
      notAvailable(t('stock'));
      notAvailable(t('fees'));

      const range = doc.bufferedPageRange();
      for (let index = range.start; index < range.start + range.count; index += 1) {
        doc.switchToPage(index);
        doc.font(FONT_REGULAR).fontSize(8).text(t('page', { page: index + 1, pages: range.count, code: report.verificationCode }), MARGIN, doc.page.height - MARGIN - 5, { width, align: 'center', lineBreak: false });
      }
    },
    { bufferPages: true, margin: MARGIN, size: 'A4' },
  );
}

