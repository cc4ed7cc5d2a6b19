import type { LedgerLoan, LedgerMovement } from '../rules/ledger.js';
import {
  attendanceRate, cycleSavings, groupIndicators, loansOutstanding, returnOnSavings, type AttendanceMeeting,
} from './indicators.js';

let nextId = 0;
function movement(fields: Partial<LedgerMovement> & Pick<LedgerMovement, 'kind' | 'amountMinor' | 'occurredOn'>): LedgerMovement {
  nextId += 1;
  return { id: `mv-${nextId}`, fund: 'loan_fund', memberId: 'a', loanId: null, shares: 0, reversesMovementId: null, ...fields };
}

const loan: LedgerLoan = {
  id: 'loan-1',
  memberId: 'a',
  terms: { principalMinor: 5000, disbursedOn: '2026-01-12', termMonths: 1, serviceChargeRateBpPerMonth: 1000, serviceChargeMethod: 'flat' },
};

describe('attendanceRate', () => {
  const meeting = (heldOn: string, statuses: string[], expectedMembers = 3): AttendanceMeeting => ({ heldOn, statuses, expectedMembers });

  it('has no rate without meetings', () => {
    expect(attendanceRate([])).toEqual({ meetingsCounted: 0, meetingsWithoutAttendance: 0, attended: 0, expected: 0, basisPoints: null });
  });

  it('looks at the four latest meetings whatever the order given, counting present and late as attending', () => {
    const rate = attendanceRate([
      meeting('2026-01-26', ['present', 'present', 'present']),
      meeting('2026-01-05', ['absent', 'absent', 'absent']),
      meeting('2026-01-19', ['late', 'absent_with_leave', 'represented']),
      meeting('2026-02-02', ['present', 'absent', 'present']),
      meeting('2026-01-12', ['present', 'present', 'late']),
    ]);
    // 3 + 1 + 2 + 3 attended of 4 × 3 expected; the first meeting (all absent) is out of the window.
    expect(rate).toEqual({ meetingsCounted: 4, meetingsWithoutAttendance: 0, attended: 9, expected: 12, basisPoints: 7500 });
  });

  it('leaves out a meeting whose attendance was not taken rather than reading it as absences', () => {
    const rate = attendanceRate([meeting('2026-01-05', ['present', 'present']), meeting('2026-01-12', [])], 4);
    expect(rate).toEqual({ meetingsCounted: 1, meetingsWithoutAttendance: 1, attended: 2, expected: 3, basisPoints: 6667 });
  });

  it('has no rate when no meeting of the window had attendance taken', () => {
    expect(attendanceRate([meeting('2026-01-05', [])]).basisPoints).toBeNull();
  });

  it('never tops 100 % when more statuses than members on the roll were recorded', () => {
    expect(attendanceRate([meeting('2026-01-05', ['present', 'present', 'present'], 2)])).toMatchObject({ attended: 3, expected: 3, basisPoints: 10_000 });
  });

  it('takes a smaller window when asked', () => {
    const rate = attendanceRate([meeting('2026-01-05', ['absent', 'absent', 'absent']), meeting('2026-01-12', ['present', 'present', 'present'])], 1);
    expect(rate).toMatchObject({ meetingsCounted: 1, basisPoints: 10_000 });
  });
});

describe('cycleSavings', () => {
  it('is zero without purchases', () => {
    expect(cycleSavings([])).toEqual({ shares: 0, savingsMinor: 0 });
  });

  it('sums standing share purchases and leaves reversed ones and other kinds out', () => {
    const bought = movement({ kind: 'share_purchase', amountMinor: 2000, shares: 2, occurredOn: '2026-01-05' });
    const wrong = movement({ kind: 'share_purchase', amountMinor: 3000, shares: 3, occurredOn: '2026-01-05' });
    const reversal = movement({ kind: 'reversal', amountMinor: -3000, shares: -3, reversesMovementId: wrong.id, occurredOn: '2026-01-05' });
    const fine = movement({ kind: 'fine', amountMinor: 100, occurredOn: '2026-01-05' });
    expect(cycleSavings([bought, wrong, reversal, fine])).toEqual({ shares: 2, savingsMinor: 2000 });
  });
});

