import { DomainError } from '../../common/domain-error.js';

/**
 * Guards for what a treasurer types in: an amount of money is a whole, non-negative number of
 * minor units and a count is a whole number. These are rule violations (DomainError), not
 * programming faults, because they come straight from a meeting's records.
 */
export function requireMinorAmount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new DomainError('AMOUNT_NOT_WHOLE_MINOR_UNITS', { field, value });
  return value;
}

export function requirePositiveMinorAmount(value: number, field: string): number {
  requireMinorAmount(value, field);
  if (value === 0) throw new DomainError('AMOUNT_NOT_POSITIVE', { field, value });
  return value;
}

export function requireWholeCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new DomainError('COUNT_NOT_WHOLE', { field, value });
  return value;
}

/** Converts back from BigInt arithmetic, refusing anything past 2^53 rather than losing units. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} is not a safe integer: ${value}`);
  }
  return Number(value);
}

/** floor(a × b ÷ c) for non-negative operands, exact at any size. */
export function multiplyDivideFloor(a: number | bigint, b: number | bigint, c: number | bigint): bigint {
  return (BigInt(a) * BigInt(b)) / BigInt(c);
}

/** a × b ÷ c rounded half-up (0.5 goes up) for non-negative operands. */
export function multiplyDivideHalfUp(a: number | bigint, b: number | bigint, c: number | bigint): bigint {
  const divisor = BigInt(c);
  return (BigInt(a) * BigInt(b) * 2n + divisor) / (2n * divisor);
}

export function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
