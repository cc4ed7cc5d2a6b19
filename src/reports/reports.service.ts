import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { stableJson } from '../common/stable-json.js';
import { Db } from '../database/db.js';
import type { Tx } from '../database/tx.js';
import type { JobView } from '../jobs/dto/job.view.js';
import { JobsService } from '../jobs/jobs.service.js';
import { PurchasesService } from '../purchases/purchases.service.js';
import type { RegulatorReportSummaryView, RegulatorReportView } from './dto/report.view.js';
import { RegulatorReportComposer } from './regulator-report-composer.js';
import type { RegulatorReport } from './report-content.js';
import { type ReportRow, ReportsRepository } from './reports.repository.js';
import { diffReports, type FigureChange } from './rules/diff.js';
import { type PeriodInput, resolvePeriod } from './rules/period.js';

export const REGULATOR_REPORT_JOB = 'report.regulator';

function summaryOf(row: ReportRow): RegulatorReportSummaryView {
  return {
    id: row.id, periodKey: row.period_key, periodFrom: row.period_from, periodTo: row.period_to, version: row.version,
    contentHash: row.content_hash, verificationCode: row.content_hash.slice(0, 12), ledgerOk: row.ledger_ok,
    generatedAt: row.generated_at.toISOString(), generatedBy: row.generated_by, changes: row.changes as FigureChange[],
  };
}

/** What a background run of `generate` hooks into: progress, and completing its job in the same transaction. */
export interface GenerationHooks {
  progress?(done: number, total: number): Promise<void>;
  beforeCommit?(tx: Tx, stored: { id: string; version: number }): Promise<void>;
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
    private readonly composer: RegulatorReportComposer,
    private readonly audit: AuditService,
    private readonly purchases: PurchasesService,
    private readonly jobs: JobsService,
  ) {}

  /** Queues the generation as a background job; the job's result names the stored report. */
  async enqueue(auth: TenantAuthContext, input: PeriodInput & { id?: string }): Promise<JobView> {
    resolvePeriod(input);
    return this.jobs.enqueue(auth, { kind: REGULATOR_REPORT_JOB, cooperativeId: auth.cooperativeId, payload: { ...input } });
  }

  /**
   * Composes and stores a new version of the period's report. The ledger is verified first
   * by the purchases module's own use case, in its own transaction (it streams the whole
   * chain): its verdict is part of the report.
   */
  async generate(auth: TenantAuthContext, input: PeriodInput & { id?: string }, hooks: GenerationHooks = {}): Promise<RegulatorReportView> {
    const period = resolvePeriod(input);
    let done = 0;
    const step = async (): Promise<void> => {
      done += 1;
      await hooks.progress?.(done, GENERATION_STEPS);
    };
    await hooks.progress?.(0, GENERATION_STEPS);
    const verification = await this.purchases.verify(auth);
    await step();
    return this.db.tenant(auth, async (tx) => {
      const generatedAt = new Date();
      const content = await this.composer.compose(tx, period, generatedAt, verification.ok ? null : verification.problem, step);
      const previous = await this.repository.latestVersion(tx, period);
      const version = (previous?.version ?? 0) + 1;
      const changes = previous === null ? [] : diffReports(previous.content, content);
      const id = input.id ?? randomUUID();
      if ((await this.repository.get(tx, id)) !== null) throw new DomainError('REPORT_ID_TAKEN', { id }, 'conflict');
      const hash = contentHash(content);
      await this.repository.insertReport(tx, { id, period, version, content, contentHash: hash, changes, ledgerOk: verification.ok, generatedBy: auth.userId, generatedAt });
      await this.audit.record(tx, auth, {
        action: 'report.generated', entity: 'report', entityId: id,
        after: { periodKey: period.key, version, contentHash: hash, changedFigures: changes.length },
      });
      const row = await this.repository.get(tx, id);
      if (row === null) throw new Error('The report just written is missing');
      const summary = summaryOf(row);
      // Progress first: once the job row is locked by this transaction, a progress write from another would wait on it.
      await step();
      await hooks.beforeCommit?.(tx, summary);
      return { ...summary, content };
    });
  }

  /** Stored reports are read on the read replica when one serves the caller (their own new version is read on the primary until it is there). */
  async list(auth: TenantAuthContext): Promise<RegulatorReportSummaryView[]> {
    return this.db.tenantRead(auth, async (tx) => (await this.repository.list(tx)).map(summaryOf));
  }

  async get(auth: TenantAuthContext, id: string): Promise<RegulatorReportView> {
    return this.db.tenantRead(auth, async (tx) => {
      const row = await this.repository.get(tx, id);
      if (row === null) throw new DomainError('REPORT_NOT_FOUND', { id }, 'not_found');
      return { ...summaryOf(row), content: row.content as RegulatorReport };
    });
  }
}
