import type { EntityManager } from 'typeorm';
import type { ThrottleLimit, ThrottleWindow } from './login-throttle.js';

/**
 * Counts one attempt on the key in one statement (the row lock serialises parallel attempts)
 * and answers the window as it stands with this attempt included.
 */
export async function countAttempt(tx: EntityManager, key: string, limit: ThrottleLimit, now: Date): Promise<ThrottleWindow> {
  const [row] = await tx.query<{ window_started_at: Date; failures: number }[]>(
    `INSERT INTO login_throttle (key, window_started_at, failures) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN login_throttle.window_started_at <= $2 - make_interval(secs => $3) THEN 1 ELSE login_throttle.failures + 1 END,
       window_started_at = CASE WHEN login_throttle.window_started_at <= $2 - make_interval(secs => $3) THEN $2 ELSE login_throttle.window_started_at END
     RETURNING window_started_at, failures`,
    [key, now, limit.windowMs / 1000],
  );
  return { windowStartedAt: row.window_started_at, failures: row.failures };
}

/** A successful login: its login starts afresh. */
export async function forgetAttempts(tx: EntityManager, key: string): Promise<void> {
  await tx.query('DELETE FROM login_throttle WHERE key = $1', [key]);
}

/** A successful login does not use up its address's allowance (an office behind one NAT). */
export async function giveAttemptBack(tx: EntityManager, key: string): Promise<void> {
  await tx.query('UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE key = $1', [key]);
}
