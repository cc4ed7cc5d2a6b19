import {
  greatestCommonDivisor,
  multiplyDivideFloor,
  multiplyDivideHalfUp,
  requireMinorAmount,
  requirePositiveMinorAmount,
  requireWholeCount,
  toSafeNumber,
} from './whole-numbers.js';

describe('whole numbers', () => {
  it('accepts zero and whole amounts of minor units', () => {
    expect(requireMinorAmount(0, 'cash')).toBe(0);
    expect(requireMinorAmount(1500, 'cash')).toBe(1500);
  });

  it.each([0.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %p as an amount of minor units', (value) => {
    expect(() => requireMinorAmount(value, 'cash')).toThrow('AMOUNT_NOT_WHOLE_MINOR_UNITS');
  });

  it('refuses zero where an amount must be positive', () => {
    expect(() => requirePositiveMinorAmount(0, 'principal')).toThrow('AMOUNT_NOT_POSITIVE');
    expect(() => requirePositiveMinorAmount(-5, 'principal')).toThrow('AMOUNT_NOT_WHOLE_MINOR_UNITS');
    expect(requirePositiveMinorAmount(1, 'principal')).toBe(1);
  });

  it('refuses fractional and negative counts', () => {
    expect(requireWholeCount(0, 'shares')).toBe(0);
    expect(() => requireWholeCount(2.5, 'shares')).toThrow('COUNT_NOT_WHOLE');
    expect(() => requireWholeCount(-1, 'shares')).toThrow('COUNT_NOT_WHOLE');
  });

  it('refuses to convert a BigInt past the safe integer range', () => {
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'x')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'x')).toThrow(RangeError);
    expect(() => toSafeNumber(BigInt(Number.MIN_SAFE_INTEGER) - 1n, 'x')).toThrow(RangeError);
  });

  it('multiplies before dividing, flooring exactly even beyond 2^53', () => {
    expect(multiplyDivideFloor(1000, 1, 3)).toBe(333n);
    expect(multiplyDivideFloor(2 ** 52, 3, 2)).toBe(3n * 2n ** 51n);
  });

  it('rounds half-up: 0.5 goes up, just below 0.5 goes down', () => {
    expect(multiplyDivideHalfUp(5, 1, 10)).toBe(1n);
    expect(multiplyDivideHalfUp(15, 1, 10)).toBe(2n);
    expect(multiplyDivideHalfUp(149, 1, 100)).toBe(1n);
    expect(multiplyDivideHalfUp(150, 1, 100)).toBe(2n);
    expect(multiplyDivideHalfUp(4, 1, 10)).toBe(0n);
  });

  it('finds the greatest common divisor, ignoring signs', () => {
    expect(greatestCommonDivisor(12n, 18n)).toBe(6n);
    expect(greatestCommonDivisor(-12n, 18n)).toBe(6n);
    expect(greatestCommonDivisor(7n, 0n)).toBe(7n);
  });
});
