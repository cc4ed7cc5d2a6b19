import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { AccessService } from '../auth/access.service.js';
import type { JobContext } from '../jobs/job-handler.js';
import { JobsService } from '../jobs/jobs.service.js';
import { JURISDICTION_REPORT_JOB, type JurisdictionReportInput, JurisdictionReportsService } from './jurisdiction-reports.service.js';
import { REGULATOR_REPORT_JOB, ReportsService } from './reports.service.js';
import type { PeriodInput } from './rules/period.js';

/**
 * Runs report generations queued as jobs. The requester's rights are checked again when the
 * job runs (they may have lost the role since), with the same rules as the HTTP route.
 */
@Injectable()
export class ReportJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly access: AccessService,
    private readonly reports: ReportsService,
    private readonly jurisdictionReports: JurisdictionReportsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ kind: REGULATOR_REPORT_JOB, run: (job) => this.regulator(job) });
    this.jobs.register({ kind: JURISDICTION_REPORT_JOB, run: (job) => this.jurisdiction(job) });
  }

  private async regulator(job: JobContext): Promise<void> {
    const cooperativeId = job.cooperativeId;
    if (cooperativeId === null) throw new Error(`Report job ${job.id} has no cooperative`);
    const auth = { ...(await this.access.resolve(job.requestedBy, `job:${job.id}`, cooperativeId, ['admin'], 'POST')), cooperativeId } satisfies TenantAuthContext;
    await this.reports.generate(auth, job.payload as PeriodInput & { id?: string }, {
      progress: (done, total) => job.progress(done, total),
      beforeCommit: (tx, stored) => job.complete(tx, { reportId: stored.id, version: stored.version, href: `/api/v1/cooperatives/${cooperativeId}/reports/${stored.id}` }),
    });
  }

  private async jurisdiction(job: JobContext): Promise<void> {
    const auth = await this.access.resolve(job.requestedBy, `job:${job.id}`, null, ['supervisor'], 'GET');
    await this.jurisdictionReports.generate(auth, job.payload as JurisdictionReportInput, {
      progress: (done, total) => job.progress(done, total),
      beforeCommit: (tx, stored) => job.complete(tx, { reportId: stored.id, version: stored.version, href: `/api/v1/supervision/reports/${stored.id}` }),
    });
  }
}
