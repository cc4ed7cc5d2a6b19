/**
 * Failed-login counting by fixed windows: pure, so the limits are unit-tested; the counters
 * themselves live in PostgreSQL so that every instance shares them.
 */
export interface ThrottleWindow {
  readonly windowStartedAt: Date;
  readonly failures: number;
}

export interface ThrottleLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export const LOGIN_LIMIT: ThrottleLimit = { maxFailures: 5, windowMs: 15 * 60_000 };
export const ADDRESS_LIMIT: ThrottleLimit = { maxFailures: 50, windowMs: 15 * 60_000 };

export function isThrottled(window: ThrottleWindow | undefined, limit: ThrottleLimit, now: Date): boolean {
  if (!window) return false;
  return now.getTime() - window.windowStartedAt.getTime() < limit.windowMs && window.failures >= limit.maxFailures;
}

export function secondsUntilRetry(window: ThrottleWindow, limit: ThrottleLimit, now: Date): number {
  return Math.max(1, Math.ceil((window.windowStartedAt.getTime() + limit.windowMs - now.getTime()) / 1000));
}
