import { meetingSheet, type MeetingSheetInput } from './meeting-sheet.js';
import type { DocumentMovement } from './passbook.js';

const meetings = [{ id: 'm1', heldOn: '2026-01-05' }, { id: 'm2', heldOn: '2026-01-12' }, { id: 'm3', heldOn: '2026-01-19' }];

let nextId = 0;
function mv(fields: Partial<DocumentMovement> & Pick<DocumentMovement, 'kind' | 'amountMinor' | 'meetingId'>): DocumentMovement {
  nextId += 1;
  return {
    id: `mv-${nextId}`, fund: 'loan_fund', memberId: 'a', loanId: null, shares: 0, fineCode: null, purpose: null, reversesMovementId: null, reason: null,
    occurredOn: meetings.find((meeting) => meeting.id === fields.meetingId)?.heldOn ?? '2026-01-26', ...fields,
  };
}

const fine = mv({ kind: 'fine', memberId: 'b', amountMinor: 100, meetingId: 'm2', fineCode: 'late' });
const movements: DocumentMovement[] = [
  mv({ kind: 'share_purchase', amountMinor: 2000, shares: 2, meetingId: 'm1' }),
  mv({ kind: 'share_purchase', memberId: 'b', amountMinor: 3000, shares: 3, meetingId: 'm1' }),
  mv({ kind: 'social_fund_contribution', fund: 'social_fund', amountMinor: 200, meetingId: 'm1' }),
  mv({ kind: 'social_fund_contribution', fund: 'social_fund', memberId: 'b', amountMinor: 200, meetingId: 'm1' }),
  mv({ kind: 'share_purchase', amountMinor: 1000, shares: 1, meetingId: 'm2' }),
  mv({ kind: 'loan_disbursement', loanId: 'l1', amountMinor: -4000, meetingId: 'm2' }),
  fine,
  mv({ kind: 'social_fund_grant', fund: 'social_fund', memberId: 'b', amountMinor: -300, purpose: 'Deuil', meetingId: 'm2' }),
  mv({ kind: 'loan_repayment', loanId: 'l1', amountMinor: 1000, meetingId: 'm3' }),
  // recorded after meeting 3, read with meeting 2
  mv({ kind: 'reversal', memberId: 'b', amountMinor: -100, meetingId: 'm2', reversesMovementId: fine.id, reason: 'À l\'heure', fineCode: 'late' }),
  mv({ kind: 'share_out_payout', amountMinor: -500, meetingId: null }),
];

const input = (meetingId: string, extra: Partial<MeetingSheetInput> = {}): MeetingSheetInput => ({
  meetingId, meetings, movements, memberIds: ['a', 'b', 'c'], attendance: [], cashCounts: [], ...extra,
});

describe('meetingSheet', () => {
  it('lists every member with attendance and what stands of their movements, and the totals', () => {
    const sheet = meetingSheet(input('m2', { attendance: [{ memberId: 'a', status: 'present' }, { memberId: 'b', status: 'late' }] }));
    expect(sheet.rows).toEqual([
      { memberId: 'a', attendance: 'present', shares: 1, sharesMinor: 1000, socialFundMinor: 0, finesMinor: 0, repaymentMinor: 0, loanMinor: 4000, grantMinor: 0 },
      { memberId: 'b', attendance: 'late', shares: 0, sharesMinor: 0, socialFundMinor: 0, finesMinor: 0, repaymentMinor: 0, loanMinor: 0, grantMinor: 300 },
      { memberId: 'c', attendance: null, shares: 0, sharesMinor: 0, socialFundMinor: 0, finesMinor: 0, repaymentMinor: 0, loanMinor: 0, grantMinor: 0 },
    ]);
    expect(sheet.totals).toEqual({ shares: 1, sharesMinor: 1000, socialFundMinor: 0, finesMinor: 0, repaymentMinor: 0, loanMinor: 4000, grantMinor: 300 });
  });

  it('lists a correction with its reason, read with the meeting it corrects', () => {
    expect(meetingSheet(input('m2')).corrections).toEqual([
      { memberId: 'b', operation: 'fine', shares: 0, fineCode: 'late', purpose: null, amountMinor: 100, reason: 'À l\'heure' },
    ]);
    expect(meetingSheet(input('m3')).corrections).toEqual([]);
  });

  it('takes each fund from its opening balance to its closing, corrections of earlier meetings included', () => {
    const [loanFund, socialFund] = meetingSheet(input('m3')).funds;
    expect(loanFund).toEqual({ fund: 'loan_fund', openingMinor: 2000, inMinor: 1000, outMinor: 0, closingMinor: 3000, count: null });
    expect(socialFund).toMatchObject({ openingMinor: 100, inMinor: 0, outMinor: 0, closingMinor: 100 });
    const first = meetingSheet(input('m1')).funds;
    expect(first.map((f) => [f.openingMinor, f.inMinor, f.outMinor, f.closingMinor])).toEqual([[0, 5000, 0, 5000], [0, 400, 0, 400]]);
    expect(meetingSheet(input('m2')).funds[0]).toMatchObject({ openingMinor: 5000, inMinor: 1000, outMinor: 4000, closingMinor: 2000 });
  });

  it('sets the counted cash against the books as they stand now and as they stood at the count', () => {
    const sheet = meetingSheet(input('m2', {
      cashCounts: [
        { fund: 'loan_fund', expectedMinor: 2100, countedMinor: 2100, differenceMinor: 0, countedBy: 'Kapinga' },
        { fund: 'social_fund', expectedMinor: 100, countedMinor: 50, differenceMinor: -50, countedBy: 'Kapinga' },
      ],
    }));
    expect(sheet.funds[0].count).toEqual({ countedMinor: 2100, countedBy: 'Kapinga', differenceMinor: 100, expectedAtCountMinor: 2100, differenceAtCountMinor: 0 });
    expect(sheet.funds[1].count).toMatchObject({ differenceMinor: -50, differenceAtCountMinor: -50 });
  });

  it('adds a member who is no longer listed but has movements, and refuses a meeting of another cycle', () => {
    const sheet = meetingSheet(input('m1', { memberIds: ['a'] }));
    expect(sheet.rows.map((row) => row.memberId)).toEqual(['a', 'b']);
    expect(() => meetingSheet(input('elsewhere'))).toThrow('not among');
  });

  it('has empty figures for a meeting with nothing recorded', () => {
    const sheet = meetingSheet({ ...input('m1'), movements: [] });
    expect(sheet.totals).toEqual({ shares: 0, sharesMinor: 0, socialFundMinor: 0, finesMinor: 0, repaymentMinor: 0, loanMinor: 0, grantMinor: 0 });
    expect(sheet.funds.map((f) => f.closingMinor)).toEqual([0, 0]);
  });
});
