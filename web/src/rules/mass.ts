/** Masses for reading, apart from the purchase rules so that screens showing a receipt do not load the whole pricing. */
import { formatMgAs, MILLIGRAMS_PER_UNIT, type MassUnit } from '../../../src/purchases/rules/units';
import type { PurchasePreview } from './purchase-check';

/** A mass in milligrams as the unit's decimal ('12.8'), for display with the language's comma. */
export function massIn(milligrams: number, unit: MassUnit): string {
  return formatMgAs(milligrams, unit);
}

/** The mass the price applies to, in the price unit, as a number to round for reading (a fraction of a milligram is kept exact by the server). */
export function pricedMassIn(preview: PurchasePreview): number {
  return preview.pricedMassMg / Number(MILLIGRAMS_PER_UNIT[preview.priceUnit]);
}
