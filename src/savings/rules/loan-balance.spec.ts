import { domainErrorOf } from '../../common/thrown.fixture.js';
import { addDaysFromYear100 } from '../../common/calendar-date.js';
import {
  allocateRepayment,
  allocateRepayments,
  loanBalance,
  loanOverdueStatus,
  serviceChargeDue,
  type LoanRepayment,
} from './loan-balance.js';
import { declining, DISBURSED, flat } from './loan-terms.fixture.js';

const day = (elapsed: number): string => addDaysFromYear100(DISBURSED, elapsed);
const paid = (elapsed: number, amountMinor: number): LoanRepayment => ({ paidOn: day(elapsed), amountMinor });

describe('service charge at period boundaries, nothing repaid', () => {
  it.each([
    [0, 10_000, 1],
    [29, 10_000, 1],
    [30, 10_000, 1],
    [31, 20_000, 2],
    [60, 20_000, 2],
    [61, 30_000, 3],
    [90, 30_000, 3],
    [91, 40_000, 4],
  ])('flat: on day %p the charge due is %p over %p period(s)', (elapsed, charge, periods) => {
    expect(serviceChargeDue(flat, [], day(elapsed))).toEqual({
      accruedMinor: charge,
      paidMinor: 0,
      outstandingMinor: charge,
      periodsCharged: periods,
    });
  });

  it.each([0, 29, 30, 31, 60, 61, 90, 91])(
    'declining equals flat on day %p while no principal has been repaid',
    (elapsed) => {
      expect(serviceChargeDue(declining, [], day(elapsed))).toEqual(serviceChargeDue(flat, [], day(elapsed)));
    },
  );

  it('owes one period’s charge for a loan repaid the day it is disbursed', () => {
    const balance = loanBalance(flat, [paid(0, 110_000)], day(0));
    expect(balance).toMatchObject({ principalOutstandingMinor: 0, serviceChargeAccruedMinor: 10_000, totalOutstandingMinor: 0 });
    expect(() => loanBalance(flat, [paid(0, 100_000)], day(0))).not.toThrow();
    expect(loanBalance(flat, [paid(0, 100_000)], day(0)).principalOutstandingMinor).toBe(10_000);
  });

  it('refuses a balance asked for before the disbursement', () => {
    expect(domainErrorOf(() => loanBalance(flat, [], '2024-12-31')).code).toBe('DATE_BEFORE_DISBURSEMENT');
  });
});

