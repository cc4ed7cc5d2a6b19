/**
 * Carats, exactly. A metric carat is 200 mg, so a carat weight is kept as integer milligrams,
 * the unit of the ledger (a stone's 0.005 ct is 1 mg, the finest the ledger keeps), and shown
 * as the shortest exact decimal in carats. Sums and comparisons are on integers and BigInt:
 * no float ever touches a weight, and stones are never summed as kilograms.
 */
import { DomainError } from '../../../common/domain-error.js';
import { formatMgAs, parseMassToMg } from '../../rules/units.js';

export const BASIS_POINTS = 10_000n;

/** '12.345' ct as milligrams (2 469); a weight finer than 0.005 ct or not positive is refused. */
export function caratsToMg(text: string): number {
  return parseMassToMg(text, 'ct');
}

/** Milligrams as carats, shortest exact spelling (2 469 → '12.345'; 200 → '1'; -200 → '-1'). */
export function mgToCarats(milligrams: number): string {
  return formatMgAs(milligrams, 'ct');
}

/** The exact sum of carat weights in milligrams; refused past the safe-integer range. */
export function sumMg(weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => {
    if (!Number.isSafeInteger(weight)) throw new DomainError('CARAT_FIGURE_INVALID', { value: weight });
    return sum + BigInt(weight);
  }, 0n);
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < BigInt(Number.MIN_SAFE_INTEGER)) throw new DomainError('CARAT_FIGURE_INVALID', { value: total.toString() });
  return Number(total);
}

export type CaratVerdict = 'within' | 'beyond' | 'beyond_twice';

/**
 * |other − reference| against the tolerance in basis points of the reference, exactly:
 * |difference| × 10 000 compared with tolerance × reference. Equal to a bound is within it; a
 * zero reference tolerates nothing (any weight against nothing is beyond twice).
 */
export function caratVerdict(referenceMg: number, otherMg: number, toleranceBp: number): CaratVerdict {
  for (const [field, value] of [['referenceMg', referenceMg], ['otherMg', otherMg], ['toleranceBp', toleranceBp]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new DomainError('CARAT_FIGURE_INVALID', { field, value });
  }
  const difference = BigInt(otherMg) - BigInt(referenceMg);
  const scaled = (difference < 0n ? -difference : difference) * BASIS_POINTS;
  const tolerated = BigInt(toleranceBp) * BigInt(referenceMg);
  if (scaled > 2n * tolerated) return 'beyond_twice';
  return scaled > tolerated ? 'beyond' : 'within';
}

/** Signed difference (other − reference) in basis points of the reference, half away from zero; null for a zero reference. */
export function differenceBp(referenceMg: number, otherMg: number): number | null {
  if (referenceMg === 0) return null;
  const difference = (BigInt(otherMg) - BigInt(referenceMg)) * BASIS_POINTS;
  const reference = BigInt(referenceMg);
  const magnitude = ((difference < 0n ? -difference : difference) * 2n + reference) / (2n * reference);
  return Number(difference < 0n ? -magnitude : magnitude);
}
