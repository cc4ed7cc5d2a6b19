import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx.js';
import type { ThrottleLimit, ThrottleWindow } from './login-throttle.js';

/** The login-attempt counters, shared by every instance through PostgreSQL. */
@Injectable()
export class LoginThrottleRepository {
  /**
   * Counts one attempt on the key in one statement (the row lock serialises parallel attempts)
   * and answers the window as it stands with this attempt included.
   */
  async countAttempt(tx: Tx, key: string, limit: ThrottleLimit, now: Date): Promise<ThrottleWindow> {
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
  async forgetAttempts(tx: Tx, key: string): Promise<void> {
    await tx.query('DELETE FROM login_throttle WHERE key = $1', [key]);
  }

  /** A successful login does not use up its address's allowance (an office behind one NAT). */
  async giveAttemptBack(tx: Tx, key: string): Promise<void> {
    await tx.query('UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE key = $1', [key]);
  }
}
