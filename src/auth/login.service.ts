import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import { normaliseLogin } from './login.js';
import { decoyPasswordHash, verifyPassword } from './password.js';
import { ADDRESS_LIMIT, isThrottled, LOGIN_LIMIT, secondsUntilRetry, type ThrottleLimit, type ThrottleWindow } from './login-throttle.js';

/** A malformed login cannot exist, but it is counted and refused like any other. */
function loginKey(raw: string): string {
  try {
    return normaliseLogin(raw).login;
  } catch {
    return raw.trim().toLowerCase();
  }
}

const SYSTEM = { cooperativeIds: [], userId: null, readOnly: false } as const;

/**
 * Checks a login and password with one uniform failure, whether the login exists or not,
 * and counts failures per login and per address.
 */
@Injectable()
export class LoginService {
  constructor(private readonly db: Db) {}

  async verify(rawLogin: string, password: string, address: string): Promise<string> {
    const login = loginKey(rawLogin);
    const keys: [string, ThrottleLimit][] = [
      [`login:${login}`, LOGIN_LIMIT],
      [`address:${address}`, ADDRESS_LIMIT],
    ];
    const now = new Date();
    const windows = await this.db.inScope(SYSTEM, (tx) => this.windows(tx, keys.map(([key]) => key)));
    for (const [key, limit] of keys) {
      const window = windows.get(key);
      if (window && isThrottled(window, limit, now)) {
        throw new DomainError('LOGIN_THROTTLED', { retryAfterSeconds: secondsUntilRetry(window, limit, now) }, 'too_many_requests');
      }
    }
    const [user] = await this.db.inScope(SYSTEM, (tx) =>
      tx.query<{ id: string; password_hash: string; disabled: boolean }[]>(
        'SELECT id, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE login = $1',
        [login],
      ),
    );
    const valid = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
    if (!user || !valid || user.disabled) {
      await this.db.inScope(SYSTEM, (tx) => this.recordFailure(tx, keys, now));
      throw new DomainError('INVALID_CREDENTIALS', {}, 'unauthenticated');
    }
    await this.db.inScope(SYSTEM, (tx) => tx.query('DELETE FROM login_throttle WHERE key = $1', [`login:${login}`]));
    return user.id;
  }

  private async windows(tx: EntityManager, keys: string[]): Promise<Map<string, ThrottleWindow>> {
    const rows = await tx.query<{ key: string; window_started_at: Date; failures: number }[]>(
      'SELECT key, window_started_at, failures FROM login_throttle WHERE key = ANY($1)',
      [keys],
    );
    return new Map(rows.map((row) => [row.key, { windowStartedAt: row.window_started_at, failures: row.failures }]));
  }

  private async recordFailure(tx: EntityManager, keys: [string, ThrottleLimit][], now: Date): Promise<void> {
    for (const [key, limit] of keys) {
      await tx.query(
        `INSERT INTO login_throttle (key, window_started_at, failures) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN login_throttle.window_started_at <= $2 - make_interval(secs => $3) THEN 1 ELSE login_throttle.failures + 1 END,
           window_started_at = CASE WHEN login_throttle.window_started_at <= $2 - make_interval(secs => $3) THEN $2 ELSE login_throttle.window_started_at END`,
        [key, now, limit.windowMs / 1000],
      );
    }
  }
}
