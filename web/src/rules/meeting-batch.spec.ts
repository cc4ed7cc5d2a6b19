import { emptyLine, meetingBatch, previewBalances, type MeetingRules } from './meeting-batch';

const RULES: MeetingRules = { sharePriceMinor: 1000, socialFundContributionMinor: 200, fineTypes: [{ code: 'late', amountMinor: 100 }] };

describe('the meeting screen\'s batch and live balances', () => {
  it('adds shares, fines and repayments to the loan fund and takes loans out of it', () => {
    const lines = [
      { ...emptyLine('a'), shares: 2, socialFund: true, fineCodes: ['late'] },
      { ...emptyLine('b'), loanMinor: 1500, loanTermMonths: 2 },
      { ...emptyLine('c'), repaymentLoanId: 'loan-1', repaymentMinor: 700 },
    ];
    expect(previewBalances({ loanFundMinor: 5000, socialFundMinor: 400 }, RULES, lines)).toEqual({ loanFundMinor: 5000 + 2000 + 100 - 1500 + 700, socialFundMinor: 600 });
  });

  it('ignores a repayment typed without choosing the loan, as the batch leaves it out', () => {
    const line = { ...emptyLine('a'), repaymentMinor: 700 };
    expect(previewBalances({ loanFundMinor: 0, socialFundMinor: 0 }, RULES, [line]).loanFundMinor).toBe(0);
    expect(meetingBatch('2026-01-05', RULES, [line], null).entries).toEqual([]);
  });

  it('records every attendance but an entry only for members who did something', () => {
    const batch = meetingBatch('2026-01-05', RULES, [{ ...emptyLine('a'), shares: 1, socialFund: true }, { ...emptyLine('b'), attendance: 'absent' }], {
      loanFundMinor: 1000,
      socialFundMinor: 200,
      countedBy: 'Kapinga',
    });
    expect(batch).toEqual({
      heldOn: '2026-01-05',
      attendance: [
        { memberId: 'a', status: 'present' },
        { memberId: 'b', status: 'absent' },
      ],
      entries: [{ memberId: 'a', shares: 1, socialFundMinor: 200 }],
      cashCount: { loanFundMinor: 1000, socialFundMinor: 200, countedBy: 'Kapinga' },
    });
  });

  it('sends loans with their term and fines by code', () => {
    const batch = meetingBatch('2026-01-05', RULES, [{ ...emptyLine('a'), loanMinor: 3000, loanTermMonths: 3, fineCodes: ['late'] }], null);
    expect(batch.entries).toEqual([{ memberId: 'a', fines: [{ code: 'late' }], loan: { principalMinor: 3000, termMonths: 3 } }]);
    expect('cashCount' in batch).toBe(false);
  });

  it('pays help out of the social fund, with its purpose, and takes it off the preview', () => {
    const lines = [{ ...emptyLine('m1'), socialFund: true, socialGrantMinor: 1500, socialGrantPurpose: ' Frais d\'hôpital ' }, emptyLine('m2')];
    expect(previewBalances({ loanFundMinor: 0, socialFundMinor: 5000 }, { sharePriceMinor: 1000, socialFundContributionMinor: 200, fineTypes: [] }, lines)).toEqual({ loanFundMinor: 0, socialFundMinor: 3700 });
    const batch = meetingBatch('2026-03-02', { sharePriceMinor: 1000, socialFundContributionMinor: 200, fineTypes: [] }, lines, null);
    expect(batch.entries).toEqual([{ memberId: 'm1', socialFundMinor: 200, socialGrant: { amountMinor: 1500, purpose: 'Frais d\'hôpital' } }]);
  });
});
