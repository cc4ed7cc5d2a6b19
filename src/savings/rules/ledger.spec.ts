import { foldLedger, type LedgerMovement } from './ledger.js';

const terms = { principalMinor: 5000, disbursedOn: '2026-01-12', termMonths: 1, serviceChargeRateBpPerMonth: 1000, serviceChargeMethod: 'flat' as const };

function movement(id: string, kind: string, amountMinor: number, extra: Partial<LedgerMovement> = {}): LedgerMovement {
  return { id, kind, fund: 'loan_fund', memberId: 'm1', loanId: null, amountMinor, shares: 0, occurredOn: '2026-01-05', reversesMovementId: null, ...extra };
}

describe('foldLedger', () => {
  it('sums cash per fund and counts only the shares, loans and repayments that stand', () => {
    const ledger = foldLedger(
      [
        movement('a', 'share_purchase', 3000, { shares: 3 }),
        movement('b', 'share_purchase', 2000, { shares: 2, memberId: 'm2' }),
        movement('c', 'social_fund_contribution', 500, { fund: 'social_fund' }),
        movement('d', 'loan_disbursement', -5000, { loanId: 'L1', occurredOn: '2026-01-12' }),
        movement('e', 'loan_repayment', 1000, { loanId: 'L1', occurredOn: '2026-01-19' }),
        movement('f', 'reversal', -2000, { shares: -2, memberId: 'm2', reversesMovementId: 'b' }),
        movement('g', 'loan_disbursement', -100, { loanId: 'L2', occurredOn: '2026-01-12' }),
        movement('h', 'reversal', 100, { loanId: 'L2', reversesMovementId: 'g' }),
      ],
      [{ id: 'L1', memberId: 'm1', terms }, { id: 'L2', memberId: 'm1', terms: { ...terms, principalMinor: 100 } }],
    );
    expect(ledger.loanFundMinor).toBe(3000 + 2000 - 5000 + 1000 - 2000 - 100 + 100);
    expect(ledger.socialFundMinor).toBe(500);
    expect([...ledger.sharesByMember]).toEqual([['m1', 3]]);
    expect(ledger.loans.map((loan) => loan.id)).toEqual(['L1']);
    expect(ledger.repaymentsByLoan.get('L1')).toEqual([{ paidOn: '2026-01-19', amountMinor: 1000 }]);
    expect([...ledger.reversed].sort()).toEqual(['b', 'g']);
  });
});
