import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthContext, TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { JobView } from '../jobs/dto/job.view.js';
import { JobsService } from '../jobs/jobs.service.js';
import { PurchasesService } from '../purchases/purchases.service.js';
import { type JurisdictionReportRow, JurisdictionReportsRepository } from './jurisdiction-reports.repository.js';
import type { JurisdictionReportSummaryView, JurisdictionReportView } from './dto/report.view.js';
import { RegulatorReportComposer } from './regulator-report-composer.js';
import type { RegulatorReport } from './report-content.js';
import { contentHash, type GenerationHooks } from './reports.service.js';
import { aggregateJurisdiction, type JurisdictionReport } from './rules/jurisdiction.js';
import { type PeriodInput, type ReportPeriod, resolvePeriod } from './rules/period.js';

export const JURISDICTION_REPORT_JOB = 'report.jurisdiction';

/** Cooperatives composed at the same time by a province report (two transactions each at most: verification, figures). */
const COOPERATIVES_AT_ONCE = 3;

export interface JurisdictionReportInput extends PeriodInput {
  readonly province: string;
  readonly country?: string;
}

function summaryOf(row: JurisdictionReportRow): JurisdictionReportSummaryView {
  return {
    id: row.id, country: row.country, province: row.province, periodKey: row.period_key, periodFrom: row.period_from, periodTo: row.period_to,
    version: row.version, contentHash: row.content_hash, verificationCode: row.content_hash.slice(0, 12), generatedAt: row.generated_at.toISOString(),
    generatedBy: row.generated_by,
  };
}

/**
 * Province-wide reports for supervisors: each cooperative of the province is read in its
 * own read-only transaction (the figures of its regulator report, composed afresh, not
 * stored as a cooperative report), then summed with a row per cooperative. Only the
 * jurisdiction report itself is written (on the primary); every read of a generation, and
 * the stored reports, are on the read replica when one serves the caller.
 */
@Injectable()
export class JurisdictionReportsService {
  constructor(
    private readonly db: Db,
    private readonly repository: JurisdictionReportsRepository,
    private readonly composer: RegulatorReportComposer,
    private readonly purchases: PurchasesService,
    private readonly jobs: JobsService,
  ) {}

  /** Always a background job: a province holds many cooperatives. */
  async enqueue(auth: AuthContext, input: JurisdictionReportInput): Promise<JobView> {
    resolvePeriod(input);
    const jurisdiction = await this.jurisdictionOf(auth, input);
    return this.jobs.enqueue(auth, { kind: JURISDICTION_REPORT_JOB, cooperativeId: null, payload: { ...input, country: jurisdiction.country } });
  }

  /**
   * The supervisor's own rows (jobs, jurisdiction reports) are read and written in their
   * account scope, where no cooperative's data is open.
   */
  async generate(auth: AuthContext, input: JurisdictionReportInput, hooks: GenerationHooks = {}): Promise<JurisdictionReportView> {
    const period = resolvePeriod(input);
    const jurisdiction = await this.jurisdictionOf(auth, input);
    const cooperatives = await this.db.runRead(Scopes.account(auth.userId, true), (tx) => this.repository.cooperatives(tx, jurisdiction.country, jurisdiction.province));
    const total = cooperatives.length + 1;
    await hooks.progress?.(0, total);
    const generatedAt = new Date();
    // A few cooperatives at a time, each in its own transactions; the rows keep the province's order.
    const reports: RegulatorReport[] = new Array<RegulatorReport>(cooperatives.length);
    let next = 0;
    let done = 0;
    let progress = Promise.resolve();
    const worker = async (): Promise<void> => {
      while (next < cooperatives.length) {
        const index = next;
        next += 1;
        reports[index] = await this.cooperativeFigures(auth, cooperatives[index].id, period, generatedAt);
        done += 1;
        const reached = done;
        progress = progress.then(() => hooks.progress?.(reached, total));
        await progress;
      }
    };
    await Promise.all(Array.from({ length: Math.min(COOPERATIVES_AT_ONCE, cooperatives.length) }, worker));
    const content = aggregateJurisdiction(jurisdiction, period, generatedAt.toISOString(), reports);
    const id = randomUUID();
    return this.db.run(Scopes.account(auth.userId, false), async (tx) => {
      const version = (await this.repository.latestVersion(tx, jurisdiction.country, jurisdiction.province, period)) + 1;
      await this.repository.insert(tx, { id, ...jurisdiction, period, version, content, contentHash: contentHash(content), generatedBy: auth.userId, generatedAt });
      const row = await this.repository.get(tx, id);
      if (row === null) throw new Error('The jurisdiction report just written is missing');
      await hooks.beforeCommit?.(tx, { id, version });
      return { ...summaryOf(row), content };
    });
  }

  async list(auth: AuthContext): Promise<JurisdictionReportSummaryView[]> {
    return this.db.runRead(Scopes.account(auth.userId, true), async (tx) => (await this.repository.list(tx)).map(summaryOf));
  }

  async get(auth: AuthContext, id: string): Promise<JurisdictionReportView> {
    // Refused inside the read: a report the replica does not have yet is then looked up on the primary.
    const row = await this.db.runRead(Scopes.account(auth.userId, true), async (tx) => {
      const found = await this.repository.get(tx, id);
      if (found === null) throw new DomainError('JURISDICTION_REPORT_NOT_FOUND', { id }, 'not_found');
      return found;
    });
    return { ...summaryOf(row), content: row.content as JurisdictionReport };
  }

  /**
   * One cooperative's figures, in a read-only transaction of their own on purpose: each opens
   * row-level security to that one cooperative only, so no query of the composer can mix two
   * cooperatives' rows, and a province of many cooperatives holds no transaction open for
   * the whole run. The ledger verification is the purchases module's own (its transaction).
   */
  private async cooperativeFigures(auth: AuthContext, cooperativeId: string, period: ReportPeriod, generatedAt: Date): Promise<RegulatorReport> {
    const reader: TenantAuthContext = { ...auth, cooperativeId, scope: Scopes.supervisorRead(auth.userId, [cooperativeId]) };
    const verification = await this.purchases.verify(reader);
    // The rollups are checked by each cooperative's own report generation, not once more here.
    return this.db.tenantRead(reader, (tx) => this.composer.compose(tx, period, generatedAt, verification.ok ? null : verification.problem, undefined, { checkRollups: false }));
  }

  /** The (country, province) the caller supervises matching the request; the country may be left out when unambiguous. */
  private async jurisdictionOf(auth: AuthContext, input: JurisdictionReportInput): Promise<{ country: string; province: string }> {
    // On the primary: a supervisor appointed a moment ago is not refused by a standby that has not replayed it.
    const held = await this.db.run(Scopes.account(auth.userId, true), (tx) => this.repository.jurisdictions(tx, auth.userId));
    const matching = held.filter((j) => j.province === input.province && (input.country === undefined || j.country === input.country));
    if (matching.length !== 1) throw new DomainError('JURISDICTION_NOT_FOUND', { province: input.province }, 'not_found');
    return matching[0];
  }
}
