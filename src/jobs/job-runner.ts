import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { Tx } from '../database/tx.js';
import { IdempotencyPurge } from './idempotency-purge.js';
import { JobLostError, type JobContext, type JobHandler } from './job-handler.js';
import { type JobRow, JobsRepository } from './jobs.repository.js';

/** A job whose worker died this many times is given up (JOB_ABANDONED) instead of retried. */
export const MAX_JOB_ATTEMPTS = 3;

/**
 * The worker of this process: polls the `jobs` table, runs one job at a time and sends
 * heartbeats while it does. Several processes may run it against one database; the claim
 * (FOR UPDATE SKIP LOCKED) and the `locked_by` check on every write keep a job to one
 * worker. On shutdown it stops claiming, waits for the job in hand, and hands it back to the
 * queue if the job was cut short, so that the next instance starts it again.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger(JobRunner.name);
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly repository: JobsRepository,
    private readonly idempotencyPurge: IdempotencyPurge,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** True once shutdown began: no new job is claimed and a job cut short goes back to the queue. */
  get isStopping(): boolean {
    return this.stopping;
  }

  register(handler: JobHandler): void {
    if (this.handlers.has(handler.kind)) throw new Error(`Two handlers for job kind ${handler.kind}`);
    this.handlers.set(handler.kind, handler);
  }

  onApplicationBootstrap(): void {
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.draining;
  }

  /** Looks for work now rather than at the next poll (called after a job is queued here). */
  wake(): void {
    if (this.config.JOBS_POLL_MS === 0 || this.stopping || this.draining !== null) return;
    this.schedule(0);
  }

  /** Claims and runs at most one job; false when there was none to take. */
  async runOnce(): Promise<boolean> {
    if (this.stopping) return false;
    const job = await this.asRunner(async (tx) => {
      await this.repository.abandonExhausted(tx, this.config.JOBS_STALE_AFTER_SECONDS, MAX_JOB_ATTEMPTS);
      return this.repository.claim(tx, this.workerId, this.config.JOBS_STALE_AFTER_SECONDS, MAX_JOB_ATTEMPTS);
    });
    if (job === null) return false;
    await this.execute(job);
    return true;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, delayMs);
  }

  private async drain(): Promise<void> {
    if (this.draining !== null || this.stopping) return;
    this.draining = (async () => {
      try {
        await this.idempotencyPurge.whenDue().catch((error: unknown) => this.logger.error({ err: error }, 'idempotency purge failed'));
        while (await this.runOnce());
      } catch (error) {
        this.logger.error({ err: error }, 'job worker: polling failed');
      }
    })();
    await this.draining;
    this.draining = null;
    if (!this.stopping && this.config.JOBS_POLL_MS > 0) this.schedule(this.config.JOBS_POLL_MS);
  }

  private async execute(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const heartbeat = setInterval(() => {
      void this.asRunner((tx) => this.repository.heartbeat(tx, job.id, this.workerId)).catch(() => undefined);
    }, Math.max(500, (this.config.JOBS_STALE_AFTER_SECONDS * 1000) / 4));
    let completed = false;
    const context: JobContext = {
      id: job.id, kind: job.kind, payload: job.payload, requestedBy: job.requested_by, cooperativeId: job.cooperative_id,
      progress: async (done, total) => {
        await this.asRunner((tx) => this.repository.progress(tx, job.id, this.workerId, done, total));
      },
      complete: async (tx, result) => {
        if (!(await this.repository.succeed(tx, job.id, this.workerId, result))) throw new JobLostError(job.id);
        completed = true;
      },
    };
    try {
      if (handler === undefined) throw new DomainError('JOB_KIND_UNKNOWN', { kind: job.kind });
      await handler.run(context);
      if (!completed) await this.asRunner((tx) => this.repository.succeed(tx, job.id, this.workerId, {}));
    } catch (error) {
      if (error instanceof JobLostError) return;
      if (this.stopping) {
        this.logger.warn({ jobId: job.id }, 'job worker: stopping, job handed back to the queue');
        await this.asRunner((tx) => this.repository.release(tx, job.id, this.workerId));
        return;
      }
      if (!(error instanceof DomainError)) this.logger.error({ err: error, jobId: job.id }, 'job failed');
      const reason = error instanceof DomainError ? { code: error.code, params: error.params } : { code: 'JOB_FAILED', params: {} };
      await this.asRunner((tx) => this.repository.fail(tx, job.id, this.workerId, reason));
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** The queue's own transactions: no tenant, but the policy lets the worker see every job. */
  private async asRunner<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.run(Scopes.system(), async (tx) => {
      await this.repository.actAsJobRunner(tx);
      return work(tx);
    });
  }
}
