import type { DatedFeeRule } from '../../rules/fee-rules.js';
import { assertMayDecide, assertSpendable, attributeFeeRule, balanceOf, buildFundStatement, fundBalances, type FeeLineGroup } from './funds.js';

const percent = (ruleCode: string, fundCode: string, validFrom: string, validTo: string | null = null): DatedFeeRule => ({
  ruleCode,
  validFrom,
  validTo,
  rule: { kind: 'percent', fundCode, rateBp: 100 },
});

const SCHEDULE: DatedFeeRule[] = [
  percent('COMMUNITY_2025', 'COMMUNITY', '2025-01-01', '2025-12-31'),
  percent('COMMUNITY_2026', 'COMMUNITY', '2026-01-01'),
  percent('OPERATIONS', 'OPERATIONS', '2025-01-01'),
  percent('SCHOOL_LEVY', 'COMMUNITY', '2026-06-01'),
];

const line = (overrides: Partial<FeeLineGroup>): FeeLineGroup => ({
  currency: 'USD',
  kind: 'purchase',
  ruleDay: '2026-03-10',
  rank: 1,
  linesForFund: 1,
  count: 1,
  amountMinor: 100,
  ...overrides,
});

describe('fund balances', () => {
  it('is credits plus (negative) reversals minus spending', () => {
    expect(balanceOf({ fundCode: 'F', currency: 'USD', creditedMinor: 1000, reversedMinor: -150, spentMinor: 600 }).balanceMinor).toBe(250);
  });

  it('may be negative when a purchase whose fee was spent is reversed', () => {
    expect(balanceOf({ fundCode: 'F', currency: 'USD', creditedMinor: 100, reversedMinor: -100, spentMinor: 100 }).balanceMinor).toBe(-100);
  });

  it('lists named funds without movements, merges lines of one fund and currency, sorts by fund then currency', () => {
    const funds = fundBalances(
      ['SOCIAL', 'COMMUNITY'],
      [
        { fundCode: 'COMMUNITY', currency: 'USD', creditedMinor: 500, reversedMinor: 0, spentMinor: 0 },
        { fundCode: 'COMMUNITY', currency: 'CDF', creditedMinor: 9000, reversedMinor: 0, spentMinor: 0 },
        { fundCode: 'COMMUNITY', currency: 'USD', creditedMinor: 0, reversedMinor: -50, spentMinor: 200 },
        { fundCode: 'ARCHIVED', currency: 'USD', creditedMinor: 10, reversedMinor: 0, spentMinor: 0 },
      ],
    );
    expect(funds.map((fund) => fund.fundCode)).toEqual(['ARCHIVED', 'COMMUNITY', 'SOCIAL']);
    expect(funds[1].balances).toEqual([
      { fundCode: 'COMMUNITY', currency: 'CDF', creditedMinor: 9000, reversedMinor: 0, spentMinor: 0, balanceMinor: 9000 },
      { fundCode: 'COMMUNITY', currency: 'USD', creditedMinor: 500, reversedMinor: -50, spentMinor: 200, balanceMinor: 250 },
    ]);
    expect(funds[2].balances).toEqual([]);
  });

  it('refuses sums that leave the safe integers', () => {
    expect(() => balanceOf({ fundCode: 'F', currency: 'USD', creditedMinor: Number.MAX_SAFE_INTEGER, reversedMinor: 0, spentMinor: -1 })).toThrow(RangeError);
  });
});

describe('spending', () => {
  it('allows spending up to the whole balance, not one unit more', () => {
    expect(() => assertSpendable('F', { currency: 'USD', amountMinor: 500 }, { currency: 'USD', amountMinor: 500 })).not.toThrow();
    expect(() => assertSpendable('F', { currency: 'USD', amountMinor: 500 }, { currency: 'USD', amountMinor: 501 })).toThrow('FUND_BALANCE_INSUFFICIENT');
  });

  it('refuses any spending from an empty or negative balance, and a zero amount', () => {
    expect(() => assertSpendable('F', { currency: 'USD', amountMinor: 0 }, { currency: 'USD', amountMinor: 1 })).toThrow('FUND_BALANCE_INSUFFICIENT');
    expect(() => assertSpendable('F', { currency: 'USD', amountMinor: -5 }, { currency: 'USD', amountMinor: 1 })).toThrow('FUND_BALANCE_INSUFFICIENT');
    expect(() => assertSpendable('F', { currency: 'USD', amountMinor: 10 }, { currency: 'USD', amountMinor: 0 })).toThrow('FUND_SPENDING_NOT_POSITIVE');
  });

  it('never compares balances of different currencies', () => {
    expect(() => assertSpendable('F', { currency: 'CDF', amountMinor: 10_000 }, { currency: 'USD', amountMinor: 1 })).toThrow(Error);
  });

  it('lets another user than the requester decide a pending spending, once', () => {
    expect(() => assertMayDecide({ spendingId: 's', status: 'pending', requesterId: 'a', deciderId: 'b' })).not.toThrow();
    expect(() => assertMayDecide({ spendingId: 's', status: 'pending', requesterId: 'a', deciderId: 'a' })).toThrow('SPENDING_SELF_APPROVAL');
    expect(() => assertMayDecide({ spendingId: 's', status: 'approved', requesterId: 'a', deciderId: 'b' })).toThrow('SPENDING_NOT_PENDING');
    expect(() => assertMayDecide({ spendingId: 's', status: 'rejected', requesterId: 'a', deciderId: 'b' })).toThrow('SPENDING_NOT_PENDING');
  });
});

