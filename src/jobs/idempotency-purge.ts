import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { idempotencyRepository } from '../common/idempotency/idempotency.repository.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import { JobsRepository } from './jobs.repository.js';

/** The worker purges at most this often; a write also drops its own user's expired rows. */
export const IDEMPOTENCY_PURGE_EVERY_MS = 15 * 60_000;

/**
 * Deletes every idempotency row older than IDEMPOTENCY_RETENTION_HOURS, whoever stored it, so
 * that no stored answer (an anonymous report's, a registration's) outlives the retention in
 * the database or in its backups. Run by the job worker of each instance.
 */
@Injectable()
export class IdempotencyPurge {
  private lastRunAt: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** At the worker's polls: purges when the last purge is IDEMPOTENCY_PURGE_EVERY_MS old. */
  async whenDue(now = Date.now()): Promise<void> {
    if (this.lastRunAt !== null && now - this.lastRunAt < IDEMPOTENCY_PURGE_EVERY_MS) return;
    this.lastRunAt = now;
    await this.purgeExpired();
  }

  async purgeExpired(): Promise<number> {
    return this.db.run(Scopes.system(), async (tx) => {
      await this.jobs.actAsJobRunner(tx);
      return idempotencyRepository.purgeExpired(tx.manager, this.config.IDEMPOTENCY_RETENTION_HOURS);
    });
  }
}
