import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { JobHandler } from './job-handler.js';
import { JobRunner } from './job-runner.js';
import type { JobView } from './dto/job.view.js';
import { type JobRow, JobsRepository } from './jobs.repository.js';
import { jobProgress } from './rules/progress.js';

export interface JobRequest { kind: string; cooperativeId: string | null; payload: unknown }

function viewOf(row: JobRow): JobView {
  return {
    id: row.id, kind: row.kind, state: row.state, cooperativeId: row.cooperative_id, progress: jobProgress(row.progress_done, row.progress_total),
    attempts: row.attempts, result: row.result, error: row.error, createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null, finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** Queues work for the job workers and shows a job to the one who asked for it. */
@Injectable()
export class JobsService {
  constructor(
    private readonly db: Db,
    private readonly repository: JobsRepository,
    private readonly runner: JobRunner,
  ) {}

  register(handler: JobHandler): void {
    this.runner.register(handler);
  }

  /**
   * Queues a job for the caller. Its own small transaction: even a read-only supervisor may
   * queue a report job (the job row is theirs; the cooperatives' data is only read).
   */
  async enqueue(auth: AuthContext, request: JobRequest): Promise<JobView> {
    const id = randomUUID();
    const row = await this.db.run(Scopes.ownRequest(auth.userId, request.cooperativeId), async (tx) => {
      await this.repository.insertJob(tx, { id, kind: request.kind, cooperativeId: request.cooperativeId, requestedBy: auth.userId, payload: request.payload });
      return this.repository.jobById(tx, id);
    });
    if (row === null) throw new Error('The job just queued is not readable');
    this.runner.wake();
    return viewOf(row);
  }

  /** A job is visible to whoever queued it; anyone else gets 404, as for a job that does not exist. */
  async get(auth: AuthContext, id: string): Promise<JobView> {
    const row = await this.db.run(Scopes.account(auth.userId, true), (tx) => this.repository.jobById(tx, id));
    if (row === null) throw new DomainError('JOB_NOT_FOUND', { id }, 'not_found');
    return viewOf(row);
  }
}
