import { Injectable } from '@nestjs/common';
import type { AuthContext, TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { TenantTx } from '../database/tx.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { FundFigures } from '../purchases/funds/fund-figures.js';
import type { RegulatorReport } from '../reports/report-content.js';
import { ReportsRepository } from '../reports/reports.repository.js';
import { type ReportPeriod, resolvePeriod } from '../reports/rules/period.js';
import { IncidentStatisticsRepository } from '../risk/incident-statistics.repository.js';
import { StandardsReportSource } from '../standards/standards-report-source.js';
import type { ObservedFundsView, ObservedIncidentStatisticsView, ObservedReportView, ObservedStandardAssessmentsView } from './dto/observation.view.js';
import type { ObservedCooperativeView } from './dto/observer-grant.view.js';
import { type ObservedGrantRow, ObserverGrantsRepository } from './observer-grants.repository.js';
import { type ObserverView, viewsInForce } from './rules/observer-grants.js';
import { observedReportFigures } from './rules/report-figures.js';

const datesOf = (row: ObservedGrantRow) => ({ validFrom: row.valid_from, validUntil: row.valid_until, revoked: row.revoked, views: row.views });

/**
 * What an observing organisation reads: the cooperatives whose grants are in force for it,
 * and in each, the aggregate views those grants open. The guard lets an 'observer' through
 * only while a grant is in force; each view is then checked against the grants, in the same
 * read-only transaction. Every answer is a figure: no person, no child, no words of a flag.
 */
@Injectable()
export class ObservationService {
  constructor(
    private readonly db: Db,
    private readonly grants: ObserverGrantsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly fundFigures: FundFigures,
    private readonly reports: ReportsRepository,
    private readonly incidents: IncidentStatisticsRepository,
    private readonly standards: StandardsReportSource,
  ) {}

  /** Empty for anyone who is not an observer, or whose grants are all over. */
  async cooperatives(auth: AuthContext): Promise<ObservedCooperativeView[]> {
    return this.db.run(Scopes.readOnly(auth.scope), async (tx) => {
      const affiliation = await this.organisations.affiliationOf(tx, auth.userId);
      if (affiliation === null || affiliation.role !== 'observer') return [];
      const byCooperative = new Map<string, ObservedGrantRow[]>();
      for (const row of await this.grants.grantsOfOrganisation(tx, affiliation.organisationId)) {
        byCooperative.set(row.cooperative_id, [...(byCooperative.get(row.cooperative_id) ?? []), row]);
      }
      return [...byCooperative.values()].flatMap((rows): ObservedCooperativeView[] => {
        const [first] = rows;
        const views = viewsInForce(rows.map(datesOf), first.today);
        if (views.length === 0) return [];
        const inForce = rows.filter((row) => viewsInForce([datesOf(row)], row.today).length > 0);
        const until = inForce.some((row) => row.valid_until === null) ? null : inForce.map((row) => row.valid_until ?? '').sort().at(-1) ?? null;
        return [{ cooperative: { id: first.cooperative_id, name: first.cooperative_name, country: first.country, province: first.province }, views, until }];
      });
    });
  }

  async funds(auth: TenantAuthContext, period: string): Promise<ObservedFundsView> {
    const span = resolvePeriod({ period });
    return this.db.tenant(auth, async (tx) => {
      await this.requireView(tx, auth, 'benefit_sharing_funds');
      const funds = await Promise.all(
        (await this.fundFigures.balances(tx)).map(async (fund) => ({
          fundCode: fund.fundCode,
          balances: fund.balances.map((line) => ({ currency: line.currency, balanceMinor: line.balanceMinor })),
          sections: (await this.fundFigures.sections(tx, fund.fundCode, span)).map((section) => ({
            currency: section.currency,
            openingMinor: section.openingMinor,
            credits: section.credits.map((line) => ({ label: line.ruleCode, count: line.count, amountMinor: line.amountMinor })),
            creditedMinor: section.creditedMinor,
            reversedMinor: section.reversedMinor,
            spending: section.spending.map((line) => ({ label: line.purpose, count: line.count, amountMinor: line.amountMinor })),
            spentMinor: section.spentMinor,
            closingMinor: section.closingMinor,
          })),
          spending: (await this.fundFigures.approvedSpending(tx, fund.fundCode, span)).map(({ purpose, amountMinor, currency, spentOn, approvedOn }) => ({ purpose, amountMinor, currency, spentOn, approvedOn })),
        })),
      );
      return { period: periodView(span), funds };
    });
  }

  async regulatorReport(auth: TenantAuthContext, period: string): Promise<ObservedReportView> {
    const span = resolvePeriod({ period });
    return this.db.tenant(auth, async (tx) => {
      await this.requireView(tx, auth, 'regulator_report');
      const latest = await this.reports.latestVersion(tx, span);
      if (latest === null) throw new DomainError('OBSERVED_REPORT_NOT_FOUND', { period: span.key }, 'not_found');
      const figures = observedReportFigures(latest.content as RegulatorReport, latest.version);
      return { ...figures, purchases: { ...figures.purchases }, members: { ...figures.members }, access: { ...figures.access }, risks: { ...figures.risks },
        governance: { ...figures.governance }, savings: { ...figures.savings }, fees: figures.fees.map((row) => ({ ...row })) };
    });
  }

  async incidentStatistics(auth: TenantAuthContext, period: string): Promise<ObservedIncidentStatisticsView> {
    const span = resolvePeriod({ period });
    return this.db.tenant(auth, async (tx) => {
      await this.requireView(tx, auth, 'incident_statistics');
      const flags = await this.incidents.flagCounts(tx, span.from, span.to);
      const cases = await this.incidents.caseCounts(tx, span.from, span.to);
      return {
        period: periodView(span),
        flagsRaised: flags.reduce((sum, row) => sum + row.count, 0),
        flags: flags.map((row) => ({ ...row })),
        childLabourCasesByState: Object.fromEntries(cases.map((row) => [row.state, row.count])),
      };
    });
  }

  /** Each site's latest assessment of the period per standard: scores, levels and open actions, nothing of who assessed. */
  async standardAssessments(auth: TenantAuthContext, period: string): Promise<ObservedStandardAssessmentsView> {
    const span = resolvePeriod({ period });
    return this.db.tenant(auth, async (tx) => {
      await this.requireView(tx, auth, 'standard_assessments');
      const section = await this.standards.section(tx, span);
      return {
        period: periodView(span),
        sitesAssessed: section.sitesAssessed,
        assessments: section.rows.map((row) => ({
          siteId: row.siteId, siteName: row.siteName, standardId: row.standardId, standardVersion: row.standardVersion,
          assessedOn: row.assessedOn, scoreBp: row.scoreBp, levelReached: row.levelReached, openActions: row.openActions,
        })),
      };
    });
  }

  /** The guard saw a grant in force; this view must be among those the grants in force open. */
  private async requireView(tx: TenantTx, auth: TenantAuthContext, view: ObserverView): Promise<void> {
    const affiliation = await this.organisations.affiliationOf(tx, auth.userId);
    if (affiliation === null || affiliation.role !== 'observer') throw new DomainError('FORBIDDEN', {}, 'forbidden');
    const rows = await this.grants.grantsOfOrganisation(tx, affiliation.organisationId, tx.cooperativeId);
    const open = rows.length === 0 ? [] : viewsInForce(rows.map(datesOf), rows[0].today);
    if (!open.includes(view)) throw new DomainError('OBSERVATION_VIEW_NOT_GRANTED', { view }, 'forbidden');
  }
}

function periodView(period: ReportPeriod): { key: string; from: string; to: string } {
  return { key: period.key, from: period.from, to: period.to };
}