describe('service charge with repayments', () => {
  it('charges one period for a loan repaid in full on day 30, two on day 31', () => {
    expect(loanBalance(flat, [paid(30, 110_000)], day(200))).toMatchObject({
      totalOutstandingMinor: 0,
      serviceChargeAccruedMinor: 10_000,
      periodsCharged: 1,
    });
    expect(() => loanBalance(flat, [paid(31, 110_000)], day(31))).not.toThrow();
    expect(loanBalance(flat, [paid(31, 120_000)], day(200))).toMatchObject({
      totalOutstandingMinor: 0,
      serviceChargeAccruedMinor: 20_000,
      periodsCharged: 2,
    });
  });

  it('stops charging once the principal is repaid', () => {
    const settled = loanBalance(declining, [paid(10, 110_000)], day(365));
    expect(settled).toMatchObject({ totalOutstandingMinor: 0, periodsCharged: 1, serviceChargeAccruedMinor: 10_000 });
  });

  it('flat keeps charging the original principal after part of it is repaid', () => {
    const history = [paid(30, 40_000), paid(45, 27_000)];
    expect(loanBalance(flat, history, day(45))).toMatchObject({
      principalOutstandingMinor: 53_000,
      serviceChargeOutstandingMinor: 0,
      serviceChargeAccruedMinor: 20_000,
    });
    expect(loanBalance(flat, history, day(61))).toMatchObject({
      principalOutstandingMinor: 53_000,
      serviceChargeOutstandingMinor: 10_000,
      serviceChargeAccruedMinor: 30_000,
    });
  });

  it('declining charges each period on the principal outstanding when it starts', () => {
    const history = [paid(30, 40_000), paid(45, 27_000)];
    // day 30: 10 000 charge + 30 000 principal → 70 000; period 2 charges 7 000;
    // day 45: 7 000 charge + 20 000 principal → 50 000; period 3 charges 5 000.
    expect(loanBalance(declining, history, day(45))).toMatchObject({
      principalOutstandingMinor: 50_000,
      serviceChargeAccruedMinor: 17_000,
      serviceChargePaidMinor: 17_000,
    });
    expect(loanBalance(declining, history, day(61))).toMatchObject({
      principalOutstandingMinor: 50_000,
      serviceChargeOutstandingMinor: 5_000,
      serviceChargeAccruedMinor: 22_000,
      periodsCharged: 3,
    });
  });

  it('counts a repayment on a period’s last day against the next declining period, not one a day later', () => {
    const onDay60 = loanBalance(declining, [paid(0, 60_000), paid(60, 55_000)], day(61));
    const onDay61 = loanBalance(declining, [paid(0, 60_000), paid(61, 55_000)], day(61));
    // day 0: 10 000 charge + 50 000 principal → 50 000; period 2 charges 5 000.
    // day 60: 5 000 charge + 50 000 principal → settled before period 3 starts.
    expect(onDay60).toMatchObject({ totalOutstandingMinor: 0, periodsCharged: 2, serviceChargeAccruedMinor: 15_000 });
    // day 61: period 3 has started on 50 000 → 5 000 more, so 5 000 of principal is left.
    expect(onDay61).toMatchObject({ totalOutstandingMinor: 5_000, periodsCharged: 3, serviceChargeAccruedMinor: 20_000 });
  });

  it('keeps charging an overdue loan for every period started while principal is owed', () => {
    expect(serviceChargeDue(flat, [], day(181)).accruedMinor).toBe(70_000);
    expect(serviceChargeDue(declining, [paid(0, 60_000)], day(181)).accruedMinor).toBe(10_000 + 6 * 5_000);
  });

  it('ignores repayments made after the date asked about', () => {
    expect(loanBalance(flat, [paid(10, 50_000)], day(5)).totalOutstandingMinor).toBe(110_000);
  });

  it('replays repayments in date order whatever order they are given in', () => {
    const inOrder = loanBalance(declining, [paid(10, 20_000), paid(40, 30_000)], day(70));
    const shuffled = loanBalance(declining, [paid(40, 30_000), paid(10, 20_000)], day(70));
    expect(shuffled).toEqual(inOrder);
  });

  it('adds up: principal paid + outstanding = principal, charge paid + outstanding = accrued', () => {
    const balance = loanBalance(declining, [paid(3, 15_000), paid(33, 25_000), paid(70, 8_000)], day(95));
    expect(balance.principalPaidMinor + balance.principalOutstandingMinor).toBe(100_000);
    expect(balance.serviceChargePaidMinor + balance.serviceChargeOutstandingMinor).toBe(balance.serviceChargeAccruedMinor);
    expect(balance.totalOutstandingMinor).toBe(balance.principalOutstandingMinor + balance.serviceChargeOutstandingMinor);
    expect(balance.principalPaidMinor + balance.serviceChargePaidMinor).toBe(48_000);
  });
});

