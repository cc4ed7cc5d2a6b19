import type { EntityManager } from 'typeorm';
import type { Tx } from '../database/tx.js';

/** What a job's handler is given: its input, whom it runs for, and how to report back. */
export interface JobContext {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly requestedBy: string;
  readonly cooperativeId: string | null;
  /** Counts of units done out of the total; also a heartbeat. */
  progress(done: number, total: number): Promise<void>;
  /**
   * Marks the job succeeded inside the handler's own transaction, so that its effect (a
   * stored report) and the job's completion commit together or not at all. Throws when
   * another worker has taken the job over, which rolls the effect back.
   */
  complete(tx: Tx | EntityManager, result: Record<string, unknown>): Promise<void>;
}

export interface JobHandler {
  readonly kind: string;
  run(context: JobContext): Promise<void>;
}

/** The worker no longer holds the job (another one took it over): its work must not commit. */
export class JobLostError extends Error {
  constructor(readonly jobId: string) {
    super(`Job ${jobId} is no longer held by this worker`);
    this.name = 'JobLostError';
  }
}
