import { ADDRESS_LIMIT, exceedsLimit, isThrottled, LOGIN_LIMIT, secondsUntilRetry } from './login-throttle.js';

describe('login throttle', () => {
  const start = new Date('2026-11-23T10:00:00Z');
  const at = (ms: number): Date => new Date(start.getTime() + ms);

  it('lets the fifth failure through and blocks from the fifth recorded failure on', () => {
    expect(isThrottled({ windowStartedAt: start, failures: 4 }, LOGIN_LIMIT, at(1000))).toBe(false);
    expect(isThrottled({ windowStartedAt: start, failures: 5 }, LOGIN_LIMIT, at(1000))).toBe(true);
  });
  it('counts the attempt being made: the fifth goes through, the sixth is over the limit', () => {
    expect(exceedsLimit({ windowStartedAt: start, failures: 5 }, LOGIN_LIMIT, at(1000))).toBe(false);
    expect(exceedsLimit({ windowStartedAt: start, failures: 6 }, LOGIN_LIMIT, at(1000))).toBe(true);
    expect(exceedsLimit({ windowStartedAt: start, failures: 1 }, LOGIN_LIMIT, at(1000))).toBe(false);
  });
  it('forgets failures once the window has passed', () => {
    expect(isThrottled({ windowStartedAt: start, failures: 9 }, LOGIN_LIMIT, at(LOGIN_LIMIT.windowMs - 1))).toBe(true);
    expect(isThrottled({ windowStartedAt: start, failures: 9 }, LOGIN_LIMIT, at(LOGIN_LIMIT.windowMs))).toBe(false);
  });
  it('is not throttled without any recorded failure', () => {
    expect(isThrottled(undefined, ADDRESS_LIMIT, start)).toBe(false);
  });
  it('tells when to retry, at least one second ahead', () => {
    expect(secondsUntilRetry({ windowStartedAt: start, failures: 5 }, LOGIN_LIMIT, at(60_000))).toBe(14 * 60);
    expect(secondsUntilRetry({ windowStartedAt: start, failures: 5 }, LOGIN_LIMIT, at(LOGIN_LIMIT.windowMs))).toBe(1);
  });
});
