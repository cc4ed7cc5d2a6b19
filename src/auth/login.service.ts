import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import { AccountsRepository } from './accounts.repository.js';
import { normaliseLogin } from './login.js';
import { decoyPasswordHash, verifyPassword } from './password.js';
import { ADDRESS_LIMIT, exceedsLimit, LOGIN_LIMIT, secondsUntilRetry, type ThrottleLimit } from './login-throttle.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';

/** A malformed login cannot exist, but it is counted and refused like any other. */
export function loginKey(raw: string): string {
  try {
    return normaliseLogin(raw).login;
  } catch {
    return raw.trim().toLowerCase();
  }
}

/**
 * Checks a login and password with one uniform failure, whether the login exists or not,
 * and counts attempts per login and per address: each attempt is counted before its secret is
 * checked, so parallel guesses are throttled like sequential ones.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsRepository,
    private readonly throttle: LoginThrottleRepository,
  ) {}

  async verify(rawLogin: string, password: string, address: string): Promise<string> {
    const login = loginKey(rawLogin);
    return this.throttled(login, address, () => new DomainError('INVALID_CREDENTIALS', {}, 'unauthenticated'), async () => {
      const user = await this.db.run(Scopes.anonymous(), (tx) => this.accounts.credentialsOfLogin(tx, login));
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
    const counted = await this.db.run(Scopes.anonymous(), async (tx) => {
      const windows = [];
      for (const [key, limit] of keys) windows.push(await this.throttle.countAttempt(tx, key, limit, now));
      return windows;
    });
    keys.forEach(([, limit], index) => {
      if (exceedsLimit(counted[index], limit, now)) {
        throw new DomainError('LOGIN_THROTTLED', { retryAfterSeconds: secondsUntilRetry(counted[index], limit, now) }, 'too_many_requests');
      }
    });
    const outcome = await check();
    if (outcome === null) throw failure();
    await this.db.run(Scopes.anonymous(), async (tx) => {
      await this.throttle.forgetAttempts(tx, keys[0][0]);
      await this.throttle.giveAttemptBack(tx, keys[1][0]);
    });
    return outcome;
  }
}
