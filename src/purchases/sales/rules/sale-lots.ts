/**
 * Which purchase lots may go into a sale, and what the sale weighs.
 *
 * A lot is named by its purchase id or by its bag tag. It may be sold when it is a purchase
 * (not a reversal entry), has not been reversed, is in no other sale, was bought on or before
 * the day of the sale, and is of the same mineral as every other lot of the sale. Each lot
 * is judged in the order given and the first reason found is reported, so that the officer
 * knows which bag to take out.
 */
import type { IsoDate } from '../../../common/calendar-date.js';
import { DomainError } from '../../../common/domain-error.js';
import type { LedgerEntryKind } from '../../rules/canonical.js';
import { type MeasuredLot, totalOfLots } from '../../rules/reconciliation.js';

export interface LotFacts {
  readonly purchaseId: string;
  readonly tagId: string | null;
  readonly lotNumber: string | null;
  readonly kind: LedgerEntryKind;
  readonly mineral: string;
  readonly siteId: string | null;
  readonly netMg: number;
  readonly gradeBp: number | null;
  /** The purchase's day in the cooperative's time zone. */
  readonly purchasedOn: IsoDate;
  /** The entry that reversed this purchase, if any. */
  readonly reversalId: string | null;
  /** The sale that already holds this lot, if any. */
  readonly saleId: string | null;
  /** The diamond parcel the lot is in (sold only with it), if any. */
  readonly parcelId?: string | null;
}

export interface LotRequest {
  readonly purchaseIds: readonly string[];
  readonly tagIds: readonly string[];
}

export interface SaleComposition {
  readonly mineral: string;
  readonly lots: readonly LotFacts[];
  readonly total: MeasuredLot;
  /** The lots' one site, or null when they come from several. */
  readonly siteId: string | null;
}

/** The requested lots in request order (ids first, then tags), each found exactly once. */
export function resolveRequestedLots(request: LotRequest, found: readonly LotFacts[]): LotFacts[] {
  if (request.purchaseIds.length + request.tagIds.length === 0) throw new DomainError('SALE_LOTS_EMPTY');
  const byId = request.purchaseIds.map((purchaseId) => {
    const lot = found.find((candidate) => candidate.purchaseId === purchaseId);
    if (lot === undefined) throw new DomainError('SALE_LOT_NOT_FOUND', { lot: purchaseId });
    return lot;
  });
  const byTag = request.tagIds.map((tagId) => {
    const lot = found.find((candidate) => candidate.tagId === tagId && candidate.kind === 'purchase');
    if (lot === undefined) throw new DomainError('SALE_LOT_NOT_FOUND', { lot: tagId });
    return lot;
  });
  const lots = [...byId, ...byTag];
  const seen = new Set<string>();
  for (const lot of lots) {
    if (seen.has(lot.purchaseId)) throw new DomainError('SALE_LOT_DUPLICATED', { lot: lot.tagId ?? lot.purchaseId });
    seen.add(lot.purchaseId);
  }
  return lots;
}

function assertLotSellable(lot: LotFacts, soldOn: IsoDate): void {
  const params = { purchaseId: lot.purchaseId, tagId: lot.tagId ?? '' };
  if (lot.kind !== 'purchase') throw new DomainError('SALE_LOT_NOT_A_PURCHASE', params);
  if (lot.reversalId !== null) throw new DomainError('SALE_LOT_REVERSED', { ...params, reversalId: lot.reversalId }, 'conflict');
  if (lot.saleId !== null) throw new DomainError('SALE_LOT_ALREADY_SOLD', { ...params, saleId: lot.saleId }, 'conflict');
  if (lot.purchasedOn > soldOn) throw new DomainError('SALE_BEFORE_PURCHASE', { ...params, purchasedOn: lot.purchasedOn, soldOn });
}

/** The lots as one sale: refused with the first reason that applies, else their totals. */
export function composeSale(lots: readonly LotFacts[], soldOn: IsoDate): SaleComposition {
  if (lots.length === 0) throw new DomainError('SALE_LOTS_EMPTY');
  lots.forEach((lot) => assertLotSellable(lot, soldOn));
  const minerals = [...new Set(lots.map((lot) => lot.mineral))];
  if (minerals.length > 1) throw new DomainError('SALE_MINERALS_MIXED', { minerals: minerals.join(', ') });
  const sites = new Set(lots.map((lot) => lot.siteId));
  return {
    mineral: minerals[0],
    lots,
    total: totalOfLots(lots.map((lot) => ({ massMg: lot.netMg, gradeBp: lot.gradeBp }))),
    siteId: sites.size === 1 ? (lots[0].siteId ?? null) : null,
  };
}
