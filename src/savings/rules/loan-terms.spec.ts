import { addDaysFromYear100 } from '../../common/calendar-date.js';
import { defineCycleRules } from './cycle-rules.js';
import {
  loanTermsUnderRules,
  periodEndsOn,
  periodServiceChargeMinor,
  startedPeriods,
  termEndsOn,
} from './loan-terms.js';
import { declining, DISBURSED, flat } from './loan-terms.fixture.js';

describe('startedPeriods', () => {
  it.each([
    [0, 1],
    [1, 1],
    [29, 1],
    [30, 1],
    [31, 2],
    [59, 2],
    [60, 2],
    [61, 3],
    [90, 3],
    [91, 4],
  ])('counts day %p after disbursement as %p started period(s)', (elapsedDays, periods) => {
    expect(startedPeriods(DISBURSED, addDaysFromYear100(DISBURSED, elapsedDays))).toBe(periods);
  });

  it('refuses a date before the disbursement', () => {
    expect(() => startedPeriods(DISBURSED, '2024-12-31')).toThrow('DATE_BEFORE_DISBURSEMENT');
  });
});

describe('period and term ends', () => {
  it('puts the end of period k on day 30k, counting real calendar days', () => {
    expect(periodEndsOn(DISBURSED, 1)).toBe('2025-01-31');
    expect(periodEndsOn(DISBURSED, 2)).toBe('2025-03-02');
    expect(periodEndsOn('2024-01-01', 2)).toBe('2024-03-01');
  });

  it('ends a 3-month term 90 days after disbursement', () => {
    expect(termEndsOn(flat)).toBe('2025-04-01');
    expect(termEndsOn({ ...flat, termMonths: 1 })).toBe('2025-01-31');
  });
});

describe('periodServiceChargeMinor', () => {
  it('charges flat on the original principal whatever is outstanding', () => {
    expect(periodServiceChargeMinor(flat, 100_000)).toBe(10_000);
    expect(periodServiceChargeMinor(flat, 30_000)).toBe(10_000);
  });

  it('charges declining on the principal outstanding at the start of the period', () => {
    expect(periodServiceChargeMinor(declining, 100_000)).toBe(10_000);
    expect(periodServiceChargeMinor(declining, 30_000)).toBe(3_000);
    expect(periodServiceChargeMinor(declining, 0)).toBe(0);
  });

  it('rounds each period half-up to the minor unit', () => {
    expect(periodServiceChargeMinor({ ...declining, serviceChargeRateBpPerMonth: 1_000 }, 5)).toBe(1);
    expect(periodServiceChargeMinor({ ...declining, serviceChargeRateBpPerMonth: 1_000 }, 4)).toBe(0);
    expect(periodServiceChargeMinor({ ...declining, serviceChargeRateBpPerMonth: 1_000 }, 15)).toBe(2);
    expect(periodServiceChargeMinor({ ...declining, serviceChargeRateBpPerMonth: 100 }, 149)).toBe(1);
    expect(periodServiceChargeMinor({ ...declining, serviceChargeRateBpPerMonth: 100 }, 150)).toBe(2);
  });

  it('charges nothing at a zero rate', () => {
    expect(periodServiceChargeMinor({ ...flat, serviceChargeRateBpPerMonth: 0 }, 100_000)).toBe(0);
  });

  it('stays exact for principals whose product with the rate passes 2^53', () => {
    const big = { ...flat, principalMinor: 2 ** 50, serviceChargeRateBpPerMonth: 10_000 };
    expect(periodServiceChargeMinor(big, big.principalMinor)).toBe(2 ** 50);
  });
});

describe('loanTermsUnderRules', () => {
  const rules = defineCycleRules({
    currency: 'XOF',
    sharePriceMinor: 500,
    socialFundContributionMinor: 100,
    serviceChargeRateBpPerMonth: 500,
    serviceChargeMethod: 'declining',
  });

  it('copies the cycle’s rate and method onto the loan', () => {
    expect(loanTermsUnderRules(rules, { principalMinor: 10_000, disbursedOn: DISBURSED, termMonths: 2 })).toEqual({
      principalMinor: 10_000,
      disbursedOn: DISBURSED,
      termMonths: 2,
      serviceChargeRateBpPerMonth: 500,
      serviceChargeMethod: 'declining',
    });
  });

  it('refuses a zero principal, a zero or fractional term and an impossible date', () => {
    const grant = { principalMinor: 10_000, disbursedOn: DISBURSED, termMonths: 2 };
    expect(() => loanTermsUnderRules(rules, { ...grant, principalMinor: 0 })).toThrow('AMOUNT_NOT_POSITIVE');
    expect(() => loanTermsUnderRules(rules, { ...grant, termMonths: 0 })).toThrow('LOAN_TERM_NOT_POSITIVE');
    expect(() => loanTermsUnderRules(rules, { ...grant, termMonths: 1.5 })).toThrow('COUNT_NOT_WHOLE');
    expect(() => loanTermsUnderRules(rules, { ...grant, disbursedOn: '2025-02-30' })).toThrow('DATE_INVALID');
  });
});
