import { DomainError } from '../../common/domain-error.js';
import { type CycleRules } from './cycle-rules.js';
import { requireMinorAmount, requireWholeCount, toSafeNumber } from './whole-numbers.js';

/** A purchase stated as a count, as money, or both (then they must agree). */
export type SharePurchaseRequest =
  | { readonly shares: number; readonly amountMinor?: number }
  | { readonly shares?: number; readonly amountMinor: number };

export interface SharePurchase {
  readonly shares: number;
  readonly amountMinor: number;
}

/** A member's shares at one meeting: a whole number within the group's [min, max]. */
export function validateShareCount(rules: CycleRules, shares: number): number {
  if (!Number.isSafeInteger(shares)) throw new DomainError('SHARES_NOT_WHOLE', { requested: shares });
  if (shares < rules.minSharesPerMeeting) {
    throw new DomainError('SHARES_BELOW_MINIMUM', { min: rules.minSharesPerMeeting, requested: shares });
  }
  if (shares > rules.maxSharesPerMeeting) {
    throw new DomainError('SHARES_ABOVE_MAXIMUM', { max: rules.maxSharesPerMeeting, requested: shares });
  }
  return shares;
}

/**
 * The number of shares an amount of money buys. An amount that is not a whole number of
 * shares is refused, never rounded: the error names the two nearest amounts that would do.
 */
export function sharesForAmount(rules: CycleRules, amountMinor: number): number {
  requireMinorAmount(amountMinor, 'amountMinor');
  const remainderMinor = amountMinor % rules.sharePriceMinor;
  if (remainderMinor !== 0) {
    throw new DomainError('SHARE_AMOUNT_NOT_MULTIPLE_OF_PRICE', {
      amountMinor,
      sharePriceMinor: rules.sharePriceMinor,
      remainderMinor,
      lowerAmountMinor: amountMinor - remainderMinor,
      higherAmountMinor: amountMinor - remainderMinor + rules.sharePriceMinor,
    });
  }
  return validateShareCount(rules, amountMinor / rules.sharePriceMinor);
}

/** The money that a number of shares costs at the cycle's fixed share price. */
export function sharesValueMinor(rules: CycleRules, shares: number): number {
  requireWholeCount(shares, 'shares');
  return toSafeNumber(BigInt(shares) * BigInt(rules.sharePriceMinor), 'sharesValueMinor');
}

/** Checks one member's purchase at one meeting and states it both as shares and as money. */
export function resolveSharePurchase(rules: CycleRules, request: SharePurchaseRequest): SharePurchase {
  const { shares, amountMinor } = request;
  if (shares === undefined && amountMinor === undefined) throw new DomainError('SHARE_PURCHASE_EMPTY', {});
  const resolvedShares =
    shares === undefined ? sharesForAmount(rules, amountMinor as number) : validateShareCount(rules, shares);
  const resolvedAmountMinor = sharesValueMinor(rules, resolvedShares);
  if (amountMinor !== undefined && amountMinor !== resolvedAmountMinor) {
    throw new DomainError('SHARE_AMOUNT_MISMATCH', { shares, amountMinor, expectedAmountMinor: resolvedAmountMinor });
  }
  return { shares: resolvedShares, amountMinor: resolvedAmountMinor };
}
