/**
 * A miner's statement totals: what the cooperative bought from the miner in a period, per
 * currency (nothing is converted). Ledger amounts are signed (a reversal carries the
 * negated amount, fees and net paid of the purchase it reverses), so each total is the
 * plain sum of the entries listed; the net mass counts a reversal's mass negatively. Rough
 * diamonds are totalled apart (caratsMg): stones are never summed with ore as kilograms.
 */
import { assertSafeMinor } from '../../../common/money.js';
import { isKimberleyMineral } from '../../rules/minerals.js';

export interface StatementEntry {
  readonly kind: 'purchase' | 'reversal';
  readonly currency: string;
  readonly mineral?: string | null;
  readonly netMg: number;
  readonly amountMinor: number;
  readonly fees: readonly { readonly fundCode: string; readonly amountMinor: number }[];
  readonly netPaidMinor: number;
}

export interface MinerStatementTotals {
  readonly currency: string;
  readonly purchases: number;
  readonly reversals: number;
  /** Net mass of everything but rough diamonds. */
  readonly netMg: number;
  /** Net mass of rough diamonds, in milligrams (1 ct = 200 mg). */
  readonly caratsMg: number;
  readonly amountMinor: number;
  readonly feesMinor: number;
  /** Fees per fund, sorted by fund code. */
  readonly feesByFund: { fundCode: string; amountMinor: number }[];
  readonly netPaidMinor: number;
}

export function feesTotalOf(entry: Pick<StatementEntry, 'fees'>): number {
  return entry.fees.reduce((sum, fee) => assertSafeMinor(sum + fee.amountMinor, 'feesMinor'), 0);
}

export function minerStatementTotals(entries: readonly StatementEntry[]): MinerStatementTotals[] {
  const byCurrency = new Map<string, { purchases: number; reversals: number; netMg: number; caratsMg: number; amountMinor: number; netPaidMinor: number; fees: Map<string, number> }>();
  for (const entry of entries) {
    const total = byCurrency.get(entry.currency) ?? { purchases: 0, reversals: 0, netMg: 0, caratsMg: 0, amountMinor: 0, netPaidMinor: 0, fees: new Map<string, number>() };
    const reversal = entry.kind === 'reversal';
    total.purchases += reversal ? 0 : 1;
    total.reversals += reversal ? 1 : 0;
    const mass = reversal ? -entry.netMg : entry.netMg;
    if (isKimberleyMineral(entry.mineral ?? null)) total.caratsMg = assertSafeMinor(total.caratsMg + mass, 'caratsMg');
    else total.netMg = assertSafeMinor(total.netMg + mass, 'netMg');
    total.amountMinor = assertSafeMinor(total.amountMinor + entry.amountMinor, 'amountMinor');
    total.netPaidMinor = assertSafeMinor(total.netPaidMinor + entry.netPaidMinor, 'netPaidMinor');
    for (const fee of entry.fees) total.fees.set(fee.fundCode, assertSafeMinor((total.fees.get(fee.fundCode) ?? 0) + fee.amountMinor, 'feesMinor'));
    byCurrency.set(entry.currency, total);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, { fees, ...total }]) => {
      const feesByFund = [...fees.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([fundCode, amountMinor]) => ({ fundCode, amountMinor }));
      return { currency, ...total, feesMinor: feesTotalOf({ fees: feesByFund }), feesByFund };
    });
}
