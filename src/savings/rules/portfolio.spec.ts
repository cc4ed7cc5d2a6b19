import { addDaysFromYear100 } from '../../common/calendar-date.js';
import { type LoanTerms } from './loan-terms.js';
import { portfolioAtRisk, portfolioAtRiskAsOf } from './portfolio.js';

describe('portfolioAtRisk', () => {
  it('divides overdue principal by all outstanding principal, in basis points', () => {
    expect(
      portfolioAtRisk([
        { principalOutstandingMinor: 25_000, daysOverdue: 10 },
        { principalOutstandingMinor: 75_000, daysOverdue: 0 },
      ]),
    ).toEqual({
      atRiskPrincipalMinor: 25_000,
      outstandingPrincipalMinor: 100_000,
      basisPoints: 2_500,
      loansAtRisk: 1,
      loansOutstanding: 2,
      minDaysOverdue: 1,
    });
  });

  it('rounds half-up to the basis point', () => {
    // 1 / 3 = 3 333.33… bp → 3 333; 2 / 3 = 6 666.66… bp → 6 667; 1 / 20 000 = 0.5 bp → 1.
    const third = portfolioAtRisk([
      { principalOutstandingMinor: 1, daysOverdue: 1 },
      { principalOutstandingMinor: 2, daysOverdue: 0 },
    ]);
    expect(third.basisPoints).toBe(3_333);
    const twoThirds = portfolioAtRisk([
      { principalOutstandingMinor: 2, daysOverdue: 1 },
      { principalOutstandingMinor: 1, daysOverdue: 0 },
    ]);
    expect(twoThirds.basisPoints).toBe(6_667);
    const half = portfolioAtRisk([
      { principalOutstandingMinor: 1, daysOverdue: 1 },
      { principalOutstandingMinor: 19_999, daysOverdue: 0 },
    ]);
    expect(half.basisPoints).toBe(1);
  });

  it('is 0 bp with the raw zero fraction when nothing is outstanding', () => {
    expect(portfolioAtRisk([])).toMatchObject({ atRiskPrincipalMinor: 0, outstandingPrincipalMinor: 0, basisPoints: 0 });
  });

  it('is 10 000 bp when every outstanding loan is overdue', () => {
    expect(portfolioAtRisk([{ principalOutstandingMinor: 5, daysOverdue: 90 }]).basisPoints).toBe(10_000);
  });

  it('counts only loans overdue by at least the threshold (PAR30)', () => {
    const loans = [
      { principalOutstandingMinor: 10_000, daysOverdue: 29 },
      { principalOutstandingMinor: 20_000, daysOverdue: 30 },
      { principalOutstandingMinor: 70_000, daysOverdue: 0 },
    ];
    expect(portfolioAtRisk(loans, 30)).toMatchObject({ atRiskPrincipalMinor: 20_000, basisPoints: 2_000, loansAtRisk: 1 });
    expect(portfolioAtRisk(loans)).toMatchObject({ atRiskPrincipalMinor: 30_000, basisPoints: 3_000, loansAtRisk: 2 });
  });

  it('leaves settled loans out of both numerator and denominator', () => {
    expect(
      portfolioAtRisk([
        { principalOutstandingMinor: 0, daysOverdue: 40 },
        { principalOutstandingMinor: 100, daysOverdue: 0 },
      ]),
    ).toMatchObject({ atRiskPrincipalMinor: 0, outstandingPrincipalMinor: 100, loansOutstanding: 1, loansAtRisk: 0 });
  });

  it('refuses malformed positions and a zero threshold', () => {
    expect(() => portfolioAtRisk([{ principalOutstandingMinor: -1, daysOverdue: 0 }])).toThrow('AMOUNT_NOT_WHOLE_MINOR_UNITS');
    expect(() => portfolioAtRisk([{ principalOutstandingMinor: 1, daysOverdue: 1.5 }])).toThrow('COUNT_NOT_WHOLE');
    expect(() => portfolioAtRisk([], 0)).toThrow('PAR_THRESHOLD_NOT_POSITIVE');
  });
});

describe('portfolioAtRiskAsOf', () => {
  const terms: LoanTerms = {
    principalMinor: 100_000,
    disbursedOn: '2025-01-01',
    termMonths: 1,
    serviceChargeRateBpPerMonth: 1_000,
    serviceChargeMethod: 'flat',
  };

  it('works out each loan’s overdue principal from its history on the given day', () => {
    const loans = [
      { terms, repayments: [{ paidOn: '2025-01-20', amountMinor: 60_000 }] },
      { terms: { ...terms, termMonths: 3 }, repayments: [] },
      { terms, repayments: [{ paidOn: '2025-01-31', amountMinor: 110_000 }] },
    ];
    expect(portfolioAtRiskAsOf(loans, '2025-01-31')).toMatchObject({ atRiskPrincipalMinor: 0, outstandingPrincipalMinor: 150_000 });
    expect(portfolioAtRiskAsOf(loans, addDaysFromYear100('2025-01-31', 1))).toEqual({
      atRiskPrincipalMinor: 50_000,
      outstandingPrincipalMinor: 150_000,
      basisPoints: 3_333,
      loansAtRisk: 1,
      loansOutstanding: 2,
      minDaysOverdue: 1,
    });
    expect(portfolioAtRiskAsOf(loans, addDaysFromYear100('2025-01-31', 29), 30).atRiskPrincipalMinor).toBe(0);
    expect(portfolioAtRiskAsOf(loans, addDaysFromYear100('2025-01-31', 30), 30).atRiskPrincipalMinor).toBe(50_000);
  });
});
