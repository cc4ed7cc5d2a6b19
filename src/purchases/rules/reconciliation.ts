/**
 * Our weights and grades against the buyer's, and what is left in stock.
 *
 * A sale groups several lots; the buyer weighs and assays the whole. A difference beyond
 * the tolerance is an incident to investigate (iTSCi traced such incidents to uncalibrated
 * scales), so the result lists every reason rather than stopping at the first.
 *
 * Signs: differences are buyer − ours, so a negative mass difference means the buyer found
 * less than we recorded. Mass difference in basis points is relative to our mass; grade
 * difference is absolute, in hundredths of a percentage point (50 bp = 0.5 grade points).
 * The comparison with the tolerance is exact; the massDiffBp reported is rounded half-up
 * (away from zero) for display only, and a difference exactly at the tolerance is within it.
 * Both sides must be on the same basis (both wet or both dry): that is the caller's to ensure.
 */
import { DomainError } from '../../common/domain-error.js';
import { divideRoundingHalfUp, isSafeBigInt } from './decimal.js';
import { BASIS_POINTS_PER_WHOLE } from './units.js';

export interface MeasuredLot {
  readonly massMg: number;
  /** null for what is not assayed (diamonds), or when a side did not assay. */
  readonly gradeBp: number | null;
}

export interface ReconciliationTolerance {
  /** Largest accepted mass difference, relative to our mass. */
  readonly massBp: number;
  /** Largest accepted grade difference, in absolute basis points. */
  readonly gradeBp: number;
}

/** Our default, settable per cooperative: 2 % of mass, 0.5 grade points. */
export const DEFAULT_RECONCILIATION_TOLERANCE: ReconciliationTolerance = { massBp: 200, gradeBp: 50 };

export type ReconciliationReason = 'MASS_DIFFERENCE_ABOVE_TOLERANCE' | 'GRADE_DIFFERENCE_ABOVE_TOLERANCE';

export interface Reconciliation {
  readonly massDiffMg: number;
  readonly massDiffBp: number;
  /** null when either side has no grade. */
  readonly gradeDiffBp: number | null;
  readonly exceeds: boolean;
  readonly reasons: readonly ReconciliationReason[];
}

const WHOLE = BigInt(BASIS_POINTS_PER_WHOLE);

function assertPositiveMass(massMg: number, side: string): void {
  if (!Number.isSafeInteger(massMg) || massMg <= 0) {
    throw new DomainError('MASS_NOT_POSITIVE', { field: `${side}.massMg`, value: massMg });
  }
}

function assertGrade(gradeBp: number | null, side: string): void {
  if (gradeBp === null) return;
  if (!Number.isSafeInteger(gradeBp) || gradeBp < 0 || gradeBp > BASIS_POINTS_PER_WHOLE) {
    throw new DomainError('GRADE_OUT_OF_RANGE', { field: `${side}.gradeBp`, value: gradeBp });
  }
}

function assertTolerance(tolerance: ReconciliationTolerance): void {
  const valid = [tolerance.massBp, tolerance.gradeBp].every((value) => Number.isSafeInteger(value) && value >= 0);
  if (!valid) throw new DomainError('TOLERANCE_INVALID', { ...tolerance });
}

/** Our lot totals against the buyer's measurement, with every reason the difference is an incident. */
export function reconcileWithBuyer(
  ours: MeasuredLot,
  buyers: MeasuredLot,
  tolerance: ReconciliationTolerance = DEFAULT_RECONCILIATION_TOLERANCE,
): Reconciliation {
  assertPositiveMass(ours.massMg, 'ours');
  assertPositiveMass(buyers.massMg, 'buyers');
  assertGrade(ours.gradeBp, 'ours');
  assertGrade(buyers.gradeBp, 'buyers');
  assertTolerance(tolerance);
  const massDiffMg = buyers.massMg - ours.massMg;
  const scaledDiff = BigInt(massDiffMg) * WHOLE;
  const massDiffBp = Number(divideRoundingHalfUp(scaledDiff, BigInt(ours.massMg)));
  const gradeDiffBp = ours.gradeBp === null || buyers.gradeBp === null ? null : buyers.gradeBp - ours.gradeBp;
  const absoluteScaledDiff = scaledDiff < 0n ? -scaledDiff : scaledDiff;
  const massExceeds = absoluteScaledDiff > BigInt(tolerance.massBp) * BigInt(ours.massMg);
  const gradeExceeds = gradeDiffBp !== null && Math.abs(gradeDiffBp) > tolerance.gradeBp;
  const reasons: ReconciliationReason[] = [];
  if (massExceeds) reasons.push('MASS_DIFFERENCE_ABOVE_TOLERANCE');
  if (gradeExceeds) reasons.push('GRADE_DIFFERENCE_ABOVE_TOLERANCE');
  return { massDiffMg, massDiffBp, gradeDiffBp, exceeds: reasons.length > 0, reasons };
}

