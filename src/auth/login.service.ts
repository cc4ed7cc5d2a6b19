import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import { normaliseLogin } from './login.js';
import { decoyPasswordHash, verifyPassword } from './password.js';
import { ADDRESS_LIMIT, exceedsLimit, LOGIN_LIMIT, secondsUntilRetry, type ThrottleLimit } from './login-throttle.js';
import { countAttempt, forgetAttempts, giveAttemptBack } from './login-throttle.repository.js';

/** A malformed login cannot exist, but it is counted and refused like any other. */
export function loginKey(raw: string): string {
  try {
    return normaliseLogin(raw).login;
  } catch {
    return raw.trim().toLowerCase();
  }
}

const SYSTEM = { cooperativeIds: [], userId: null, readOnly: false } as const;

/**
 * Checks a login and password with one uniform failure, whether the login exists or not,
 * and counts attempts per login and per address: each attempt is counted before its secret is
 * checked, so parallel guesses are throttled like sequential ones.
 */
@Injectable()
export class LoginService {
  constructor(private readonly db: Db) {}

  async verify(rawLogin: string, password: string, address: string): Promise<string> {
    const login = loginKey(rawLogin);
    return this.throttled(login, address, () => new DomainError('INVALID_CREDENTIALS', {}, 'unauthenticated'), async () => {
      const [user] = await this.db.inScope(SYSTEM, (tx) =>
        tx.query<{ id: string; password_hash: string; disabled: boolean }[]>(
          'SELECT id, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE login = $1',
          [login],
        ),
      );
      const valid = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
      return user && valid && !user.disabled ? user.id : null;
    });
  }

  /**
   * Counts the attempt on the login and the address (refusing it when either is over its
   * limit), then runs the check; a check that answers null is a failure and stays counted.
   */
  async throttled<T>(login: string, address: string, failure: () => DomainError, check: () => Promise<T | null>): Promise<T> {
    const keys: [string, ThrottleLimit][] = [
      [`login:${login}`, LOGIN_LIMIT],
      [`address:${address}`, ADDRESS_LIMIT],
    ];
    const now = new Date();
    const counted = await this.db.inScope(SYSTEM, async (tx) => {
      const windows = [];
      for (const [key, limit] of keys) windows.push(await countAttempt(tx, key, limit, now));
      return windows;
    });
    keys.forEach(([, limit], index) => {
      if (exceedsLimit(counted[index], limit, now)) {
        throw new DomainError('LOGIN_THROTTLED', { retryAfterSeconds: secondsUntilRetry(counted[index], limit, now) }, 'too_many_requests');
      }
    });
    const outcome = await check();
    if (outcome === null) throw failure();
    await this.db.inScope(SYSTEM, async (tx) => {
      await forgetAttempts(tx, keys[0][0]);
      await giveAttemptBack(tx, keys[1][0]);
    });
    return outcome;
  }
}
