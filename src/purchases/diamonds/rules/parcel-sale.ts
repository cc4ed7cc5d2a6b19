/**
 * Diamonds are sold by the parcel: a sale names parcels, and its lots are every purchase
 * still in them (reversed ones left out). A lot in a parcel is never sold on its own, so that
 * a parcel's carats on its certificate are the carats of its sale.
 */
import { DomainError } from '../../../common/domain-error.js';

export interface SellableParcel {
  readonly parcelId: string;
  readonly parcelNumber: string;
  readonly saleId: string | null;
  readonly lots: readonly { readonly purchaseId: string; readonly reversed: boolean }[];
}

/** The purchase ids of the named parcels, in the order named; refused with the first reason. */
export function lotsOfParcelsForSale(parcelIds: readonly string[], found: readonly SellableParcel[]): string[] {
  if (new Set(parcelIds).size !== parcelIds.length) throw new DomainError('SALE_PARCEL_DUPLICATED', {});
  return parcelIds.flatMap((parcelId) => {
    const parcel = found.find((candidate) => candidate.parcelId === parcelId);
    if (parcel === undefined) throw new DomainError('PARCEL_NOT_FOUND', { parcelId });
    if (parcel.saleId !== null) throw new DomainError('PARCEL_ALREADY_SOLD', { parcelId }, 'conflict');
    const lots = parcel.lots.filter((lot) => !lot.reversed).map((lot) => lot.purchaseId);
    if (lots.length === 0) throw new DomainError('PARCEL_EMPTY', { parcelNumber: parcel.parcelNumber });
    return lots;
  });
}

/** Lots named one by one must not be in a parcel: those are sold with their parcel. */
export function assertLotsOutsideParcels(lots: readonly { readonly purchaseId: string; readonly tagId: string | null; readonly parcelId: string | null }[]): void {
  const inParcel = lots.find((lot) => lot.parcelId !== null);
  if (inParcel !== undefined) throw new DomainError('SALE_LOT_IN_PARCEL', { lot: inParcel.tagId ?? inParcel.purchaseId });
}
