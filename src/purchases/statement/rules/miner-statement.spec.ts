import { minerStatementTotals, type StatementEntry } from './miner-statement.js';

const purchase = (overrides: Partial<StatementEntry> = {}): StatementEntry => ({
  kind: 'purchase',
  currency: 'USD',
  netMg: 12_500_000,
  amountMinor: 1551,
  fees: [
    { fundCode: 'OPERATIONS', amountMinor: 50 },
    { fundCode: 'COMMUNITY', amountMinor: 16 },
  ],
  netPaidMinor: 1485,
  ...overrides,
});

const reversalOf = (entry: StatementEntry): StatementEntry => ({
  ...entry,
  kind: 'reversal',
  amountMinor: -entry.amountMinor,
  fees: entry.fees.map((fee) => ({ ...fee, amountMinor: -fee.amountMinor })),
  netPaidMinor: -entry.netPaidMinor,
});

describe('minerStatementTotals', () => {
  it('sums purchases per currency, fees per fund, and keeps amount = fees + net paid', () => {
    const [usd] = minerStatementTotals([purchase(), purchase({ amountMinor: 1000, fees: [{ fundCode: 'COMMUNITY', amountMinor: 10 }], netPaidMinor: 990 })]);
    expect(usd).toEqual({
      currency: 'USD',
      purchases: 2,
      reversals: 0,
      caratsMg: 0,
      netMg: 25_000_000,
      amountMinor: 2551,
      feesMinor: 76,
      feesByFund: [
        { fundCode: 'COMMUNITY', amountMinor: 26 },
        { fundCode: 'OPERATIONS', amountMinor: 50 },
      ],
      netPaidMinor: 2475,
    });
    expect(usd.feesMinor + usd.netPaidMinor).toBe(usd.amountMinor);
  });

  it('nets a reversal out of every total, its mass included, and counts it apart', () => {
    const original = purchase();
    const [usd] = minerStatementTotals([original, reversalOf(original), purchase({ netMg: 1_000_000, amountMinor: 100, fees: [], netPaidMinor: 100 })]);
    expect(usd).toMatchObject({ purchases: 2, reversals: 1, netMg: 1_000_000, amountMinor: 100, feesMinor: 0, netPaidMinor: 100 });
    expect(usd.feesByFund).toEqual([
      { fundCode: 'COMMUNITY', amountMinor: 0 },
      { fundCode: 'OPERATIONS', amountMinor: 0 },
    ]);
  });

  it('never adds currencies together', () => {
    const totals = minerStatementTotals([purchase(), purchase({ currency: 'CDF', amountMinor: 4_400_000, fees: [], netPaidMinor: 4_400_000 })]);
    expect(totals.map((total) => [total.currency, total.amountMinor])).toEqual([
      ['CDF', 4_400_000],
      ['USD', 1551],
    ]);
  });

  it('is empty without entries', () => {
    expect(minerStatementTotals([])).toEqual([]);
  });

  it('totals rough diamonds apart, in carats\' milligrams, never with the ore\'s kilograms', () => {
    const stones = purchase({ mineral: 'ROUGH_DIAMOND_NON_INDUSTRIAL', netMg: 2470 });
    const [usd] = minerStatementTotals([purchase({ mineral: 'HETEROGENITE' }), stones, purchase({ mineral: 'ROUGH_DIAMOND_INDUSTRIAL', netMg: 200 }), reversalOf(stones)]);
    expect(usd).toMatchObject({ purchases: 3, reversals: 1, netMg: 12_500_000, caratsMg: 200 });
  });
});
