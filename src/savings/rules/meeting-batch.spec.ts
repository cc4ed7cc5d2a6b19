import { DomainError } from '../../common/domain-error.js';
import { domainErrorOf } from '../../common/thrown.fixture.js';
import { movement, sequentialIds, stateWith } from './cycle-state.fixture.js';
import { checkMeetingBatch, meetingCashCounts, meetingMovements } from './meeting-batch.js';

const saved = stateWith({ movements: [movement({ id: 'm0', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 5000, memberId: 'ana', shares: 5 })] });

describe('meeting batch', () => {
  it('records inflows before outflows, so a loan can use the cash just brought', () => {
    const entries = [{ memberId: 'ana', loan: { principalMinor: 6000, termMonths: 1 } }, { memberId: 'ben', shares: 1 }];
    const result = meetingMovements(saved, 'meeting-2', '2025-01-13', entries, sequentialIds());
    expect(result.rows.map((row) => [row.memberId, row.kind])).toEqual([['ben', 'share_purchase'], ['ana', 'loan_disbursement']]);
    expect(result.loans).toEqual([expect.objectContaining({ id: 'id-2', member_id: 'ana', principal_minor: '6000', disbursed_on: '2025-01-13' })]);
    expect(result.balances).toEqual({ loanFundMinor: 0, socialFundMinor: 0 });
    expect(() => meetingMovements(saved, 'meeting-2', '2025-01-13', entries.slice(0, 1))).toThrow(DomainError);
  });

  it('gives every movement the meeting, its day and a fresh id', () => {
    const result = meetingMovements(saved, 'meeting-2', '2025-01-13', [{ memberId: 'ana', socialFundMinor: 200, fines: [{ code: 'late' }] }], sequentialIds('mv'));
    expect(result.rows).toEqual([
      expect.objectContaining({ id: 'mv-1', meetingId: 'meeting-2', occurredOn: '2025-01-13', kind: 'social_fund_contribution', amountMinor: 200 }),
      expect.objectContaining({ id: 'mv-2', kind: 'fine', fineCode: 'late', amountMinor: 100 }),
    ]);
    expect(result.balances).toEqual({ loanFundMinor: 5100, socialFundMinor: 200 });
  });

  it('refuses a social-fund contribution other than the rules say', () => {
    expect(domainErrorOf(() => meetingMovements(saved, 'meeting-2', '2025-01-13', [{ memberId: 'ana', socialFundMinor: 300 }])).code).toBe('SOCIAL_FUND_CONTRIBUTION_MISMATCH');
  });

  it('refuses a grant larger than the social fund holds', () => {
    const grant = { memberId: 'ana', socialGrant: { amountMinor: 500, purpose: 'funeral' } };
    expect(domainErrorOf(() => meetingMovements(saved, 'meeting-2', '2025-01-13', [grant])).code).toBe('SOCIAL_FUND_CASH_SHORT');
  });

  it('refuses a repayment of a loan the member does not hold', () => {
    expect(domainErrorOf(() => meetingMovements(saved, 'meeting-2', '2025-01-13', [{ memberId: 'ana', repayment: { loanId: 'nope', amountMinor: 100 } }])).code).toBe('LOAN_NOT_FOUND');
  });

  it('refuses strangers, a second attendance and a second entry for one member', () => {
    const batch = { heldOn: '2025-01-13', memberIds: new Set(['ana', 'ben']), attendanceRecorded: new Set(['ben']), attendance: [], entries: [] };
    expect(domainErrorOf(() => checkMeetingBatch(saved, { ...batch, entries: [{ memberId: 'zoe' }] })).code).toBe('SAVINGS_MEMBER_NOT_IN_GROUP');
    expect(domainErrorOf(() => checkMeetingBatch(saved, { ...batch, attendance: [{ memberId: 'ben' }] })).code).toBe('ATTENDANCE_ALREADY_RECORDED');
    expect(domainErrorOf(() => checkMeetingBatch(saved, { ...batch, entries: [{ memberId: 'ana' }, { memberId: 'ana' }] })).code).toBe('MEMBER_ENTRY_DUPLICATE');
    expect(() => checkMeetingBatch(saved, { ...batch, attendance: [{ memberId: 'ana' }], entries: [{ memberId: 'ana' }] })).not.toThrow();
  });

  it('reconciles both funds against the books after the batch', () => {
    const counts = meetingCashCounts({ loanFundMinor: 5000, socialFundMinor: 200 }, { loanFundMinor: 4900, socialFundMinor: 200 });
    expect(counts.map(({ fund, reconciliation }) => [fund, reconciliation.outcome, reconciliation.differenceMinor])).toEqual([
      ['loan_fund', 'shortage', -100],
      ['social_fund', 'balanced', 0],
    ]);
  });
});
