import { createHash, randomUUID } from 'node:crypto';
import { utcOffsetMinutesOf } from '../common/time-zone.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { stableJson } from '../common/stable-json.js';
import { Db } from '../database/db.service.js';
import { bylawDeclarationStatus } from '../governance/rules/bylaws.js';
import { AGE_BANDS, ageBandOn, type Birth } from '../miners/rules/age.js';
import { cardStatusOn, type MinerCard } from '../miners/rules/card-status.js';
import { addDays, compareIsoDates } from '../miners/rules/calendar.js';
import { PurchasesService } from '../purchases/purchases.service.js';
import { flagOverdue } from '../risk/rules/overdue.js';
import { criticalAckHoursOf } from '../risk/risk-settings.service.js';
import type { RegulatorReport } from './report-content.js';
import { ReportRecord } from './report.entity.js';
import { type ReportRow, ReportsRepository } from './reports.repository.js';
import { diffReports, type FigureChange } from './rules/diff.js';
import { loanPortfolioByCurrency } from './rules/loan-portfolio.js';
import { type ReportedSale, salesByBuyer, stockAtBothEnds } from './rules/sales-stock.js';
import { SalesService } from '../purchases/sales/sales.service.js';
import { StockService } from '../purchases/sales/stock.service.js';
import { JobsService, type JobView } from '../jobs/jobs.service.js';
import { type PeriodInput, type ReportPeriod, resolvePeriod } from './rules/period.js';

export const REGULATOR_REPORT_JOB = 'report.regulator';

export interface ReportMeta {
  id: string; periodKey: string; periodFrom: string; periodTo: string; version: number; contentHash: string;
  verificationCode: string; ledgerOk: boolean | null; generatedAt: string; generatedBy: string; changes: FigureChange[];
}

const NOT_AVAILABLE = { notAvailable: true, rows: [] } as const;
const num = (value: string | number | null | undefined): number => Number(value ?? 0);
const count = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

function metaOf(row: ReportRow): ReportMeta {
  return {
    id: row.id, periodKey: row.period_key, periodFrom: row.period_from, periodTo: row.period_to, version: row.version,
    contentHash: row.content_hash, verificationCode: row.content_hash.slice(0, 12), ledgerOk: row.ledger_ok,
    generatedAt: row.generated_at.toISOString(), generatedBy: row.generated_by, changes: row.changes as FigureChange[],
  };
}

/** What a background run of `generate` hooks into: progress, and completing its job in the same transaction. */
export interface GenerationHooks {
  progress?(done: number, total: number): Promise<void>;
  beforeCommit?(tx: EntityManager, stored: { id: string; version: number }): Promise<void>;
}

/** Steps of one generation reported as progress: ledger verification, each group of sections, storing. */
const GENERATION_STEPS = 7;

