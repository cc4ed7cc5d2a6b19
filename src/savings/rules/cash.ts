import { requireMinorAmount } from './whole-numbers.js';

export type CashCountOutcome = 'balanced' | 'surplus' | 'shortage';

export interface CashReconciliation {
  readonly expectedMinor: number;
  readonly countedMinor: number;
  /** Counted − expected: positive is a surplus, negative a shortage. */
  readonly differenceMinor: number;
  readonly outcome: CashCountOutcome;
}

/**
 * Compares the balance the books expect with the cash the key-holders counted. The
 * difference is returned to be recorded, never absorbed into either figure. Both figures
 * must be whole and non-negative: a box cannot hold negative cash, and a negative expected
 * balance is a ledger fault to surface, not to reconcile.
 */
export function reconcileCash(expectedMinor: number, countedMinor: number): CashReconciliation {
  requireMinorAmount(expectedMinor, 'expectedMinor');
  requireMinorAmount(countedMinor, 'countedMinor');
  const differenceMinor = countedMinor - expectedMinor;
  return { expectedMinor, countedMinor, differenceMinor, outcome: outcomeOf(differenceMinor) };
}

function outcomeOf(differenceMinor: number): CashCountOutcome {
  if (differenceMinor === 0) return 'balanced';
  return differenceMinor > 0 ? 'surplus' : 'shortage';
}
