/**
 * What a diamond purchase records beyond an ore's: the stones are weighed in carats (never
 * in kilograms or grams, so that a parcel's weight is read as the trade reads it), counted,
 * classed and put into a parcel. A mineral under the Kimberley Process needs these details;
 * any other mineral refuses them.
 */
import { DomainError } from '../../../common/domain-error.js';
import type { LedgerDiamond } from '../../rules/canonical.js';
import type { Mineral } from '../../rules/minerals.js';
import type { MassUnit } from '../../rules/units.js';

export const MAX_STONES_PER_PURCHASE = 1_000_000;

export interface DiamondDetailsRequest {
  readonly stones: number;
  readonly qualityClass: string;
  readonly parcelId: string;
}

export interface DiamondPurchaseRequest {
  readonly grossMass: { readonly unit: MassUnit };
  readonly netMass: { readonly unit: MassUnit };
  readonly priceUnit?: MassUnit;
  readonly diamond?: DiamondDetailsRequest;
}

/** The diamond details of a purchase of `mineral`, or null for a mineral that is not a diamond; refused with the first reason. */
export function diamondDetailsOf(mineral: Mineral, request: DiamondPurchaseRequest): LedgerDiamond | null {
  const params = { mineral: mineral.code };
  if (!mineral.kimberleyProcess) {
    if (request.diamond !== undefined) throw new DomainError('DIAMOND_DETAILS_NOT_APPLICABLE', params);
    return null;
  }
  for (const [field, unit] of [['grossMass', request.grossMass.unit], ['netMass', request.netMass.unit], ['priceUnit', request.priceUnit ?? 'ct']] as const) {
    if (unit !== 'ct') throw new DomainError('DIAMOND_MASS_NOT_IN_CARATS', { ...params, field, unit });
  }
  const details = request.diamond;
  if (details === undefined) throw new DomainError('DIAMOND_DETAILS_REQUIRED', params);
  if (!Number.isSafeInteger(details.stones) || details.stones < 1 || details.stones > MAX_STONES_PER_PURCHASE) {
    throw new DomainError('DIAMOND_STONES_INVALID', { stones: details.stones, max: MAX_STONES_PER_PURCHASE });
  }
  const qualityClass = details.qualityClass.trim().normalize('NFC');
  if (qualityClass.length === 0 || qualityClass.length > 40) throw new DomainError('DIAMOND_CLASS_INVALID', { qualityClass: details.qualityClass });
  return { stones: details.stones, qualityClass, parcelId: details.parcelId };
}
