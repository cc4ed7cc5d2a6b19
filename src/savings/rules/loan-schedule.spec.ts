import { loanBalance, loanOverdueStatus, type LoanRepayment } from './loan-balance.js';
import { loanSchedule, type PrincipalRepaymentPlan } from './loan-schedule.js';
import { termEndsOn, type LoanTerms } from './loan-terms.js';
import { type ServiceChargeMethod } from './cycle-rules.js';

const flat: LoanTerms = {
  principalMinor: 100_000,
  disbursedOn: '2025-01-01',
  termMonths: 3,
  serviceChargeRateBpPerMonth: 1_000,
  serviceChargeMethod: 'flat',
};
const declining: LoanTerms = { ...flat, serviceChargeMethod: 'declining' };

describe('loanSchedule', () => {
  it('splits a flat loan into equal instalments, the odd unit first, with the same charge each period', () => {
    expect(loanSchedule(flat)).toEqual({
      rows: [
        { period: 1, dueOn: '2025-01-31', principalDueMinor: 33_334, serviceChargeDueMinor: 10_000, totalDueMinor: 43_334, principalOutstandingAfterMinor: 66_666 },
        { period: 2, dueOn: '2025-03-02', principalDueMinor: 33_333, serviceChargeDueMinor: 10_000, totalDueMinor: 43_333, principalOutstandingAfterMinor: 33_333 },
        { period: 3, dueOn: '2025-04-01', principalDueMinor: 33_333, serviceChargeDueMinor: 10_000, totalDueMinor: 43_333, principalOutstandingAfterMinor: 0 },
      ],
      totalPrincipalMinor: 100_000,
      totalServiceChargeMinor: 30_000,
      totalDueMinor: 130_000,
    });
  });

  it('charges a declining loan on what is left after each instalment, rounded half-up', () => {
    const schedule = loanSchedule(declining);
    expect(schedule.rows.map((row) => row.serviceChargeDueMinor)).toEqual([10_000, 6_667, 3_333]);
    expect(schedule.totalServiceChargeMinor).toBe(20_000);
    expect(schedule.totalDueMinor).toBe(120_000);
  });

  it('puts the whole principal on the last day when the plan says so', () => {
    for (const terms of [flat, declining]) {
      const schedule = loanSchedule(terms, 'at-term-end');
      expect(schedule.rows.map((row) => row.principalDueMinor)).toEqual([0, 0, 100_000]);
      expect(schedule.rows.map((row) => row.serviceChargeDueMinor)).toEqual([10_000, 10_000, 10_000]);
      expect(schedule.rows.map((row) => row.principalOutstandingAfterMinor)).toEqual([100_000, 100_000, 0]);
    }
  });

  it('has a single row for a one-month loan, due on day 30', () => {
    expect(loanSchedule({ ...flat, termMonths: 1 }).rows).toEqual([
      { period: 1, dueOn: '2025-01-31', principalDueMinor: 100_000, serviceChargeDueMinor: 10_000, totalDueMinor: 110_000, principalOutstandingAfterMinor: 0 },
    ]);
  });

  it('handles a principal smaller than the number of months without fractions', () => {
    expect(loanSchedule({ ...flat, principalMinor: 2 }).rows.map((row) => row.principalDueMinor)).toEqual([1, 1, 0]);
  });

  it('charges nothing, even flat, for a period that starts with the principal already repaid', () => {
    const schedule = loanSchedule({ ...flat, principalMinor: 2, serviceChargeRateBpPerMonth: 10_000 });
    expect(schedule.rows.map((row) => row.serviceChargeDueMinor)).toEqual([2, 2, 0]);
    expect(schedule.rows[2].totalDueMinor).toBe(0);
  });

  it('ends its last row on the term’s last day', () => {
    const terms = { ...flat, termMonths: 6 };
    expect(loanSchedule(terms).rows.at(-1)?.dueOn).toBe(termEndsOn(terms));
  });

  describe('sums and agreement with the loan ledger, over many loans', () => {
    const methods: ServiceChargeMethod[] = ['flat', 'declining'];
    const plans: PrincipalRepaymentPlan[] = ['equal-instalments', 'at-term-end'];
    const principals = [1, 7, 999, 100_000, 123_457, 5_000_003];
    const rates = [0, 1, 333, 500, 1_000, 10_000];
    const cases = methods.flatMap((method) =>
      plans.flatMap((plan) =>
        principals.flatMap((principalMinor) =>
          rates.flatMap((rate) => [1, 2, 3, 5, 12].map((termMonths) => ({ method, plan, principalMinor, rate, termMonths }))),
        ),
      ),
    );

    it(`adds up and clears the loan on its last day when paid as scheduled (${cases.length} loans)`, () => {
      for (const { method, plan, principalMinor, rate, termMonths } of cases) {
        const terms: LoanTerms = { ...flat, principalMinor, termMonths, serviceChargeRateBpPerMonth: rate, serviceChargeMethod: method };
        const schedule = loanSchedule(terms, plan);
        const sum = (pick: (row: (typeof schedule.rows)[number]) => number): number =>
          schedule.rows.reduce((total, row) => total + pick(row), 0);
        expect(schedule.rows).toHaveLength(termMonths);
        expect(sum((row) => row.principalDueMinor)).toBe(principalMinor);
        expect(sum((row) => row.serviceChargeDueMinor)).toBe(schedule.totalServiceChargeMinor);
        expect(sum((row) => row.totalDueMinor)).toBe(schedule.totalDueMinor);
        expect(schedule.totalDueMinor).toBe(principalMinor + schedule.totalServiceChargeMinor);
        const repayments: LoanRepayment[] = schedule.rows
          .filter((row) => row.totalDueMinor > 0)
          .map((row) => ({ paidOn: row.dueOn, amountMinor: row.totalDueMinor }));
        const end = termEndsOn(terms);
        const balance = loanBalance(terms, repayments, end);
        expect(balance.totalOutstandingMinor).toBe(0);
        expect(balance.serviceChargeAccruedMinor).toBe(schedule.totalServiceChargeMinor);
        expect(loanOverdueStatus(terms, repayments, '2030-01-01').overdue).toBe(false);
      }
    });
  });
});
