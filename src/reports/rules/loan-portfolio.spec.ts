import type { LedgerMovement } from '../../savings/rules/ledger.js';
import { loanPortfolioByCurrency } from './loan-portfolio.js';

const terms = (principalMinor: number, disbursedOn: string, termMonths: number) => ({
  principalMinor, disbursedOn, termMonths, serviceChargeRateBpPerMonth: 1000, serviceChargeMethod: 'flat' as const,
});
let sequence = 0;
const movement = (kind: string, loanId: string, amountMinor: number, occurredOn: string, reversesMovementId: string | null = null): LedgerMovement => {
  sequence += 1;
  return { id: `m${sequence}`, kind, fund: 'loan_fund', memberId: 'member', loanId, amountMinor, shares: 0, occurredOn, reversesMovementId };
};

describe('loanPortfolioByCurrency', () => {
  const overdue = { id: 'overdue', memberId: 'a', terms: terms(10_000, '2026-01-01', 1) };
  const current = { id: 'current', memberId: 'b', terms: terms(5_000, '2026-03-01', 2) };
  const reversed = { id: 'reversed', memberId: 'c', terms: terms(7_000, '2026-02-01', 1) };
  const writtenOff = { id: 'written-off', memberId: 'd', terms: terms(4_000, '2026-01-05', 1) };
  const later = { id: 'later', memberId: 'e', terms: terms(9_000, '2026-04-01', 1) };
  const reversedDisbursement = movement('loan_disbursement', 'reversed', -7_000, '2026-02-01');
  const usd = {
    currency: 'USD',
    loans: [overdue, current, reversed, writtenOff, later],
    movements: [
      movement('loan_disbursement', 'overdue', -10_000, '2026-01-01'),
      movement('loan_repayment', 'overdue', 3_000, '2026-01-20'),
      movement('loan_disbursement', 'current', -5_000, '2026-03-01'),
      reversedDisbursement,
      movement('reversal', 'reversed', 7_000, '2026-02-02', reversedDisbursement.id),
      movement('loan_disbursement', 'written-off', -4_000, '2026-01-05'),
      movement('loan_disbursement', 'later', -9_000, '2026-04-01'),
    ],
    writeOffs: new Map([['written-off', { writtenOffOn: '2026-03-10', principalMinor: 4_000, serviceChargeMinor: 1_200 }]]),
  };
  const cdf = {
    currency: 'CDF',
    loans: [{ id: 'cdf', memberId: 'f', terms: terms(20_000, '2026-03-01', 3) }],
    movements: [movement('loan_disbursement', 'cdf', -20_000, '2026-03-01')],
    writeOffs: new Map(),
  };

  it('replays repayments (charge first) and counts only standing, disbursed, not written-off loans', () => {
    const [cdfFigures, usdFigures] = loanPortfolioByCurrency([usd, cdf], '2026-03-15');
    // Overdue loan: 3 started periods × 1,000 charge = 3,000; the 3,000 repaid went 1,000 to the
    // first period's charge and 2,000 to principal: 8,000 principal and 2,000 charge owed.
    // Current loan: one period started, 500 charge, 5,000 principal.
    expect(usdFigures).toEqual({
      key: 'USD', currency: 'USD', loansOutstanding: 2, loansOutstandingPrincipalMinor: 13_000, loansOutstandingServiceChargeMinor: 2_500,
      atRiskPrincipalMinor: 8_000, portfolioAtRiskBp: 6_154, portfolioAtRisk30Bp: 6_154, writtenOffPrincipalMinor: 4_000,
    });
    expect(cdfFigures).toMatchObject({ currency: 'CDF', loansOutstanding: 1, loansOutstandingPrincipalMinor: 20_000, atRiskPrincipalMinor: 0, portfolioAtRiskBp: 0 });
  });

  it('does not count a write-off decided after the date, nor a loan overdue by fewer than 30 days in PAR30', () => {
    const [figures] = loanPortfolioByCurrency([usd], '2026-02-10');
    // On 10 Feb: overdue loan ended its term on 31 Jan (10 days late); written-off loan (term
    // ended 4 Feb) is still owed in full; the current loan is not disbursed yet.
    expect(figures).toMatchObject({ loansOutstanding: 2, loansOutstandingPrincipalMinor: 12_000, atRiskPrincipalMinor: 12_000, portfolioAtRiskBp: 10_000, portfolioAtRisk30Bp: 0, writtenOffPrincipalMinor: 0 });
  });

  it('gives nothing outstanding when there are no loans', () => {
    expect(loanPortfolioByCurrency([{ currency: 'USD', loans: [], movements: [], writeOffs: new Map() }], '2026-03-15')).toEqual([
      { key: 'USD', currency: 'USD', loansOutstanding: 0, loansOutstandingPrincipalMinor: 0, loansOutstandingServiceChargeMinor: 0, atRiskPrincipalMinor: 0, portfolioAtRiskBp: 0, portfolioAtRisk30Bp: 0, writtenOffPrincipalMinor: 0 },
    ]);
  });
});
