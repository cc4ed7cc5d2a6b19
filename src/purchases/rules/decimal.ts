/**
 * Exact decimal and rational arithmetic on BigInt, shared by the mass, grade, price and
 * exchange-rate rules. Decimal strings typed by people are parsed digit by digit: no
 * parseFloat, so '0.1' is exactly one tenth and never 0.1000000000000000055.
 */

/** value = units / 10^scale, exactly. */
export interface ScaledDecimal {
  readonly units: bigint;
  readonly scale: number;
}

/** numerator / denominator, denominator always positive, reduced to lowest terms. */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Long enough for any mass, grade or exchange rate; short enough that BigInt work stays trivial. */
export const MAX_DECIMAL_LENGTH = 40;

// A dot as the only separator: the decimal comma of French input is the client's to convert.
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** The exact value of a plain decimal string ('12.345', '-0.5', '7'), or null for anything else. */
export function parseDecimal(text: string): ScaledDecimal | null {
  if (text.length > MAX_DECIMAL_LENGTH || !PLAIN_DECIMAL.test(text)) return null;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const magnitude = BigInt(whole + fraction);
  return { units: negative ? -magnitude : magnitude, scale: fraction.length };
}

export function powerOfTen(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/**
 * The value as the shortest exact decimal string: trailing fractional zeros and a bare dot
 * are dropped, so the output parses back to the same value and two equal values print alike.
 */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  const magnitude = fraction === '' ? whole : `${whole}.${fraction}`;
  return negative && magnitude !== '0' ? `-${magnitude}` : magnitude;
}

/** The shortest exact spelling of a decimal string ('2850.50' → '2850.5'); null if not a decimal. */
export function normaliseDecimal(text: string): string | null {
  const parsed = parseDecimal(text);
  return parsed === null ? null : formatScaled(parsed.units, parsed.scale);
}

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(numerator: bigint, denominator: bigint): Rational {
  if (denominator === 0n) throw new RangeError('Rational with a zero denominator');
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = greatestCommonDivisor(numerator, denominator);
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

/**
 * Rounds numerator / denominator to an integer, half-up: a remainder of exactly one half
 * goes away from zero (2.5 → 3, -2.5 → -3), so that a reversal is the exact negative of
 * the entry it reverses.
 */
export function divideRoundingHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('Rounding needs a positive denominator');
  const magnitude = numerator < 0n ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  const rounded = 2n * remainder >= denominator ? quotient + 1n : quotient;
  return numerator < 0n ? -rounded : rounded;
}

export function roundRationalHalfUp(value: Rational): bigint {
  return divideRoundingHalfUp(value.numerator, value.denominator);
}

export function isSafeBigInt(value: bigint): boolean {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
}