export function contentHash(content: unknown): string {
  return createHash('sha256').update(stableJson(content)).digest('hex');
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Db,
    private readonly repository: ReportsRepository,
    private readonly audit: AuditService,
    private readonly purchases: PurchasesService,
    private readonly jobs: JobsService,
    private readonly sales: SalesService,
    private readonly stock: StockService,
  ) {}

  /** Queues the generation as a background job; the job's result names the stored report. */
  async enqueue(auth: TenantAuthContext, input: PeriodInput & { id?: string }): Promise<JobView> {
    resolvePeriod(input);
    return this.jobs.enqueue(auth, { kind: REGULATOR_REPORT_JOB, cooperativeId: auth.cooperativeId, payload: { ...input } });
  }

  async generate(auth: TenantAuthContext, input: PeriodInput & { id?: string }, hooks: GenerationHooks = {}): Promise<ReportMeta & { content: RegulatorReport }> {
    const period = resolvePeriod(input);
    let done = 0;
    const step = async (): Promise<void> => {
      done += 1;
      await hooks.progress?.(done, GENERATION_STEPS);
    };
    await hooks.progress?.(0, GENERATION_STEPS);
    // Verified in its own read of the ledger just before the figures; the result is part of the report.
    const verification = await this.purchases.verify(auth);
    await step();
    return this.db.inScope(auth.scope, async (tx) => {
      const generatedAt = new Date();
      const content = await this.compose(tx, auth.cooperativeId, period, generatedAt, verification.ok ? null : verification.problem, step);
      const previous = await this.repository.latestVersion(tx, auth.cooperativeId, period);
      const version = (previous?.version ?? 0) + 1;
      const changes = previous === null ? [] : diffReports(previous.content, content);
      const id = input.id ?? randomUUID();
      if ((await this.repository.get(tx, auth.cooperativeId, id)) !== null) throw new DomainError('REPORT_ID_TAKEN', { id }, 'conflict');
      const hash = contentHash(content);
      await tx.insert(ReportRecord, {
        cooperativeId: auth.cooperativeId, id, kind: 'regulator', periodKey: period.key, periodFrom: period.from, periodTo: period.to,
        version, content, contentHash: hash, changes, ledgerOk: verification.ok, generatedBy: auth.userId, generatedAt,
      });
      await this.audit.record(tx, auth, {
        action: 'report.generated', entity: 'report', entityId: id,
        after: { periodKey: period.key, version, contentHash: hash, changedFigures: changes.length },
      });
      const row = await this.repository.get(tx, auth.cooperativeId, id);
      if (row === null) throw new Error('The report just written is missing');
      const meta = metaOf(row);
      // Progress first: once the job row is locked by this transaction, a progress write from another would wait on it.
      await step();
      await hooks.beforeCommit?.(tx, meta);
      return { ...meta, content };
    });
  }

  async list(auth: TenantAuthContext): Promise<ReportMeta[]> {
    return this.db.inScope(auth.scope, async (tx) => (await this.repository.list(tx, auth.cooperativeId)).map(metaOf));
  }

  async get(auth: TenantAuthContext, id: string): Promise<ReportMeta & { content: RegulatorReport }> {
    return this.db.inScope(auth.scope, async (tx) => {
      const row = await this.repository.get(tx, auth.cooperativeId, id);
      if (row === null) throw new DomainError('REPORT_NOT_FOUND', { id }, 'not_found');
      return { ...metaOf(row), content: row.content as RegulatorReport };
    });
  }

  /**
   * The figures of one cooperative and period, read in the caller's transaction (also used,
   * read-only, for the jurisdiction report). `step` is told after each group of sections.
   */
  async compose(
    tx: EntityManager, cooperativeId: string, period: ReportPeriod, generatedAt: Date, ledgerProblem: string | null,
    step: () => Promise<void> = () => Promise.resolve(),
  ): Promise<RegulatorReport> {
    const cooperative = await this.repository.cooperative(tx, cooperativeId);
    if (cooperative === null) throw new DomainError('NOT_FOUND', {}, 'not_found');

    const purchaseRows = await this.repository.purchases(tx, cooperativeId, period);
    const totals = new Map<string, { count: number; netMassMg: number; valueMinor: number }>();
    for (const row of purchaseRows) {
      const total = totals.get(row.currency) ?? { count: 0, netMassMg: 0, valueMinor: 0 };
      totals.set(row.currency, { count: total.count + num(row.count), netMassMg: total.netMassMg + num(row.net_mg), valueMinor: total.valueMinor + num(row.value_minor) });
    }

    const monthly = await this.repository.monthlyPurchases(tx, cooperativeId, period);
    const sales = (await this.sales.salesBetween(tx, cooperativeId, period.from, period.to)).map((sale): ReportedSale => ({
      buyer: { id: sale.buyer.id, name: sale.buyer.name }, mineral: sale.mineral, currency: sale.currency, netMg: sale.netMg, amountMinor: sale.amountMinor,
      measurement: sale.buyerMeasurement === null ? null : {
        netMg: sale.buyerMeasurement.netMg, ourNetMg: sale.buyerMeasurement.ours.netMg, massDiffMg: sale.buyerMeasurement.massDiffMg, exceeds: sale.buyerMeasurement.exceeds,
      },
    }));
    const stockAtStart = await this.stock.stockOn(tx, cooperativeId, addDays(period.from, -1));
    const stockAtEnd = await this.stock.stockOn(tx, cooperativeId, period.to);
    await step();
    const gate = await this.repository.gate(tx, cooperativeId, period);
    const denials = await this.repository.denialsByReason(tx, cooperativeId, period);
    await step();
    const savingsCounts = await this.repository.savingsCounts(tx, cooperativeId, period.to);
    const savings = await this.repository.savingsBalances(tx, cooperativeId, period.to);
    const loans = loanPortfolioByCurrency(await this.repository.loanBooks(tx, cooperativeId, period.to), period.to);
    await step();
    const elections = await this.repository.elections(tx, cooperativeId, period);
    const bylaws = await this.repository.bylawVersions(tx, cooperativeId, period.to);
    const adoptedInPeriod = bylaws.filter((b) => compareIsoDates(b.adopted_on, period.from) >= 0).length;
    const late = bylaws.filter((b) => {
      const status = bylawDeclarationStatus({ adoptedOn: b.adopted_on, today: period.to, ...(b.declared_on === null ? {} : { declaredOn: b.declared_on }) }).status;
      return status === 'late' || status === 'overdue';
    }).length;
    const cases = await this.repository.childLabourCases(tx, cooperativeId, period);
    const head = await this.repository.ledgerHead(tx, cooperativeId);
    const members = await this.members(tx, cooperativeId, period);
    await step();
    const flags = await this.flags(tx, cooperativeId, period, cooperative.timezone, generatedAt);
    await step();

    return {
      schema: 'regulator-report/1',
      cooperative: {
        id: cooperative.id, name: cooperative.name, legalForm: cooperative.legal_form, registrationNumber: cooperative.registration_number,
        approvalNumber: cooperative.approval_number, country: cooperative.country, province: cooperative.province,
        territory: cooperative.territory, timezone: cooperative.timezone,
      },
      period: { key: period.key, from: period.from, to: period.to },
      generatedAt: generatedAt.toISOString(),
      purchases: {
        rows: purchaseRows.map((row) => ({
          key: `${row.site_id ?? '-'}|${row.mineral}|${row.currency}`, siteId: row.site_id, siteName: row.site_name, mineral: row.mineral,
          currency: row.currency, count: num(row.count), netMassMg: num(row.net_mg), valueMinor: num(row.value_minor),
        })),
        totals: [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, total]) => ({ key: currency, currency, ...total })),
        reversals: purchaseRows.reduce((sum, row) => sum + num(row.reversals), 0),
        monthlyByMineral: monthly.map((row) => ({ key: `${row.month}|${row.mineral}`, month: row.month, mineral: row.mineral, count: num(row.count), netMassMg: num(row.net_mg) })),
      },
      members,
      access: {
        entries: num(gate.entries), denials: num(gate.denials),
        denialsByReason: Object.fromEntries(denials.map((row) => [row.code, num(row.count)])),
        minorsTurnedAway: num(gate.minors),
      },
      risks: {
        flags,
        childLabourCases: {
          openedInPeriod: cases.reduce((sum, row) => sum + num(row.opened), 0),
          byStatus: Object.fromEntries(cases.map((row) => [row.state, num(row.total)])),
        },
      },
      governance: {
        assemblies: (await this.repository.assemblies(tx, cooperativeId, period)).map((a) => ({ key: a.id, kind: a.kind, heldOn: a.held_on, quorumReached: a.quorum_reached })),
        elections: { held: num(elections.held), certified: num(elections.certified) },
        bylawVersionsAdopted: adoptedInPeriod,
        lateDeclarations: late,
      },
      savings: {
        groups: num(savingsCounts.groups), members: num(savingsCounts.members),
        byCurrency: savings.map((row) => ({
          key: row.currency, currency: row.currency, sharesValueMinor: num(row.shares_value), loansDisbursedPrincipalMinor: num(row.disbursed),
          loanRepaymentsMinor: num(row.repaid), loanFundMinor: num(row.loan_fund), socialFundMinor: num(row.social_fund),
        })),
        loans,
      },
      ledger: { headHash: head?.last_hash ?? null, lastSequence: head?.last_sequence ?? 0, verified: ledgerProblem === null, problem: ledgerProblem },
      sales: { rows: salesByBuyer(sales) },
      stock: { rows: stockAtBothEnds(stockAtStart, stockAtEnd) },
      fees: NOT_AVAILABLE,
    };
  }

  /** Members are miners active or suspended at the period's end, by the status history. */
  private async members(tx: EntityManager, cooperativeId: string, period: ReportPeriod): Promise<RegulatorReport['members']> {
    const miners = await this.repository.miners(tx, cooperativeId);
    const changes = await this.repository.statusChanges(tx, cooperativeId, period.to);
    const cardRows = await this.repository.cards(tx, cooperativeId);
    const statusAtEnd = new Map<string, string>();
    const joined = new Set<string>();
    let exitedInPeriod = 0;
    for (const change of changes) {
      const inPeriod = compareIsoDates(change.effective_on, period.from) >= 0;
      if (change.to_status === 'active' && !statusAtEnd.has(change.miner_id) && inPeriod) joined.add(change.miner_id);
      if (change.to_status === 'active' && statusAtEnd.get(change.miner_id) === 'applicant' && inPeriod) joined.add(change.miner_id);
      if (change.to_status === 'exited' && inPeriod) exitedInPeriod += 1;
      statusAtEnd.set(change.miner_id, change.to_status);
    }
    const cards = new Map<string, MinerCard[]>();
    for (const row of cardRows) cards.set(row.miner_id, [...(cards.get(row.miner_id) ?? []), { cardNumber: row.card_number, issuedOn: row.issued_on, expiresOn: row.expires_on }]);

    const bySex = { F: 0, M: 0 };
    const byAgeBand = count(AGE_BANDS);
    const cardCounts = { valid: 0, expiring: 0, expired: 0, none: 0 };
    let total = 0;
    for (const miner of miners) {
      const status = statusAtEnd.get(miner.id);
      if (status !== 'active' && status !== 'suspended') continue;
      total += 1;
      bySex[miner.sex] += 1;
      const birth: Birth | null = miner.date_of_birth !== null ? { estimated: false, date: miner.date_of_birth }
        : miner.birth_year !== null ? { estimated: true, year: miner.birth_year } : null;
      if (birth !== null) byAgeBand[ageBandOn(birth, period.to)] += 1;
      const standing = cardStatusOn(cards.get(miner.id) ?? [], period.to).status;
      cardCounts[standing === 'not_yet_valid' ? 'none' : standing] += 1;
    }
    return { total, bySex, byAgeBand, newInPeriod: [...joined].filter((id) => statusAtEnd.has(id)).length, exitedInPeriod, cards: cardCounts };
  }

  /** Opened and closed in the period; overdue as of the period's end (or now, when earlier). */
  private async flags(tx: EntityManager, cooperativeId: string, period: ReportPeriod, timezone: string, now: Date): Promise<RegulatorReport['risks']['flags']> {
    const flags = await this.repository.flags(tx, cooperativeId, period);
    const actions = await this.repository.correctiveActions(tx, cooperativeId);
    const offset = utcOffsetMinutesOf(timezone, now);
    const periodEnd = new Date(Date.parse(`${period.to}T23:59:59.999Z`) - offset * 60_000);
    const asOf = periodEnd.getTime() < now.getTime() ? periodEnd : now;
    const criticalAcknowledgementHours = await criticalAckHoursOf(tx, cooperativeId);
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

