/**
 * Login-attempt counting by fixed windows: pure, so the limits are unit-tested; the counters
 * themselves live in PostgreSQL so that every instance shares them.
 *
 * An attempt is counted before its password is checked (one atomic upsert), so that a burst of
 * parallel guesses cannot all pass before the first failure is written; a successful login
 * then clears its login's counter and gives its address the attempt back.
 */
export interface ThrottleWindow {
  readonly windowStartedAt: Date;
  /** Attempts counted in this window, the current one included. */
  readonly failures: number;
}

export interface ThrottleLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export const LOGIN_LIMIT: ThrottleLimit = { maxFailures: 5, windowMs: 15 * 60_000 };
export const ADDRESS_LIMIT: ThrottleLimit = { maxFailures: 50, windowMs: 15 * 60_000 };

/** Whether earlier attempts already used the window up (`failures` counts those before this one). */
export function isThrottled(window: ThrottleWindow | undefined, limit: ThrottleLimit, now: Date): boolean {
  if (!window) return false;
  return now.getTime() - window.windowStartedAt.getTime() < limit.windowMs && window.failures >= limit.maxFailures;
}

/** Whether the attempt just counted (included in `failures`) goes over the limit. */
export function exceedsLimit(counted: ThrottleWindow, limit: ThrottleLimit, now: Date): boolean {
  return isThrottled({ windowStartedAt: counted.windowStartedAt, failures: counted.failures - 1 }, limit, now);
}

export function secondsUntilRetry(window: ThrottleWindow, limit: ThrottleLimit, now: Date): number {
  return Math.max(1, Math.ceil((window.windowStartedAt.getTime() + limit.windowMs - now.getTime()) / 1000));
}
