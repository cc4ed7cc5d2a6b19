import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { renderPdf } from '../common/pdf/pdf-document.js';
import { type Cell, MARGIN, monthlySeries, ReportPdfKit } from './report-pdf-kit.js';
import type { RegulatorReportView } from './dto/report.view.js';
import type { RegulatorReport } from './report-content.js';

/**
 * The regulator's report as a printable document: identity, period, generation time and
 * verification code on top; one table per section; a bar chart of monthly purchases by
 * mineral; page numbers with the code on every page.
 */
export async function renderRegulatorReport(report: RegulatorReportView, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const c = report.content;
  return renderPdf(
    (doc) => {
      const k = new ReportPdfKit(doc, catalogue, locale, c.cooperative.timezone);
      const t = k.t.bind(k);
      k.title(t('title'));
      doc.text(`${c.cooperative.name} — ${c.cooperative.legalForm} — ${c.cooperative.registrationNumber}${c.cooperative.approvalNumber ? ` — ${c.cooperative.approvalNumber}` : ''}`);
      doc.text(`${c.cooperative.province}, ${c.cooperative.country}${c.cooperative.territory ? ` (${c.cooperative.territory})` : ''}`);
      doc.text(t('period', { key: c.period.key, from: c.period.from, to: c.period.to, version: report.version }));
      doc.text(t('generatedAt', { at: k.dateTime(c.generatedAt) }));
      doc.text(t('verificationCode', { code: report.verificationCode }));

      k.table(t('purchases'), [t('site'), t('mineral'), t('count'), t('netMassKg'), t('value')],
        c.purchases.rows.map((r) => [r.siteName ?? r.siteId ?? '—', k.label('mineral', r.mineral), r.count, k.kg(r.netMassMg), k.money(r.valueMinor, r.currency)]));
      k.table(t('purchaseTotals'), [t('currency'), t('count'), t('netMassKg'), t('value')],
        c.purchases.totals.map((r) => [r.currency, r.count, k.kg(r.netMassMg), k.money(r.valueMinor, r.currency)]));
      const monthly = c.purchases.monthlyByMineral;
      k.barChart(t('monthlyChart'), t('netMassKg'), monthlySeries(monthly.map((r) => ({ month: r.month, mineral: k.label('mineral', r.mineral), value: r.netMassMg }))), (mg) => k.kg(mg));
      k.table(t('members'), [t('figure'), t('value')], [
        [t('membersTotal'), c.members.total],
        [t('women'), c.members.bySex.F],
        [t('men'), c.members.bySex.M],
        ...Object.entries(c.members.byAgeBand).map(([band, value]): Cell[] => [t('ageBand', { band }), value]),
        [t('newMembers'), c.members.newInPeriod],
        [t('exitedMembers'), c.members.exitedInPeriod],
        ...(['valid', 'expiring', 'expired', 'none'] as const).map((status): Cell[] => [t(`card.${status}`), c.members.cards[status]]),
      ]);
      k.table(t('access'), [t('figure'), t('value')], [
        [t('entries'), c.access.entries],
        [t('denials'), c.access.denials],
        ...Object.entries(c.access.denialsByReason).map(([reason, value]): Cell[] => [t('denialReason', { reason: k.label('reason', reason) }), value]),
        [t('minorsTurnedAway'), c.access.minorsTurnedAway],
      ]);
      k.table(t('risks'), [t('category'), t('severity'), t('opened'), t('closed'), t('overdue')],
        c.risks.flags.map((r) => [k.label('category', r.category), k.label('severity', r.severity), r.opened, r.closed, r.overdue]));
      k.table(t('childLabourCases'), [t('status'), t('count')], [
        [t('openedInPeriod'), c.risks.childLabourCases.openedInPeriod],
        ...Object.entries(c.risks.childLabourCases.byStatus).map(([status, value]): Cell[] => [k.label('caseState', status), value]),
      ]);
      // Reports stored before corrective actions were counted have no such figures.
      const actions = (c.risks as Partial<RegulatorReport['risks']>).correctiveActions;
      if (actions !== undefined) {
        k.table(t('correctiveActions'), [t('figure'), t('value')], [
          [t('actionsCreated'), actions.createdInPeriod],
          [t('actionsCompleted'), actions.completedInPeriod],
          [t('actionsCancelled'), actions.cancelledInPeriod],
          [t('actionsOpenAtEnd'), actions.openAtEnd],
          [t('actionsOverdueAtEnd'), actions.overdueAtEnd],
        ]);
      }
      k.table(t('assemblies'), [t('kind'), t('heldOn'), t('quorum')],
        c.governance.assemblies.map((a) => [k.label('assemblyKind', a.kind), a.heldOn, a.quorumReached === null ? '—' : t(a.quorumReached ? 'yes' : 'no')]));
      k.table(t('governance'), [t('figure'), t('value')], [
        [t('electionsHeld'), c.governance.elections.held],
        [t('electionsCertified'), c.governance.elections.certified],
        [t('bylawVersions'), c.governance.bylawVersionsAdopted],
        [t('lateDeclarations'), c.governance.lateDeclarations],
      ]);
      k.table(t('savings'), [t('figure'), t('value')], [
        [t('savingsGroups'), c.savings.groups],
        [t('savingsMembers'), c.savings.members],
        ...c.savings.byCurrency.flatMap((r): Cell[][] => [
          [t('shares'), k.money(r.sharesValueMinor, r.currency)],
          [t('loansDisbursed'), k.money(r.loansDisbursedPrincipalMinor, r.currency)],
          [t('loanRepayments'), k.money(r.loanRepaymentsMinor, r.currency)],
          [t('loanFund'), k.money(r.loanFundMinor, r.currency)],
          [t('socialFund'), k.money(r.socialFundMinor, r.currency)],
        ]),
      ]);
      k.table(t('savingsLoans'), [t('figure'), t('value')], c.savings.loans.flatMap((r): Cell[][] => [
        [t('loansOutstanding'), r.loansOutstanding],
        [t('loansOutstandingPrincipal'), k.money(r.loansOutstandingPrincipalMinor, r.currency)],
        [t('loansOutstandingCharge'), k.money(r.loansOutstandingServiceChargeMinor, r.currency)],
        [t('atRiskPrincipal'), k.money(r.atRiskPrincipalMinor, r.currency)],
        [t('par1'), k.percent(r.portfolioAtRiskBp)],
        [t('par30'), k.percent(r.portfolioAtRisk30Bp)],
        [t('writtenOff'), k.money(r.writtenOffPrincipalMinor, r.currency)],
      ]));
      k.table(t('ledger'), [t('figure'), t('value')], [
        [t('lastSequence'), c.ledger.lastSequence],
        [t('headHash'), c.ledger.headHash ?? '—'],
        [t('ledgerVerified'), c.ledger.verified ? t('yes') : t('ledgerBroken', { problem: c.ledger.problem ?? '' })],
      ]);
      k.table(t('sales'), [t('buyer'), t('mineral'), t('count'), t('netMassKg'), t('value'), t('measured'), t('buyerNetMassKg'), t('massDifferenceKg'), t('beyondTolerance')],
        c.sales.rows.map((r) => [r.buyerName, k.label('mineral', r.mineral), r.sales, k.kg(r.netMassMg), k.money(r.valueMinor, r.currency), r.measured, k.kg(r.buyerNetMassMg), k.kg(r.massDifferenceMg), r.beyondTolerance]));
      const siteNames = new Map(c.purchases.rows.map((r) => [r.siteId, r.siteName]));
      k.table(t('stock'), [t('mineral'), t('site'), t('openingKg'), t('closingKg')],
        c.stock.rows.map((r) => [k.label('mineral', r.mineral), siteNames.get(r.siteId) ?? r.siteId, k.kg(r.openingMg), k.kg(r.closingMg)]));
      k.table(t('fees'), [t('fund'), t('currency'), t('purchasesWithFee'), t('amount')],
        c.fees.rows.map((r) => [k.fund(r.fundCode), r.currency, r.purchases, k.money(r.amountMinor, r.currency)]));
      // Reports stored before site authorisations were listed have no such section.
      const permits = (c as Partial<RegulatorReport>).siteAuthorisations;
      if (permits !== undefined) {
        k.table(t('siteAuthorisations'), [t('site'), t('authorisationKind'), t('authorisationNumber'), t('issuer'), t('expiresOn'), t('status')],
          permits.rows.map((r) => [r.siteName, k.label('authorisationKind', r.kind), r.number, r.issuer, r.expiresOn ?? '—', k.label('authorisationStatus', r.status)]));
      }
      // Reports stored before site assessments were reported have no such section.
      const standards = (c as Partial<RegulatorReport>).standards;
      if (standards !== undefined) {
        k.table(t('standards'), [t('site'), t('standard'), t('assessedOn'), t('assessmentScore'), t('levelReached'), t('openAssessmentActions')],
          standards.rows.map((r) => [r.siteName, `${r.standardId} ${r.standardVersion}`, r.assessedOn, r.scoreBp === null ? '—' : k.percent(r.scoreBp), r.levelName?.[locale] ?? t('noLevel'), r.openActions]));
        doc.text(t('sitesAssessed', { count: standards.sitesAssessed }), MARGIN, doc.y);
      }
      // Reports stored before diamonds were recorded have no such section; carats are printed as recorded.
      if (c.diamonds !== undefined) {
        k.table(t('diamonds'), [t('site'), t('stones'), t('purchasedCarats'), t('soldCarats'), t('certifiedCarats')],
          c.diamonds.sites.map((r) => [r.siteName ?? r.siteId, r.purchasedStones, r.purchasedCarats, r.soldCarats, r.certifiedCarats]));
        k.table(t('kimberleyCertificates'), [t('certificateNumber'), t('issuedOn'), t('expiresOn'), t('parcels'), t('declaredCarats'), t('ourCarats'), t('valueUsd'), t('beyondTolerance')],
          c.diamonds.certificates.map((r) => [r.certificateNumber, r.issuedOn, r.expiresOn, r.parcelCount, r.declaredCarats, r.ourCarats, k.money(r.valueUsdMinor, 'USD'), r.exceeds ? t('yes') : t('no')]));
      }
      k.footer(report.verificationCode);
    },
    { bufferPages: true, margin: MARGIN, size: 'A4' },
  );
}
