import type { LedgerLoan } from '../rules/ledger.js';
import { closingBalances, inMeetingOrder, passbookLines, type DocumentMovement } from './passbook.js';

const meetings = [
  { id: 'm2', heldOn: '2026-01-12' },
  { id: 'm1', heldOn: '2026-01-05' },
  { id: 'm3', heldOn: '2026-01-19' },
];

const loan: LedgerLoan = {
  id: 'loan-1',
  memberId: 'a',
  terms: { principalMinor: 5000, disbursedOn: '2026-01-12', termMonths: 1, serviceChargeRateBpPerMonth: 1000, serviceChargeMethod: 'flat' },
};

let nextId = 0;
function mv(fields: Partial<DocumentMovement> & Pick<DocumentMovement, 'kind' | 'amountMinor' | 'meetingId'>): DocumentMovement {
  nextId += 1;
  const day = meetings.find((meeting) => meeting.id === fields.meetingId)?.heldOn ?? '2026-01-26';
  return {
    id: `mv-${nextId}`, fund: 'loan_fund', memberId: 'a', loanId: null, shares: 0, fineCode: null, purpose: null, reversesMovementId: null, reason: null,
    occurredOn: day, ...fields,
  };
}

describe('inMeetingOrder', () => {
  it('sorts by meeting date, keeps recording order within a meeting and puts movements outside meetings last', () => {
    const rows = [{ meetingId: null, n: 1 }, { meetingId: 'm3', n: 2 }, { meetingId: 'm1', n: 3 }, { meetingId: 'm2', n: 4 }, { meetingId: 'm1', n: 5 }];
    expect(inMeetingOrder(rows, meetings).map((row) => row.n)).toEqual([3, 5, 4, 2, 1]);
  });
});

