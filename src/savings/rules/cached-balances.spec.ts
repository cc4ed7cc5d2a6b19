import { balanceDifferences, describeDifference, recomputedBalances, type CachedBalances } from './cached-balances.js';
import type { LedgerLoan, LedgerMovement } from './ledger.js';

const terms = { principalMinor: 5000, disbursedOn: '2026-01-12', termMonths: 1, serviceChargeRateBpPerMonth: 1000, serviceChargeMethod: 'flat' as const };
const LOANS: LedgerLoan[] = [
  { id: 'L1', memberId: 'm1', terms },
  { id: 'L2', memberId: 'm2', terms: { ...terms, principalMinor: 100 } },
  { id: 'L3', memberId: 'm2', terms },
];

function movement(id: string, kind: string, amountMinor: number, extra: Partial<LedgerMovement> = {}): LedgerMovement {
  return { id, kind, fund: 'loan_fund', memberId: 'm1', loanId: null, amountMinor, shares: 0, occurredOn: '2026-01-05', reversesMovementId: null, ...extra };
}

const MOVEMENTS = [
  movement('a', 'share_purchase', 3000, { shares: 3 }),
  movement('b', 'share_purchase', 2000, { shares: 2, memberId: 'm2' }),
  movement('c', 'social_fund_contribution', 500, { fund: 'social_fund' }),
  movement('d', 'loan_disbursement', -5000, { loanId: 'L1', occurredOn: '2026-01-12' }),
  movement('e', 'loan_repayment', 1000, { loanId: 'L1', occurredOn: '2026-01-19' }),
  movement('f', 'loan_repayment', 700, { loanId: 'L1', occurredOn: '2026-01-26' }),
  movement('g', 'reversal', -700, { loanId: 'L1', reversesMovementId: 'f', occurredOn: '2026-01-26' }),
  movement('h', 'reversal', -2000, { shares: -2, memberId: 'm2', reversesMovementId: 'b' }),
  movement('i', 'loan_disbursement', -100, { loanId: 'L2', memberId: 'm2', occurredOn: '2026-01-12' }),
  movement('j', 'reversal', 100, { loanId: 'L2', memberId: 'm2', reversesMovementId: 'i', occurredOn: '2026-01-12' }),
];

describe('recomputedBalances', () => {
  const balances = recomputedBalances(MOVEMENTS, LOANS);

  it('sums cash per fund over every row, reversals included, and counts the rows and the last day', () => {
    expect(balances).toMatchObject({ loanFundMinor: -1000, socialFundMinor: 500, movements: 10, lastMovementOn: '2026-01-26' });
  });

  it('counts only the shares, disbursements and repayments that stand; a loan never disbursed holds zeros', () => {
    expect([...balances.sharesByMember]).toEqual([['m1', 3]]);
    expect(balances.loans.get('L1')).toEqual({ disbursements: 1, repaidMinor: 1000, repayments: 1 });
    expect(balances.loans.get('L2')).toEqual({ disbursements: 0, repaidMinor: 0, repayments: 0 });
    expect(balances.loans.get('L3')).toEqual({ disbursements: 0, repaidMinor: 0, repayments: 0 });
  });

  it('has no last day before the first movement', () => {
    expect(recomputedBalances([], LOANS)).toMatchObject({ loanFundMinor: 0, socialFundMinor: 0, movements: 0, lastMovementOn: null });
  });
});

describe('balanceDifferences', () => {
  const recomputed = recomputedBalances(MOVEMENTS, LOANS);
  const cache = (changes: Partial<CachedBalances> = {}): CachedBalances => ({
    ...recomputed,
    sharesByMember: new Map([['m1', 3], ['m2', 0]]),
    loans: new Map([['L1', { disbursements: 1, repaidMinor: 1000, repayments: 1 }], ['L2', { disbursements: 0, repaidMinor: 0, repayments: 0 }]]),
    ...changes,
  });

  it('finds none when the cache holds the recomputed figures, rows at zero and missing rows alike', () => {
    expect(balanceDifferences(cache(), recomputed)).toEqual([]);
  });

  it('names every figure that differs: the cycle\'s first, then each member\'s, then each loan\'s', () => {
    const differences = balanceDifferences(cache({
      loanFundMinor: -1900,
      lastMovementOn: '2026-01-19',
      sharesByMember: new Map([['m1', 4], ['m3', 1]]),
      loans: new Map([['L1', { disbursements: 1, repaidMinor: 1700, repayments: 2 }], ['L9', { disbursements: 1, repaidMinor: 0, repayments: 0 }]]),
    }), recomputed);
    expect(differences).toEqual([
      { figure: 'loan_fund', cached: -1900, recomputed: -1000 },
      { figure: 'last_movement_on', cached: '2026-01-19', recomputed: '2026-01-26' },
      { figure: 'shares', memberId: 'm1', cached: 4, recomputed: 3 },
      { figure: 'shares', memberId: 'm3', cached: 1, recomputed: 0 },
      { figure: 'loan_repaid_minor', loanId: 'L1', cached: 1700, recomputed: 1000 },
      { figure: 'loan_repayments', loanId: 'L1', cached: 2, recomputed: 1 },
      { figure: 'loan_disbursements', loanId: 'L9', cached: 1, recomputed: 0 },
    ]);
  });

  it('reads each difference as one line naming the cycle, the figure and whose it is', () => {
    expect(describeDifference('c1', { figure: 'shares', memberId: 'm1', cached: 4, recomputed: 3 })).toBe('cycle c1: shares of member m1 is 4 in the cache, 3 from the movements');
    expect(describeDifference('c1', { figure: 'loan_repayments', loanId: 'L1', cached: 2, recomputed: 1 })).toBe('cycle c1: loan_repayments of loan L1 is 2 in the cache, 1 from the movements');
    expect(describeDifference('c1', { figure: 'social_fund', cached: 400, recomputed: 500 })).toBe('cycle c1: social_fund is 400 in the cache, 500 from the movements');
  });
});