describe('loansOutstanding', () => {
  it('is zero without loans', () => {
    expect(loansOutstanding([], '2026-01-19')).toEqual({ count: 0, principalMinor: 0, serviceChargeMinor: 0, totalMinor: 0 });
  });

  it('counts what is owed with the service charge accrued, and not a loan disbursed after the day asked', () => {
    expect(loansOutstanding([{ loan, repayments: [] }], '2026-01-19')).toEqual({ count: 1, principalMinor: 5000, serviceChargeMinor: 500, totalMinor: 5500 });
    expect(loansOutstanding([{ loan, repayments: [] }], '2026-01-11').count).toBe(0);
  });

  it('drops a loan repaid in full and applies a part repayment to the charge first', () => {
    expect(loansOutstanding([{ loan, repayments: [{ paidOn: '2026-01-26', amountMinor: 5500 }] }], '2026-01-26').count).toBe(0);
    expect(loansOutstanding([{ loan, repayments: [{ paidOn: '2026-01-26', amountMinor: 1500 }] }], '2026-01-26'))
      .toEqual({ count: 1, principalMinor: 4000, serviceChargeMinor: 0, totalMinor: 4000 });
  });
});

describe('returnOnSavings', () => {
  it('has no rate without savings', () => {
    expect(returnOnSavings({ savingsMinor: 0, loanFundCashMinor: 100, paidOutMinor: 0, owedMinor: 0 }))
      .toEqual({ savingsMinor: 0, loanFundValueMinor: 100, earningsMinor: 100, basisPoints: null });
  });

  it('counts cash, the share-out already paid and what is owed as the fund\'s value', () => {
    expect(returnOnSavings({ savingsMinor: 16_000, loanFundCashMinor: 11_100, paidOutMinor: 0, owedMinor: 5500 }))
      .toEqual({ savingsMinor: 16_000, loanFundValueMinor: 16_600, earningsMinor: 600, basisPoints: 375 });
    expect(returnOnSavings({ savingsMinor: 16_000, loanFundCashMinor: 1, paidOutMinor: 16_599, owedMinor: 0 }).basisPoints).toBe(375);
  });

  it('is negative, rounded half away from zero, when the fund is worth less than what was saved', () => {
    expect(returnOnSavings({ savingsMinor: 3, loanFundCashMinor: 2, paidOutMinor: 0, owedMinor: 0 })).toMatchObject({ earningsMinor: -1, basisPoints: -3333 });
    expect(returnOnSavings({ savingsMinor: 20_000, loanFundCashMinor: 19_999, paidOutMinor: 0, owedMinor: 0 }).basisPoints).toBe(-1);
  });
});

