import {
  divideRoundingHalfUp,
  formatScaled,
  isSafeBigInt,
  MAX_DECIMAL_LENGTH,
  normaliseDecimal,
  parseDecimal,
  rational,
  roundRationalHalfUp,
} from './decimal.js';

describe('parseDecimal', () => {
  it.each([
    ['12.345', 12345n, 3],
    ['7', 7n, 0],
    ['0.5', 5n, 1],
    ['-0.5', -5n, 1],
    ['007.10', 710n, 2],
    ['0', 0n, 0],
  ])('reads %s exactly as %s / 10^%s', (text, units, scale) => {
    expect(parseDecimal(text)).toEqual({ units, scale });
  });

  it('keeps 0.1 exact where a float would not', () => {
    expect(parseDecimal('0.1')).toEqual({ units: 1n, scale: 1 });
    expect(parseDecimal('0.30000000000000004')).toEqual({ units: 30000000000000004n, scale: 17 });
  });

  it.each(['', '.5', '5.', '1,5', '+1', '1e3', ' 1', '1 ', '--1', '1.2.3', 'abc', 'NaN', 'Infinity', '٣'])(
    'refuses %j as not a plain decimal',
    (text) => {
      expect(parseDecimal(text)).toBeNull();
    },
  );

  it('refuses strings longer than the limit and accepts one at the limit', () => {
    expect(parseDecimal('1'.repeat(MAX_DECIMAL_LENGTH))).not.toBeNull();
    expect(parseDecimal('1'.repeat(MAX_DECIMAL_LENGTH + 1))).toBeNull();
  });
});

describe('formatScaled', () => {
  it.each([
    [12345n, 3, '12.345'],
    [12000n, 3, '12'],
    [12300n, 3, '12.3'],
    [5n, 3, '0.005'],
    [0n, 3, '0'],
    [-5n, 3, '-0.005'],
    [-12000n, 3, '-12'],
    [42n, 0, '42'],
  ])('prints %s / 10^%s as %s', (units, scale, text) => {
    expect(formatScaled(units, scale)).toBe(text);
  });
});

describe('normaliseDecimal', () => {
  it('gives equal values one spelling', () => {
    expect(normaliseDecimal('2850.50')).toBe('2850.5');
    expect(normaliseDecimal('02850.5')).toBe('2850.5');
    expect(normaliseDecimal('-0.0')).toBe('0');
  });
  it('returns null for what is not a decimal', () => {
    expect(normaliseDecimal('2850,5')).toBeNull();
  });
});

describe('rational', () => {
  it('reduces to lowest terms with a positive denominator', () => {
    expect(rational(6n, -4n)).toEqual({ numerator: -3n, denominator: 2n });
    expect(rational(0n, 7n)).toEqual({ numerator: 0n, denominator: 1n });
  });
  it('refuses a zero denominator', () => {
    expect(() => rational(1n, 0n)).toThrow(RangeError);
  });
});

describe('divideRoundingHalfUp', () => {
  it.each([
    [5n, 2n, 3n],
    [7n, 2n, 4n],
    [24999n, 10000n, 2n],
    [25000n, 10000n, 3n],
    [25001n, 10000n, 3n],
    [4n, 2n, 2n],
    [0n, 3n, 0n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-5n, 2n, -3n],
    [-24999n, 10000n, -2n],
    [-1n, 3n, 0n],
  ])('rounds %s / %s to %s', (numerator, denominator, expected) => {
    expect(divideRoundingHalfUp(numerator, denominator)).toBe(expected);
  });

  it('makes the rounding of a negative the negative of the rounding', () => {
    for (let numerator = 0n; numerator < 40n; numerator += 1n) {
      expect(divideRoundingHalfUp(-numerator, 8n)).toBe(-divideRoundingHalfUp(numerator, 8n));
    }
  });

  it('refuses a zero or negative denominator', () => {
    expect(() => divideRoundingHalfUp(1n, 0n)).toThrow(RangeError);
    expect(() => divideRoundingHalfUp(1n, -2n)).toThrow(RangeError);
  });

  it('rounds a rational the same way', () => {
    expect(roundRationalHalfUp(rational(15n, 10n))).toBe(2n);
  });
});

describe('isSafeBigInt', () => {
  it('accepts exactly the safe integer range', () => {
    expect(isSafeBigInt(BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
    expect(isSafeBigInt(BigInt(Number.MIN_SAFE_INTEGER))).toBe(true);
    expect(isSafeBigInt(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toBe(false);
    expect(isSafeBigInt(BigInt(Number.MIN_SAFE_INTEGER) - 1n)).toBe(false);
  });
});
