import { DomainError } from '../../common/domain-error.js';
import { type Fraction } from './types.js';

/**
 * Exact share arithmetic for quorums and majorities. Products go through BigInt so that a
 * bylaw fraction such as 999/1000 never loses precision, and no float is ever compared.
 */

export function assertCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError('INVALID_COUNT', { what, value });
  }
  return value;
}

export function assertValidFraction(fraction: Fraction, what: string): Fraction {
  const { num, den } = fraction;
  const wellFormed =
    Number.isSafeInteger(num) && Number.isSafeInteger(den) && num > 0 && den > 0 && num <= den;
  if (!wellFormed) throw new DomainError('INVALID_FRACTION', { what, num, den });
  return fraction;
}

/** Smallest integer count c with c/total >= fraction: ceil(total * num / den). */
export function minimumCountFor(total: number, fraction: Fraction): number {
  const numerator = BigInt(total) * BigInt(fraction.num);
  const den = BigInt(fraction.den);
  return Number((numerator + den - 1n) / den);
}

/** count/total >= fraction, compared as count * den >= total * num. */
export function reachesShare(count: number, total: number, fraction: Fraction): boolean {
  return BigInt(count) * BigInt(fraction.den) >= BigInt(total) * BigInt(fraction.num);
}

/** Negative, zero or positive as a is below, equal to or above b. */
export function compareFractions(a: Fraction, b: Fraction): number {
  const left = BigInt(a.num) * BigInt(b.den);
  const right = BigInt(b.num) * BigInt(a.den);
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/** Bylaw numbers are whole and bounded below; anything else is a misconfigured cooperative. */
export function assertBylawInteger(setting: string, value: number, minimum: number): number {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new DomainError('INVALID_BYLAW_SETTING', { setting, value, minimum });
  }
  return value;
}