describe('attributeFeeRule', () => {
  it('finds the version of the rule in force on the purchase day', () => {
    expect(attributeFeeRule(SCHEDULE, 'COMMUNITY', '2025-12-31', 1, 1)).toBe('COMMUNITY_2025');
    expect(attributeFeeRule(SCHEDULE, 'COMMUNITY', '2026-01-01', 1, 1)).toBe('COMMUNITY_2026');
  });

  it('matches the n-th line of a fund to the n-th rule of that fund in schedule order', () => {
    expect(attributeFeeRule(SCHEDULE, 'COMMUNITY', '2026-07-01', 1, 2)).toBe('COMMUNITY_2026');
    expect(attributeFeeRule(SCHEDULE, 'COMMUNITY', '2026-07-01', 2, 2)).toBe('SCHOOL_LEVY');
  });

  it('does not guess when the schedule no longer matches the lines of the day', () => {
    // one line recorded, but two rules crediting the fund are in force that day now
    expect(attributeFeeRule(SCHEDULE, 'COMMUNITY', '2026-07-01', 1, 1)).toBeNull();
    expect(attributeFeeRule(SCHEDULE, 'UNKNOWN', '2026-07-01', 1, 1)).toBeNull();
    expect(attributeFeeRule(SCHEDULE, 'COMMUNITY', '2024-07-01', 1, 1)).toBeNull();
  });
});

describe('buildFundStatement', () => {
  it('gives opening, credits and reversals by rule, spending by purpose and closing, per currency', () => {
    const sections = buildFundStatement({
      fundCode: 'COMMUNITY',
      schedule: SCHEDULE,
      opening: [{ currency: 'USD', amountMinor: 1000 }],
      feeLines: [
        line({ ruleDay: '2025-12-30', count: 2, amountMinor: 300 }),
        line({ ruleDay: '2026-01-02', count: 3, amountMinor: 450 }),
        line({ ruleDay: '2026-01-05', count: 1, amountMinor: 50 }),
        line({ kind: 'reversal', ruleDay: '2025-12-30', count: 1, amountMinor: -150 }),
        line({ currency: 'CDF', ruleDay: '2026-01-05', count: 1, amountMinor: 28_000 }),
        line({ ruleDay: '2026-07-01', linesForFund: 1, count: 1, amountMinor: 7 }),
      ],
      spending: [
        { currency: 'USD', purpose: 'Puits d’eau', count: 1, amountMinor: 400 },
        { currency: 'USD', purpose: 'Fournitures scolaires', count: 2, amountMinor: 600 },
      ],
    });
    expect(sections.map((section) => section.currency)).toEqual(['CDF', 'USD']);
    const usd = sections[1];
    expect(usd.openingMinor).toBe(1000);
    expect(usd.credits).toEqual([
      { ruleCode: 'COMMUNITY_2025', count: 2, amountMinor: 300 },
      { ruleCode: 'COMMUNITY_2026', count: 4, amountMinor: 500 },
      { ruleCode: null, count: 1, amountMinor: 7 },
    ]);
    expect(usd.creditedMinor).toBe(807);
    expect(usd.reversals).toEqual([{ ruleCode: 'COMMUNITY_2025', count: 1, amountMinor: -150 }]);
    expect(usd.spending.map((s) => s.purpose)).toEqual(['Fournitures scolaires', 'Puits d’eau']);
    expect(usd.spentMinor).toBe(1000);
    expect(usd.closingMinor).toBe(1000 + 807 - 150 - 1000);
    expect(sections[0]).toMatchObject({ openingMinor: 0, creditedMinor: 28_000, spentMinor: 0, closingMinor: 28_000 });
  });

  it('has no section for a fund with nothing in any currency', () => {
    expect(buildFundStatement({ fundCode: 'X', schedule: [], opening: [], feeLines: [], spending: [] })).toEqual([]);
  });
});