describe('passbookLines', () => {
  it('is empty, with zero balances, for a member who did nothing', () => {
    const lines = passbookLines('z', [mv({ kind: 'share_purchase', amountMinor: 1000, shares: 1, meetingId: 'm1' })], meetings, []);
    expect(lines).toEqual([]);
    expect(closingBalances(lines)).toEqual({ shares: 0, savingsMinor: 0, socialFundPaidMinor: 0, finesPaidMinor: 0, loanOwedMinor: 0 });
  });

  describe('a member who saves, borrows, is fined by mistake and repays', () => {
    const shares1 = mv({ kind: 'share_purchase', amountMinor: 2000, shares: 2, meetingId: 'm1' });
    const social1 = mv({ kind: 'social_fund_contribution', amountMinor: 200, meetingId: 'm1' });
    const other = mv({ kind: 'share_purchase', memberId: 'b', amountMinor: 5000, shares: 5, meetingId: 'm1' });
    const shares2 = mv({ kind: 'share_purchase', amountMinor: 1000, shares: 1, meetingId: 'm2' });
    const disbursement = mv({ kind: 'loan_disbursement', loanId: loan.id, amountMinor: -5000, meetingId: 'm2' });
    const fine = mv({ kind: 'fine', fineCode: 'late', amountMinor: 100, meetingId: 'm2' });
    const grant = mv({ kind: 'social_fund_grant', purpose: 'Deuil', amountMinor: -500, meetingId: 'm3' });
    const repayment = mv({ kind: 'loan_repayment', loanId: loan.id, amountMinor: 1500, meetingId: 'm3' });
    // recorded after meeting 3, it corrects meeting 2 and is read there
    const fineReversal = mv({ kind: 'reversal', fineCode: 'late', amountMinor: -100, meetingId: 'm2', reversesMovementId: fine.id, reason: 'À l\'heure' });
    const payout = mv({ kind: 'share_out_payout', amountMinor: -3100, meetingId: null });
    const movements = [shares1, social1, other, shares2, disbursement, fine, grant, repayment, fineReversal, payout];
    const lines = passbookLines('a', movements, meetings, [loan]);

    it('lists only the member\'s movements, meeting by meeting, the correction beside what it corrects', () => {
      expect(lines.map((line) => line.movementId)).toEqual([shares1.id, social1.id, shares2.id, disbursement.id, fine.id, fineReversal.id, grant.id, repayment.id, payout.id]);
    });

    it('keeps running balances of shares, savings, social fund and fines', () => {
      expect(lines.map((line) => [line.after.shares, line.after.savingsMinor, line.after.socialFundPaidMinor, line.after.finesPaidMinor])).toEqual([
        [2, 2000, 0, 0],
        [2, 2000, 200, 0],
        [3, 3000, 200, 0],
        [3, 3000, 200, 0],
        [3, 3000, 200, 100],
        [3, 3000, 200, 0],
        [3, 3000, 200, 0],
        [3, 3000, 200, 0],
        [0, 0, 200, 0],
      ]);
    });

    it('shows what the member owes on the loan, service charge included, and splits a repayment charge first', () => {
      expect(lines.map((line) => line.after.loanOwedMinor)).toEqual([0, 0, 0, 5500, 5500, 5500, 5500, 4000, 4000]);
      expect(lines[7].repaymentSplit).toEqual({ serviceChargeMinor: 500, principalMinor: 1000 });
      expect(lines[3].repaymentSplit).toBeNull();
    });

    it('puts money in and out in their columns, a correction negative in its original\'s column, and marks both', () => {
      expect(lines.map((line) => [line.operation, line.paidInMinor, line.paidOutMinor])).toEqual([
        ['share_purchase', 2000, 0],
        ['social_fund_contribution', 200, 0],
        ['share_purchase', 1000, 0],
        ['loan_disbursement', 0, 5000],
        ['fine', 100, 0],
        ['fine', -100, 0],
        ['social_fund_grant', 0, 500],
        ['loan_repayment', 1500, 0],
        ['share_out_payout', 0, 3100],
      ]);
      expect(lines[4]).toMatchObject({ reversed: true, reversal: null, fineCode: 'late' });
      expect(lines[5]).toMatchObject({ reversed: false, reversal: { reversesMovementId: fine.id, reason: 'À l\'heure' } });
      expect(lines[6].purpose).toBe('Deuil');
    });

    it('ends on the member\'s closing balances', () => {
      expect(closingBalances(lines)).toEqual(lines[8].after);
    });
  });

  it('undoes a reversed loan and a reversed repayment, the balances following', () => {
    const disbursement = mv({ kind: 'loan_disbursement', loanId: loan.id, amountMinor: -5000, meetingId: 'm2' });
    const repayment = mv({ kind: 'loan_repayment', loanId: loan.id, amountMinor: 2000, meetingId: 'm3' });
    const repaymentReversal = mv({ kind: 'reversal', loanId: loan.id, amountMinor: -2000, meetingId: 'm3', reversesMovementId: repayment.id, reason: 'Mauvais membre' });
    const lines = passbookLines('a', [disbursement, repayment, repaymentReversal], meetings, [loan]);
    expect(lines.map((line) => line.after.loanOwedMinor)).toEqual([5500, 3500, 5500]);
    expect(lines[2].repaymentSplit).toEqual({ serviceChargeMinor: -500, principalMinor: -1500 });
    expect(lines[2].paidInMinor).toBe(-2000);

    const second = mv({ kind: 'loan_disbursement', loanId: loan.id, amountMinor: -5000, meetingId: 'm2' });
    const undone = mv({ kind: 'reversal', loanId: loan.id, amountMinor: 5000, meetingId: 'm2', reversesMovementId: second.id, reason: 'Doublon' });
    const cancelled = passbookLines('a', [second, undone], meetings, [loan]);
    expect(cancelled.map((line) => [line.operation, line.paidOutMinor, line.after.loanOwedMinor])).toEqual([['loan_disbursement', 5000, 5500], ['loan_disbursement', -5000, 0]]);
  });

  it('writes a loan off at the end of the meeting that decided it, the loan owed no more after it', () => {
    const disbursement = mv({ kind: 'loan_disbursement', loanId: loan.id, amountMinor: -5000, meetingId: 'm2' });
    const laterShares = mv({ kind: 'share_purchase', amountMinor: 1000, shares: 1, meetingId: 'm3' });
    const writeOff = { loanId: loan.id, meetingId: 'm3', writtenOffOn: '2026-01-19', principalMinor: 5000, serviceChargeMinor: 500 };
    const other = { ...writeOff, loanId: 'someone-else' };
    const lines = passbookLines('a', [disbursement, laterShares], meetings, [loan], [writeOff, other]);
    expect(lines.map((line) => [line.operation, line.after.loanOwedMinor])).toEqual([['loan_disbursement', 5500], ['share_purchase', 5500], ['loan_write_off', 0]]);
    expect(lines[2]).toMatchObject({ paidInMinor: 0, paidOutMinor: 0, writeOff: { principalMinor: 5000, serviceChargeMinor: 500 }, date: '2026-01-19' });
    expect(lines[0].writeOff).toBeNull();
  });

  it('refuses a reversal whose original is missing, a fault in the books', () => {
    const orphan = mv({ kind: 'reversal', amountMinor: -100, meetingId: 'm1', reversesMovementId: 'nowhere' });
    expect(() => passbookLines('a', [orphan], meetings, [])).toThrow('does not point');
  });
});
