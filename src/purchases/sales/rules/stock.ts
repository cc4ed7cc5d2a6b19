/**
 * Stock on hand per mineral and site, in mass and in value at purchase cost.
 *
 * Mass is purchased − sold as stockOnHand (reconciliation.ts) computes it, refusing a
 * negative stock. Value is the same difference on the amounts paid, in the reporting
 * currency each entry recorded, one figure per currency (a cooperative that changed its
 * reporting currency keeps both, rather than mixing them). A reversal is a negative
 * movement of the mass and value it reversed. Lots are sold whole, so the value of what is
 * sold is exactly the cost of the lots sold.
 */
import { DomainError } from '../../../common/domain-error.js';
import { isSafeBigInt } from '../../rules/decimal.js';
import { type StockLine, type StockMovement, stockOnHand } from '../../rules/reconciliation.js';

export interface ValuedMovement extends StockMovement {
  readonly currency: string;
  /** Minor units of `currency`; negative for a reversal, like the mass. */
  readonly valueMinor: number;
}

export interface StockValue {
  readonly currency: string;
  readonly purchasedMinor: number;
  readonly soldMinor: number;
  readonly onHandMinor: number;
}

export interface StockPosition extends StockLine {
  /** Sorted by currency. */
  readonly values: readonly StockValue[];
}

interface ValueTotals {
  purchased: bigint;
  sold: bigint;
}

function keyOf(movement: Pick<StockMovement, 'mineral' | 'siteId'>): string {
  return JSON.stringify([movement.mineral, movement.siteId]);
}

function accumulate(values: Map<string, Map<string, ValueTotals>>, movements: readonly ValuedMovement[], side: keyof ValueTotals): void {
  for (const movement of movements) {
    if (!Number.isSafeInteger(movement.valueMinor)) throw new DomainError('AMOUNT_TOO_LARGE', { field: 'valueMinor', value: movement.valueMinor });
    const byCurrency = values.get(keyOf(movement)) ?? new Map<string, ValueTotals>();
    const totals = byCurrency.get(movement.currency) ?? { purchased: 0n, sold: 0n };
    totals[side] += BigInt(movement.valueMinor);
    byCurrency.set(movement.currency, totals);
    values.set(keyOf(movement), byCurrency);
  }
}

function toValue(currency: string, { purchased, sold }: ValueTotals): StockValue {
  const onHand = purchased - sold;
  if (![purchased, sold, onHand].every(isSafeBigInt)) throw new DomainError('AMOUNT_TOO_LARGE', { field: 'stockValue', value: onHand.toString() });
  return { currency, purchasedMinor: Number(purchased), soldMinor: Number(sold), onHandMinor: Number(onHand) };
}

/** Mass and value on hand per (mineral, site), sorted by mineral then site. */
export function stockPosition(purchased: readonly ValuedMovement[], sold: readonly ValuedMovement[]): StockPosition[] {
  const values = new Map<string, Map<string, ValueTotals>>();
  accumulate(values, purchased, 'purchased');
  accumulate(values, sold, 'sold');
  return stockOnHand(purchased, sold).map((line) => {
    const byCurrency = values.get(keyOf(line)) ?? new Map<string, ValueTotals>();
    const lineValues = [...byCurrency.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, totals]) => toValue(currency, totals));
    return { ...line, values: lineValues };
  });
}
