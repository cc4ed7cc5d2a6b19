/**
 * Mass and percentage input as people type it, turned into the integers the ledger keeps:
 * mass in milligrams, grade and moisture in basis points (1 % = 100 bp).
 *
 * Precision is judged on the value, not on the digits typed: '1.0000000' kg is exactly
 * 1 000 000 mg and accepted; '0.0000001' kg is a tenth of a milligram and refused rather
 * than rounded, because a silently rounded weight is a weight nobody measured.
 */
import { DomainError } from '../../common/domain-error.js';
import { formatScaled, isSafeBigInt, parseDecimal, powerOfTen } from './decimal.js';

/** t = metric tonne; ct = metric carat (200 mg), the unit of the Kimberley Process. */
export type MassUnit = 'kg' | 'g' | 't' | 'ct';

export const MASS_UNITS: readonly MassUnit[] = ['kg', 'g', 't', 'ct'];

export const MILLIGRAMS_PER_UNIT: Readonly<Record<MassUnit, bigint>> = {
  g: 1_000n,
  kg: 1_000_000n,
  t: 1_000_000_000n,
  ct: 200n,
};

export const BASIS_POINTS_PER_WHOLE = 10_000;

export function isMassUnit(value: string): value is MassUnit {
  return (MASS_UNITS as readonly string[]).includes(value);
}

function assertMassUnit(unit: string): asserts unit is MassUnit {
  if (!isMassUnit(unit)) throw new DomainError('MASS_UNIT_UNKNOWN', { unit, allowed: MASS_UNITS });
}

/** A strictly positive mass typed in any unit, as integer milligrams ('12.345' kg → 12 345 000). */
export function parseMassToMg(text: string, unit: MassUnit): number {
  assertMassUnit(unit);
  const decimal = parseDecimal(text);
  if (decimal === null) throw new DomainError('MASS_NOT_A_NUMBER', { value: text, unit });
  if (decimal.units <= 0n) throw new DomainError('MASS_NOT_POSITIVE', { value: text, unit });
  const scaledMilligrams = decimal.units * MILLIGRAMS_PER_UNIT[unit];
  const divisor = powerOfTen(decimal.scale);
  if (scaledMilligrams % divisor !== 0n) {
    throw new DomainError('MASS_TOO_PRECISE', { value: text, unit, smallest: formatMgAs(1, unit) });
  }
  const milligrams = scaledMilligrams / divisor;
  if (!isSafeBigInt(milligrams)) throw new DomainError('MASS_TOO_LARGE', { value: text, unit });
  return Number(milligrams);
}

/**
 * Integer milligrams as an exact decimal in the unit asked, shortest spelling
 * (12 345 000 mg → '12.345' kg; 1 000 000 mg → '1' kg). Negative differences print with '-'.
 */
export function formatMgAs(milligrams: number, unit: MassUnit): string {
  assertMassUnit(unit);
  if (!Number.isSafeInteger(milligrams)) throw new RangeError(`Mass is not a safe integer: ${milligrams}`);
  // Each unit's milligram count divides 10^9, so nine decimals always hold the value exactly.
  const scale = 9;
  const factor = powerOfTen(scale) / MILLIGRAMS_PER_UNIT[unit];
  return formatScaled(BigInt(milligrams) * factor, scale);
}

/**
 * A percentage between 0 and 100 inclusive as basis points ('12.34' → 1234). Hundredths of a
 * percent are the finest the ledger keeps; '12.345' is refused, '12.340' is 1234.
 */
export function parsePercentToBp(text: string): number {
  const decimal = parseDecimal(text);
  if (decimal === null) throw new DomainError('PERCENT_NOT_A_NUMBER', { value: text });
  const hundredths = decimal.units * 100n;
  const divisor = powerOfTen(decimal.scale);
  if (hundredths % divisor !== 0n) throw new DomainError('PERCENT_TOO_PRECISE', { value: text, maxDecimals: 2 });
  const basisPoints = hundredths / divisor;
  if (basisPoints < 0n || basisPoints > BigInt(BASIS_POINTS_PER_WHOLE)) {
    throw new DomainError('PERCENT_OUT_OF_RANGE', { value: text, min: '0', max: '100' });
  }
  return Number(basisPoints);
}

/** Basis points as a percentage string, shortest exact spelling (1234 → '12.34', 1200 → '12'). */
export function formatBpAsPercent(basisPoints: number): string {
  if (!Number.isSafeInteger(basisPoints)) throw new RangeError(`Basis points are not a safe integer: ${basisPoints}`);
  return formatScaled(BigInt(basisPoints), 2);
}

/** Net mass is what is left of the gross after packaging and tare, so it can never be more. */
export function assertNetMassWithinGross(grossMg: number, netMg: number): void {
  if (netMg > grossMg) throw new DomainError('NET_MASS_ABOVE_GROSS', { grossMg, netMg });
}