describe('groupIndicators', () => {
  const members = [
    { sex: 'F', joinedOn: '2026-01-01' },
    { sex: 'M', joinedOn: '2026-01-01' },
    { sex: 'F', joinedOn: '2026-01-15' },
  ];

  it('answers zeros and no rates for a group without meetings, loans or savings', () => {
    const indicators = groupIndicators({ asOf: '2026-01-05', members: [], meetings: [], movements: [], loans: [] });
    expect(indicators).toEqual({
      asOf: '2026-01-05',
      members: { total: 0, women: 0, men: 0 },
      attendance: { meetingsCounted: 0, meetingsWithoutAttendance: 0, attended: 0, expected: 0, basisPoints: null },
      savings: { shares: 0, savingsMinor: 0 },
      loansOutstanding: { count: 0, principalMinor: 0, serviceChargeMinor: 0, totalMinor: 0 },
      loansWrittenOff: { count: 0, principalMinor: 0, serviceChargeMinor: 0 },
      carriedDebtsOutstanding: { count: 0, principalMinor: 0, serviceChargeMinor: 0, totalMinor: 0 },
      portfolioAtRisk: { atRiskPrincipalMinor: 0, outstandingPrincipalMinor: 0, basisPoints: 0, loansAtRisk: 0, loansOutstanding: 0, minDaysOverdue: 1 },
      loanFundCashMinor: 0,
      socialFundMinor: 0,
      returnOnSavings: { savingsMinor: 0, loanFundValueMinor: 0, earningsMinor: 0, basisPoints: null },
    });
  });

  describe('a small cycle', () => {
    const movements: LedgerMovement[] = [
      movement({ kind: 'share_purchase', amountMinor: 5000, shares: 5, occurredOn: '2026-01-05' }),
      movement({ kind: 'share_purchase', memberId: 'b', amountMinor: 5000, shares: 5, occurredOn: '2026-01-05' }),
      movement({ kind: 'social_fund_contribution', fund: 'social_fund', amountMinor: 200, occurredOn: '2026-01-05' }),
      movement({ kind: 'loan_disbursement', loanId: loan.id, amountMinor: -5000, occurredOn: '2026-01-12' }),
      movement({ kind: 'fine', memberId: 'b', amountMinor: 100, occurredOn: '2026-01-12' }),
      movement({ kind: 'share_purchase', memberId: 'c', amountMinor: 1000, shares: 1, occurredOn: '2026-01-19' }),
    ];
    const meetings = [
      { heldOn: '2026-01-05', statuses: ['present', 'present'] },
      { heldOn: '2026-01-12', statuses: ['present', 'absent'] },
      { heldOn: '2026-01-19', statuses: ['present', 'late', 'present'] },
    ];

    it('gives members, attendance, savings, loans, social fund and return as of a day', () => {
      const indicators = groupIndicators({ asOf: '2026-01-19', members, meetings, movements, loans: [loan] });
      expect(indicators.members).toEqual({ total: 3, women: 2, men: 1 });
      // 2/2 + 1/2 + 3/3 = 6 of 7
      expect(indicators.attendance).toMatchObject({ meetingsCounted: 3, attended: 6, expected: 7, basisPoints: 8571 });
      expect(indicators.savings).toEqual({ shares: 11, savingsMinor: 11_000 });
      expect(indicators.loansOutstanding).toEqual({ count: 1, principalMinor: 5000, serviceChargeMinor: 500, totalMinor: 5500 });
      expect(indicators.portfolioAtRisk).toMatchObject({ basisPoints: 0, outstandingPrincipalMinor: 5000 });
      expect(indicators.loanFundCashMinor).toBe(6100);
      expect(indicators.socialFundMinor).toBe(200);
      // value 6100 + 5500 = 11 600 for 11 000 saved: 600 earned, 5.45 %
      expect(indicators.returnOnSavings).toEqual({ savingsMinor: 11_000, loanFundValueMinor: 11_600, earningsMinor: 600, basisPoints: 545 });
    });

    it('leaves out what happened after the day asked', () => {
      const indicators = groupIndicators({ asOf: '2026-01-05', members, meetings, movements, loans: [loan] });
      expect(indicators.members.total).toBe(2);
      expect(indicators.savings.savingsMinor).toBe(10_000);
      expect(indicators.loansOutstanding.count).toBe(0);
      expect(indicators.attendance).toMatchObject({ meetingsCounted: 1, basisPoints: 10_000 });
      expect(indicators.returnOnSavings.basisPoints).toBe(0);
    });

    it('puts an overdue loan at risk', () => {
      const indicators = groupIndicators({ asOf: '2026-02-20', members, meetings, movements, loans: [loan] });
      expect(indicators.portfolioAtRisk).toMatchObject({ basisPoints: 10_000, atRiskPrincipalMinor: 5000, loansAtRisk: 1 });
      expect(indicators.loansOutstanding.serviceChargeMinor).toBe(1000);
    });

    it('counts a written-off loan as a loss from the day of the decision: not owed, not at risk', () => {
      const writeOffs = new Map([[loan.id, { writtenOffOn: '2026-02-20', principalMinor: 5000, serviceChargeMinor: 1000 }]]);
      const before = groupIndicators({ asOf: '2026-02-19', members, meetings, movements, loans: [loan], writeOffs });
      expect(before.loansWrittenOff.count).toBe(0);
      expect(before.portfolioAtRisk.basisPoints).toBe(10_000);
      const after = groupIndicators({ asOf: '2026-02-20', members, meetings, movements, loans: [loan], writeOffs });
      expect(after.loansOutstanding).toEqual({ count: 0, principalMinor: 0, serviceChargeMinor: 0, totalMinor: 0 });
      expect(after.loansWrittenOff).toEqual({ count: 1, principalMinor: 5000, serviceChargeMinor: 1000 });
      expect(after.portfolioAtRisk).toMatchObject({ basisPoints: 0, outstandingPrincipalMinor: 0 });
      // 6100 cash for 11 000 saved: the loss shows in the return
      expect(after.returnOnSavings).toMatchObject({ loanFundValueMinor: 6100, earningsMinor: -4900, basisPoints: -4455 });
    });

    it('forgets a loan whose disbursement was reversed', () => {
      const disbursement = movements[3];
      const reversal = movement({ kind: 'reversal', loanId: loan.id, amountMinor: 5000, reversesMovementId: disbursement.id, occurredOn: '2026-01-12' });
      const indicators = groupIndicators({ asOf: '2026-01-19', members, meetings, movements: [...movements, reversal], loans: [loan] });
      expect(indicators.loansOutstanding.count).toBe(0);
      expect(indicators.loanFundCashMinor).toBe(11_100);
      expect(indicators.returnOnSavings).toMatchObject({ earningsMinor: 100, basisPoints: 91 });
    });
  });
});
