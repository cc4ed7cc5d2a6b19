import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { utcOffsetMinutesOf } from '../common/time-zone.js';
import type { TenantTx } from '../database/tx.js';
import { bylawDeclarationStatus } from '../governance/rules/bylaws.js';
import { AGE_BANDS, ageBandOn, type Birth } from '../miners/rules/age.js';
import { addDays, compareIsoDates } from '../common/calendar-date.js';
import { DEFAULT_EXPIRING_WITHIN_DAYS } from '../miners/rules/card-status.js';
import { SalesService } from '../purchases/sales/sales.service.js';
import { DiamondsRepository } from '../purchases/diamonds/diamonds.repository.js';
import { mgToCarats } from '../purchases/diamonds/rules/carats.js';
import { stockPosition, type ValuedMovement } from '../purchases/sales/rules/stock.js';
import { RiskSettingsRepository } from '../risk/risk-settings.repository.js';
import { authorisationStandingOn } from '../sites/authorisations/rules/authorisation-reminders.js';
import { SiteAuthorisationsRepository } from '../sites/authorisations/site-authorisations.repository.js';
import { StandardsReportSource } from '../standards/standards-report-source.js';
import { flagOverdue } from '../risk/rules/overdue.js';
import type { RegulatorReport, SiteAuthorisationRow } from './report-content.js';
import { type CooperativeRow, ReportsRepository, type StockMovementRow } from './reports.repository.js';
import { loanPortfolioByCurrency } from './rules/loan-portfolio.js';
import type { ReportPeriod } from './rules/period.js';
import { describeDifference, REPORT_ROLLUPS, type RollupDifference, rollupDifferences } from './rules/rollup-check.js';
import { type ReportedSale, salesByBuyer, stockAtBothEnds } from './rules/sales-stock.js';

/** Up to this many ledger entries and gate events, the report recomputes its rollups from the rows before using them. */
export const ROLLUP_CHECK_MAX_ROWS = 20_000;

const num = (value: string | number | null | undefined): number => Number(value ?? 0);
const count = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/**
 * The figures of one cooperative's regulator report for a period, read in the caller's
 * transaction: by the cooperative's own report and, read-only, by the jurisdiction report.
 * One private method per section of templates/reports/regulator-report.json.
 */
