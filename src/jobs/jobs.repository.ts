import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Tx } from '../database/tx.js';

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobRow {
  id: string; kind: string; cooperative_id: string | null; requested_by: string; payload: unknown; state: JobState;
  progress_done: number; progress_total: number; attempts: number; locked_by: string | null; heartbeat_at: Date | null;
  result: unknown; error: unknown; created_at: Date; started_at: Date | null; finished_at: Date | null;
}

export interface NewJob { id: string; kind: string; cooperativeId: string | null; requestedBy: string; payload: unknown }

const COLUMNS = `id, kind, cooperative_id, requested_by, payload, state, progress_done, progress_total, attempts, locked_by,
                 heartbeat_at, result, error, created_at, started_at, finished_at`;

/**
 * The queue's SQL. Every state change of a running job names the worker holding it
 * (`locked_by`), so a worker that lost its job to another (after missing heartbeats) can
 * neither report progress on it nor complete it. Updates go through a CTE so that the
 * driver hands back the rows touched.
 */
@Injectable()
export class JobsRepository {
  /** The queue's own transactions: no tenant, but the policy lets the job runner see every job. */
  async actAsJobRunner(tx: Tx): Promise<void> {
    await tx.query(`SELECT set_config('app.job_runner', 'on', true)`);
  }

  async insertJob(tx: Tx, job: NewJob): Promise<void> {
    await tx.query(
      'INSERT INTO jobs (id, kind, cooperative_id, requested_by, payload) VALUES ($1, $2, $3, $4, $5)',
      [job.id, job.kind, job.cooperativeId, job.requestedBy, JSON.stringify(job.payload)],
    );
  }

  async jobById(tx: Tx, id: string): Promise<JobRow | null> {
    const rows = await tx.query<JobRow[]>(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Takes the oldest job that is queued, or running under a worker silent for longer than
   * `staleAfterSeconds` (its process died): SKIP LOCKED lets concurrent workers each take a
   * different job instead of waiting on, or both taking, the same one.
   */
  async claim(tx: Tx, workerId: string, staleAfterSeconds: number, maxAttempts: number): Promise<JobRow | null> {
    const rows = await tx.query<JobRow[]>(
      `WITH next AS (
         SELECT id FROM jobs
          WHERE state = 'queued'
             OR (state = 'running' AND heartbeat_at < now() - make_interval(secs => $2) AND attempts < $3)
          ORDER BY created_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE jobs j SET state = 'running', locked_by = $1, heartbeat_at = now(), attempts = j.attempts + 1,
                started_at = coalesce(j.started_at, now())
           FROM next WHERE j.id = next.id
         RETURNING j.*
       )
       SELECT ${COLUMNS} FROM claimed`,
      [workerId, staleAfterSeconds, maxAttempts],
    );
    return rows[0] ?? null;
  }

  /** Jobs whose workers died `maxAttempts` times are given up rather than retried for ever. */
  async abandonExhausted(tx: Tx, staleAfterSeconds: number, maxAttempts: number): Promise<number> {
    const rows = await tx.query<{ id: string }[]>(
      `WITH gone AS (
         UPDATE jobs SET state = 'failed', locked_by = NULL, finished_at = now(), error = '{"code":"JOB_ABANDONED","params":{}}'
          WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => $1) AND attempts >= $2
         RETURNING id
       ) SELECT id FROM gone`,
      [staleAfterSeconds, maxAttempts],
    );
    return rows.length;
  }

  async heartbeat(tx: Tx, id: string, workerId: string): Promise<boolean> {
    return this.touched(tx, `UPDATE jobs SET heartbeat_at = now() WHERE id = $1 AND locked_by = $2 AND state = 'running' RETURNING id`, [id, workerId]);
  }

  async progress(tx: Tx, id: string, workerId: string, done: number, total: number): Promise<boolean> {
    return this.touched(
      tx,
      `UPDATE jobs SET progress_done = $3, progress_total = $4, heartbeat_at = now()
        WHERE id = $1 AND locked_by = $2 AND state = 'running' RETURNING id`,
      [id, workerId, done, total],
    );
  }

  /** `tx` may still be a bare EntityManager: a handler's own transaction not yet handed a Tx (reports). */
  async succeed(tx: Tx | EntityManager, id: string, workerId: string, result: unknown): Promise<boolean> {
    return this.touched(
      tx,
      `UPDATE jobs SET state = 'succeeded', locked_by = NULL, result = $3, finished_at = now(), progress_done = greatest(progress_done, progress_total)
        WHERE id = $1 AND locked_by = $2 AND state = 'running' RETURNING id`,
      [id, workerId, JSON.stringify(result)],
    );
  }

  async fail(tx: Tx, id: string, workerId: string, error: unknown): Promise<boolean> {
    return this.touched(
      tx,
      `UPDATE jobs SET state = 'failed', locked_by = NULL, error = $3, finished_at = now()
        WHERE id = $1 AND locked_by = $2 AND state = 'running' RETURNING id`,
      [id, workerId, JSON.stringify(error)],
    );
  }

  /** Hands a job back to the queue when its worker stops before finishing it. */
  async release(tx: Tx, id: string, workerId: string): Promise<boolean> {
    return this.touched(tx, `UPDATE jobs SET state = 'queued', locked_by = NULL WHERE id = $1 AND locked_by = $2 AND state = 'running' RETURNING id`, [id, workerId]);
  }

  private async touched(tx: Tx | EntityManager, update: string, params: unknown[]): Promise<boolean> {
    const rows = await tx.query<{ id: string }[]>(`WITH touched AS (${update}) SELECT id FROM touched`, params);
    return rows.length > 0;
  }
}
