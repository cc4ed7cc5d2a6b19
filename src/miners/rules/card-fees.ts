import { assertSafeMinor, type Money } from '../../common/money.js';

/**
 * Totals per currency, sorted by currency code; amounts of different currencies are never
 * added together. Each partial sum is checked to stay a safe integer.
 */
export function totalsByCurrency(fees: readonly Money[]): Money[] {
  const totals = new Map<string, number>();
  for (const fee of fees) {
    assertSafeMinor(fee.amountMinor, 'fee');
    totals.set(fee.currency, assertSafeMinor((totals.get(fee.currency) ?? 0) + fee.amountMinor, `total ${fee.currency}`));
  }
  return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([currency, amountMinor]) => ({ amountMinor, currency }));
}