@Injectable()
export class RegulatorReportComposer {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly sales: SalesService,
    private readonly riskSettings: RiskSettingsRepository,
    private readonly authorisations: SiteAuthorisationsRepository,
    private readonly standards: StandardsReportSource,
    private readonly diamondRecords: DiamondsRepository,
  ) {}

  /**
   * `step` is told after each group of sections (the generation's progress). The rollups are
   * checked against the rows first (when cheap) unless `checkRollups` is false.
   */
  async compose(
    tx: TenantTx, period: ReportPeriod, generatedAt: Date, ledgerProblem: string | null,
    step: () => Promise<void> = () => Promise.resolve(), options: { readonly checkRollups: boolean } = { checkRollups: true },
  ): Promise<RegulatorReport> {
    const cooperative = await this.repository.cooperative(tx);
    if (cooperative === null) throw new DomainError('NOT_FOUND', {}, 'not_found');
    if (options.checkRollups) await this.checkRollups(tx);
    const purchases = await this.purchases(tx, period);
    const sales = await this.salesSection(tx, period);
    const stock = await this.stockSection(tx, period);
    await step();
    const access = await this.access(tx, period);
    await step();
    const savings = await this.savings(tx, period);
    await step();
    const governance = await this.governance(tx, period);
    const childLabourCases = await this.childLabourCases(tx, period);
    const correctiveActions = await this.correctiveActions(tx, period);
    const ledger = await this.ledger(tx, ledgerProblem);
    const members = await this.members(tx, period);
    await step();
    const flags = await this.flags(tx, period, cooperative.timezone, generatedAt);
    await step();
    const fees = await this.fees(tx, period);
    const siteAuthorisations = await this.siteAuthorisations(tx, period);
    const standards = await this.standards.section(tx, period);
    const diamonds = await this.diamonds(tx, period);
    return {
      schema: 'regulator-report/1',
      cooperative: this.identity(cooperative),
      period: { key: period.key, from: period.from, to: period.to },
      generatedAt: generatedAt.toISOString(),
      purchases,
      members,
      access,
      risks: { flags, childLabourCases, correctiveActions },
      governance,
      savings,
      ledger,
      sales,
      stock,
      fees,
      siteAuthorisations,
      standards,
      diamonds,
    };
  }

  /** The permits in force at the period's end, each judged on its last day (an expired one is the regulator's first question). */
  private async siteAuthorisations(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['siteAuthorisations']> {
    const rows = await this.authorisations.inForceAtEndOf(tx, period.to);
    return {
      rows: rows.map((row): SiteAuthorisationRow => ({
        key: row.id, siteId: row.site_id, siteName: row.site_name, kind: row.kind, number: row.number, issuer: row.issuer, expiresOn: row.expires_on,
        status: authorisationStandingOn(row.expires_on, period.to).status,
      })),
    };
  }

  /** Carats per site (diamonds/rules/diamond-reconciliation.ts counts them) and the period's certificates. */
  private async diamonds(tx: TenantTx, period: ReportPeriod): Promise<NonNullable<RegulatorReport['diamonds']>> {
    const sites = await this.diamondRecords.siteCarats(tx, period.from, period.to);
    const names = await this.diamondRecords.siteNames(tx, sites.map((site) => site.siteId));
    const certificates = await this.diamondRecords.certificatesIssuedBetween(tx, period.from, period.to);
    return {
      sites: sites.map((site) => ({
        key: site.siteId, siteId: site.siteId, siteName: names.get(site.siteId) ?? null, purchasedStones: site.purchasedStones,
        purchasedCarats: mgToCarats(site.purchasedMg), soldCarats: mgToCarats(site.soldMg), certifiedCarats: mgToCarats(site.certifiedMg),
      })),
      certificates: certificates.map((row) => ({
        key: row.certificate_number, certificateNumber: row.certificate_number, issuedOn: row.issued_on, expiresOn: row.expires_on,
        parcelCount: row.parcel_count, declaredCarats: mgToCarats(row.carats_mg), ourCarats: mgToCarats(row.our_carats_mg),
        valueUsdMinor: row.value_usd_minor, exceeds: row.exceeds,
      })),
    };
  }

  /**
   * The figures come from rollups: when recomputing them from the rows is cheap, it is done
   * first and any difference stops the report (reports:check-rollups names them all).
   */
  private async checkRollups(tx: TenantTx): Promise<void> {
    if ((await this.repository.rolledUpRows(tx)) > ROLLUP_CHECK_MAX_ROWS) return;
    const differences: RollupDifference[] = [];
    for (const rollup of REPORT_ROLLUPS) {
      const { stored, recomputed } = await this.repository.rollupMismatches(tx, rollup);
      differences.push(...rollupDifferences(rollup, stored, recomputed));
    }
    if (differences.length > 0) {
      throw new DomainError('REPORT_ROLLUPS_DIFFER', { count: differences.length, first: describeDifference(differences[0]) }, 'conflict');
    }
  }

  private identity(cooperative: CooperativeRow): RegulatorReport['cooperative'] {
    return {
      id: cooperative.id, name: cooperative.name, legalForm: cooperative.legal_form, registrationNumber: cooperative.registration_number,
      approvalNumber: cooperative.approval_number, country: cooperative.country, province: cooperative.province,
      territory: cooperative.territory, timezone: cooperative.timezone,
    };
  }

  private async purchases(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['purchases']> {
    const purchaseRows = await this.repository.purchases(tx, period);
    const totals = new Map<string, { count: number; netMassMg: number; valueMinor: number }>();
    for (const row of purchaseRows) {
      const total = totals.get(row.currency) ?? { count: 0, netMassMg: 0, valueMinor: 0 };
      totals.set(row.currency, { count: total.count + num(row.count), netMassMg: total.netMassMg + num(row.net_mg), valueMinor: total.valueMinor + num(row.value_minor) });
    }
    const monthly = await this.repository.monthlyPurchases(tx, period);
    return {
      rows: purchaseRows.map((row) => ({
        key: `${row.site_id ?? '-'}|${row.mineral}|${row.currency}`, siteId: row.site_id, siteName: row.site_name, mineral: row.mineral,
        currency: row.currency, count: num(row.count), netMassMg: num(row.net_mg), valueMinor: num(row.value_minor),
      })),
      totals: [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, total]) => ({ key: currency, currency, ...total })),
      reversals: purchaseRows.reduce((sum, row) => sum + num(row.reversals), 0),
      monthlyByMineral: monthly.map((row) => ({ key: `${row.month}|${row.mineral}`, month: row.month, mineral: row.mineral, count: num(row.count), netMassMg: num(row.net_mg) })),
    };
  }

  /** Fees and levies withheld on purchases of the period, per fund and currency. */
  private async fees(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['fees']> {
    const rows = await this.repository.feesByFund(tx, period);
    return {
      rows: rows.map((row) => ({
        key: `${row.fund_code}|${row.currency}`, fundCode: row.fund_code, currency: row.currency, amountMinor: num(row.amount_minor), purchases: num(row.purchases),
      })),
    };
  }

  private async salesSection(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['sales']> {
    const sales = (await this.sales.salesBetween(tx, period.from, period.to)).map((sale): ReportedSale => ({
      buyer: { id: sale.buyer.id, name: sale.buyer.name }, mineral: sale.mineral, currency: sale.currency, netMg: sale.netMg, amountMinor: sale.amountMinor,
      measurement: sale.buyerMeasurement === null ? null : {
        netMg: sale.buyerMeasurement.netMg, ourNetMg: sale.buyerMeasurement.ours.netMg, massDiffMg: sale.buyerMeasurement.massDiffMg, exceeds: sale.buyerMeasurement.exceeds,
      },
    }));
    return { rows: salesByBuyer(sales) };
  }

  /** Stock at the end of the day before the period and at the period's end, from one pass over the movements. */
  private async stockSection(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['stock']> {
    const rows = await this.repository.stockMovements(tx, addDays(period.from, -1), period.to);
    const movement = (row: StockMovementRow, end: 'opening' | 'closing'): ValuedMovement => ({
      mineral: row.mineral, siteId: row.site_id ?? '', currency: row.currency ?? '',
      massMg: num(end === 'opening' ? row.opening_mass_mg : row.closing_mass_mg), valueMinor: num(end === 'opening' ? row.opening_value_minor : row.closing_value_minor),
    });
    const at = (end: 'opening' | 'closing') => {
      const lines = end === 'opening' ? rows.filter((row) => row.at_opening) : rows;
      return stockPosition(lines.filter((row) => row.side === 'purchased').map((row) => movement(row, end)), lines.filter((row) => row.side === 'sold').map((row) => movement(row, end)));
    };
    return { rows: stockAtBothEnds(at('opening'), at('closing')) };
  }

  private async access(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['access']> {
    const gate = await this.repository.gate(tx, period);
    const denials = await this.repository.denialsByReason(tx, period);
    return {
      entries: num(gate.entries), denials: num(gate.denials),
      denialsByReason: Object.fromEntries(denials.map((row) => [row.code, num(row.count)])),
      minorsTurnedAway: num(gate.minors),
    };
  }

  private async savings(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['savings']> {
    const savingsCounts = await this.repository.savingsCounts(tx, period.to);
    const balances = await this.repository.savingsBalances(tx, period.to);
    const loans = loanPortfolioByCurrency(await this.repository.loanBooks(tx, period.to), period.to);
    return {
      groups: num(savingsCounts.groups), members: num(savingsCounts.members),
      byCurrency: balances.map((row) => ({
        key: row.currency, currency: row.currency, sharesValueMinor: num(row.shares_value), loansDisbursedPrincipalMinor: num(row.disbursed),
        loanRepaymentsMinor: num(row.repaid), loanFundMinor: num(row.loan_fund), socialFundMinor: num(row.social_fund),
      })),
      loans,
    };
  }

  private async governance(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['governance']> {
    const elections = await this.repository.elections(tx, period);
    const bylaws = await this.repository.bylawVersions(tx, period.to);
    const late = bylaws.filter((b) => {
      const status = bylawDeclarationStatus({ adoptedOn: b.adopted_on, today: period.to, ...(b.declared_on === null ? {} : { declaredOn: b.declared_on }) }).status;
      return status === 'late' || status === 'overdue';
    }).length;
    return {
      assemblies: (await this.repository.assemblies(tx, period)).map((a) => ({ key: a.id, kind: a.kind, heldOn: a.held_on, quorumReached: a.quorum_reached })),
      elections: { held: num(elections.held), certified: num(elections.certified) },
      bylawVersionsAdopted: bylaws.filter((b) => compareIsoDates(b.adopted_on, period.from) >= 0).length,
      lateDeclarations: late,
    };
  }

  private async childLabourCases(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['risks']['childLabourCases']> {
    const cases = await this.repository.childLabourCases(tx, period);
    return {
      openedInPeriod: cases.reduce((sum, row) => sum + num(row.opened), 0),
      byStatus: Object.fromEntries(cases.map((row) => [row.state, num(row.total)])),
    };
  }

  private async correctiveActions(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['risks']['correctiveActions']> {
    const counts = await this.repository.correctiveActionCounts(tx, period);
    return {
      createdInPeriod: num(counts.created), completedInPeriod: num(counts.completed), cancelledInPeriod: num(counts.cancelled),
      openAtEnd: num(counts.open), overdueAtEnd: num(counts.overdue),
    };
  }

  private async ledger(tx: TenantTx, ledgerProblem: string | null): Promise<RegulatorReport['ledger']> {
    const head = await this.repository.ledgerHead(tx);
    return { headHash: head?.last_hash ?? null, lastSequence: head?.last_sequence ?? 0, verified: ledgerProblem === null, problem: ledgerProblem };
  }

  /**
   * Members are miners active or suspended at the period's end, by the status history;
   * their age band is taken on the period's last day, from the birth each group shares.
   */
  private async members(tx: TenantTx, period: ReportPeriod): Promise<RegulatorReport['members']> {
    const groups = await this.repository.memberGroups(tx, period, DEFAULT_EXPIRING_WITHIN_DAYS);
    const bySex = { F: 0, M: 0 };
    const byAgeBand = count(AGE_BANDS);
    const cards = { valid: 0, expiring: 0, expired: 0, none: 0 };
    let total = 0;
    let newInPeriod = 0;
    let exitedInPeriod = 0;
    for (const group of groups) {
      const n = num(group.count);
      if (group.kind === 'joined') newInPeriod += n;
      if (group.kind === 'exited') exitedInPeriod += n;
      if (group.kind !== 'member') continue;
      total += n;
      if (group.sex !== null) bySex[group.sex] += n;
      const birth: Birth | null = group.date_of_birth !== null ? { estimated: false, date: group.date_of_birth }
        : group.birth_year !== null ? { estimated: true, year: group.birth_year } : null;
      if (birth !== null) byAgeBand[ageBandOn(birth, period.to)] += n;
      if (group.card !== null) cards[group.card] += n;
    }
    return { total, bySex, byAgeBand, newInPeriod, exitedInPeriod, cards };
  }

  /** Opened and closed in the period; overdue as of the period's end (or now, when earlier). */
  private async flags(tx: TenantTx, period: ReportPeriod, timezone: string, now: Date): Promise<RegulatorReport['risks']['flags']> {
    const flags = await this.repository.flags(tx, period);
    const actions = await this.repository.correctiveActions(tx);
    const offset = utcOffsetMinutesOf(timezone, now);
    const periodEnd = new Date(Date.parse(`${period.to}T23:59:59.999Z`) - offset * 60_000);
    const asOf = periodEnd.getTime() < now.getTime() ? periodEnd : now;
    const criticalAcknowledgementHours = await this.riskSettings.criticalAckHours(tx);
    const rows = new Map<string, { key: string; category: string; severity: string; opened: number; closed: number; overdue: number }>();
    for (const flag of flags) {
      const key = `${flag.category}|${flag.severity}`;
      const row = rows.get(key) ?? { key, category: flag.category, severity: flag.severity, opened: 0, closed: 0, overdue: 0 };
      if (flag.opened) row.opened += 1;
      if (flag.closed) row.closed += 1;
      const overdue = flagOverdue(
        {
          severity: flag.severity, state: flag.state, raisedAt: flag.raised_at,
          correctiveActions: actions.filter((a) => a.flag_id === flag.id).map((a) => ({ status: a.status, dueDate: a.due_on })),
        },
        asOf,
        { utcOffsetMinutes: offset, criticalAcknowledgementHours },
      );
      if (overdue.overdue) row.overdue += 1;
      if (row.opened + row.closed + row.overdue > 0) rows.set(key, row);
    }
    return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
  }
}
