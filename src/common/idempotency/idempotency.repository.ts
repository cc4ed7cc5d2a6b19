import type { EntityManager } from 'typeorm';
import type { Tx } from '../../database/tx.js';

export interface StoredAnswer {
  readonly request_hash: string;
  readonly status: number | null;
  readonly response: unknown;
}

export interface IdempotencyClaim {
  readonly userId: string;
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly requestHash: string;
}

/**
 * The SQL of the idempotency store. Rows live `retentionHours` (IDEMPOTENCY_RETENTION_HOURS):
 * an older row is never replayed, the caller's own expired rows go on each write and the job
 * worker purges everyone's (purgeExpired, under app.job_runner).
 */
export const idempotencyRepository = {
  /** Claims the key, or answers what an unexpired earlier request with it stored. */
  async claim(tx: Tx, claim: IdempotencyClaim, retentionHours: number): Promise<StoredAnswer | undefined> {
    await tx.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND created_at < now() - make_interval(hours => $2)`, [claim.userId, retentionHours]);
    const inserted = await tx.query<unknown[]>(
      `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [claim.userId, claim.key, claim.method, claim.path, claim.requestHash],
    );
    if (inserted.length > 0) return undefined;
    const [existing] = await tx.query<StoredAnswer[]>('SELECT request_hash, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2', [
      claim.userId,
      claim.key,
    ]);
    return existing;
  },

  async complete(tx: Tx, userId: string, key: string, status: number, body: unknown): Promise<void> {
    await tx.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE user_id = $1 AND key = $2', [userId, key, status, JSON.stringify(body)]);
  },

  async release(tx: Tx, userId: string, key: string): Promise<void> {
    await tx.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [userId, key]);
  },

  /** Every user's rows older than the retention; needs app.job_runner set in the transaction. */
  async purgeExpired(tx: Tx | EntityManager, retentionHours: number): Promise<number> {
    const rows = await tx.query<{ purged: number }[]>(
      `WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) RETURNING 1)
       SELECT count(*)::int AS purged FROM gone`,
      [retentionHours],
    );
    return rows[0]?.purged ?? 0;
  },
};