/**
 * The lots of a sale as one measurement: masses summed, grade the mass-weighted mean rounded
 * half-up to the basis point; no grade when any lot lacks one, since a partial mean would
 * misstate the whole.
 */
export function totalOfLots(lots: readonly MeasuredLot[]): MeasuredLot {
  if (lots.length === 0) throw new DomainError('LOTS_EMPTY');
  lots.forEach((lot, index) => {
    assertPositiveMass(lot.massMg, `lots[${index}]`);
    assertGrade(lot.gradeBp, `lots[${index}]`);
  });
  const mass = lots.reduce((sum, lot) => sum + BigInt(lot.massMg), 0n);
  if (!isSafeBigInt(mass)) throw new DomainError('MASS_TOO_LARGE', { value: mass.toString() });
  const grades = lots.map((lot) => lot.gradeBp);
  if (grades.includes(null)) return { massMg: Number(mass), gradeBp: null };
  const metal = lots.reduce((sum, lot) => sum + BigInt(lot.massMg) * BigInt(lot.gradeBp ?? 0), 0n);
  return { massMg: Number(mass), gradeBp: Number(divideRoundingHalfUp(metal, mass)) };
}

export interface StockMovement {
  readonly mineral: string;
  readonly siteId: string;
  /** Milligrams; a reversal is passed as a negative movement. */
  readonly massMg: number;
}

export interface StockLine {
  readonly mineral: string;
  readonly siteId: string;
  readonly purchasedMg: number;
  readonly soldMg: number;
  readonly onHandMg: number;
}

interface Totals {
  readonly mineral: string;
  readonly siteId: string;
  purchased: bigint;
  sold: bigint;
}

function accumulate(totals: Map<string, Totals>, movements: Iterable<StockMovement>, side: 'purchased' | 'sold'): void {
  for (const movement of movements) {
    if (!Number.isSafeInteger(movement.massMg)) {
      throw new DomainError('MASS_NOT_AN_INTEGER', { value: movement.massMg });
    }
    const key = JSON.stringify([movement.mineral, movement.siteId]);
    const line = totals.get(key) ?? { mineral: movement.mineral, siteId: movement.siteId, purchased: 0n, sold: 0n };
    line[side] += BigInt(movement.massMg);
    totals.set(key, line);
  }
}

function toStockLine({ mineral, siteId, purchased, sold }: Totals): StockLine {
  const onHand = purchased - sold;
  const figures = { mineral, siteId, purchasedMg: purchased.toString(), soldMg: sold.toString() };
  if (onHand < 0n) throw new DomainError('STOCK_NEGATIVE', { ...figures, onHandMg: onHand.toString() });
  if (![purchased, sold, onHand].every(isSafeBigInt)) throw new DomainError('MASS_TOO_LARGE', figures);
  return { mineral, siteId, purchasedMg: Number(purchased), soldMg: Number(sold), onHandMg: Number(onHand) };
}

/**
 * Stock on hand per (mineral, site) = purchased − sold, sorted by mineral then site.
 * More sold than bought means a record is missing or false, so it is refused, not shown as
 * a negative stock.
 */
export function stockOnHand(purchased: Iterable<StockMovement>, sold: Iterable<StockMovement>): StockLine[] {
  const totals = new Map<string, Totals>();
  accumulate(totals, purchased, 'purchased');
  accumulate(totals, sold, 'sold');
  return [...totals.values()]
    .sort((a, b) => (a.mineral === b.mineral ? compareText(a.siteId, b.siteId) : compareText(a.mineral, b.mineral)))
    .map(toStockLine);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