describe('allocateRepayment', () => {
  it('puts a partial repayment smaller than the charge entirely on the charge', () => {
    const allocation = allocateRepayment(flat, [], paid(10, 4_000));
    expect(allocation).toMatchObject({ toServiceChargeMinor: 4_000, toPrincipalMinor: 0 });
    expect(allocation.balanceAfter).toMatchObject({ principalOutstandingMinor: 100_000, serviceChargeOutstandingMinor: 6_000 });
  });

  it('pays the charge exactly and leaves the principal whole', () => {
    expect(allocateRepayment(flat, [], paid(10, 10_000))).toMatchObject({ toServiceChargeMinor: 10_000, toPrincipalMinor: 0 });
  });

  it('pays the charge first and the rest off the principal', () => {
    const allocation = allocateRepayment(flat, [], paid(10, 15_000));
    expect(allocation).toMatchObject({ paidOn: day(10), amountMinor: 15_000, toServiceChargeMinor: 10_000, toPrincipalMinor: 5_000 });
    expect(allocation.balanceAfter).toMatchObject({ principalOutstandingMinor: 95_000, totalOutstandingMinor: 95_000 });
  });

  it('settles the loan with an exact repayment of everything owed', () => {
    const allocation = allocateRepayment(flat, [paid(10, 15_000)], paid(40, 105_000));
    expect(allocation).toMatchObject({ toServiceChargeMinor: 10_000, toPrincipalMinor: 95_000 });
    expect(allocation.balanceAfter.totalOutstandingMinor).toBe(0);
  });

  it('refuses an overpayment by a single unit and says what was owed', () => {
    const error = domainErrorOf(() => allocateRepayment(flat, [], paid(10, 110_001)));
    expect(error.code).toBe('REPAYMENT_EXCEEDS_AMOUNT_OWED');
    expect(error.params).toEqual({
      paidOn: day(10),
      amountMinor: 110_001,
      owedMinor: 110_000,
      serviceChargeOwedMinor: 10_000,
      principalOwedMinor: 100_000,
    });
  });

  it('refuses any repayment on a loan already settled', () => {
    const error = domainErrorOf(() => allocateRepayment(flat, [paid(0, 110_000)], paid(40, 1)));
    expect(error.code).toBe('REPAYMENT_EXCEEDS_AMOUNT_OWED');
    expect(error.params).toMatchObject({ owedMinor: 0 });
  });

  it('refuses a repayment dated before an earlier one, but accepts one on the same day', () => {
    expect(domainErrorOf(() => allocateRepayment(flat, [paid(20, 5_000)], paid(19, 5_000))).params).toEqual({
      paidOn: day(19),
      latestPaidOn: day(20),
    });
    expect(allocateRepayment(flat, [paid(20, 5_000)], paid(20, 7_000))).toMatchObject({
      toServiceChargeMinor: 5_000,
      toPrincipalMinor: 2_000,
    });
  });

  it('refuses a repayment before the disbursement, a zero amount and an impossible date', () => {
    expect(domainErrorOf(() => allocateRepayment(flat, [], { paidOn: '2024-12-31', amountMinor: 1 })).code).toBe(
      'REPAYMENT_BEFORE_DISBURSEMENT',
    );
    expect(domainErrorOf(() => allocateRepayment(flat, [], paid(5, 0))).code).toBe('AMOUNT_NOT_POSITIVE');
    expect(domainErrorOf(() => allocateRepayment(flat, [], { paidOn: '2025-02-30', amountMinor: 1 })).code).toBe('DATE_INVALID');
  });

  it('refuses a history that itself overpays the loan', () => {
    expect(domainErrorOf(() => loanBalance(flat, [paid(0, 60_000), paid(1, 60_000)], day(2))).code).toBe(
      'REPAYMENT_EXCEEDS_AMOUNT_OWED',
    );
  });
});

describe('allocateRepayments', () => {
  it('splits every repayment of the history in date order, as a passbook shows it', () => {
    const lines = allocateRepayments(declining, [paid(45, 27_000), paid(30, 40_000)]);
    expect(lines.map(({ paidOn, toServiceChargeMinor, toPrincipalMinor }) => ({ paidOn, toServiceChargeMinor, toPrincipalMinor }))).toEqual([
      { paidOn: day(30), toServiceChargeMinor: 10_000, toPrincipalMinor: 30_000 },
      { paidOn: day(45), toServiceChargeMinor: 7_000, toPrincipalMinor: 20_000 },
    ]);
    expect(lines[1].balanceAfter.principalOutstandingMinor).toBe(50_000);
  });

  it('returns nothing for a loan without repayments', () => {
    expect(allocateRepayments(flat, [])).toEqual([]);
  });
});

describe('loanOverdueStatus', () => {
  it('is not overdue on the term’s last day even with everything owed', () => {
    expect(loanOverdueStatus(flat, [], day(90))).toMatchObject({ termEndsOn: '2025-04-01', overdue: false, daysOverdue: 0 });
  });

  it('is overdue the day after the term ends while anything is owed, counting the days', () => {
    expect(loanOverdueStatus(flat, [], day(91))).toMatchObject({ overdue: true, daysOverdue: 1 });
    const late = loanOverdueStatus(flat, [paid(30, 100_000)], day(135));
    expect(late).toMatchObject({ overdue: true, daysOverdue: 45 });
    // flat: five started periods × 10 000, of which 10 000 paid, plus 10 000 of principal.
    expect(late.balance.totalOutstandingMinor).toBe(50_000);
  });

  it('is not overdue once everything is repaid, however late', () => {
    expect(loanOverdueStatus(flat, [paid(95, 140_000)], day(400))).toMatchObject({ overdue: false, daysOverdue: 0 });
  });

  it('is not overdue before the term ends', () => {
    expect(loanOverdueStatus(flat, [], day(10)).overdue).toBe(false);
  });
});
