import { DomainError } from '../../common/domain-error.js';
import { movement, sequentialIds, stateWith } from './cycle-state.fixture.js';
import { cycleShareOut, exitSettlement, settlementMovements, shareOutMovements } from './settlement.js';

const loanRow = {
  id: 'loan-1', meeting_id: 'meeting-1', member_id: 'ben', principal_minor: '1000', disbursed_on: '2025-01-06', term_months: 1,
  service_charge_rate_bp: 1_000, service_charge_method: 'flat' as const, carried_debt_id: null, carried_from_cycle_id: null,
};
const state = stateWith({
  loanRows: [loanRow],
  movements: [
    movement({ id: 'm1', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 3000, memberId: 'ana', shares: 3 }),
    movement({ id: 'm2', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 1000, memberId: 'ben', shares: 1 }),
    movement({ id: 'm3', kind: 'loan_disbursement', fund: 'loan_fund', amountMinor: -1000, memberId: 'ben', loanId: 'loan-1' }),
  ],
});

describe('settlement', () => {
  it('shares the loan fund by shares, each debt counted, among the members who stay', () => {
    const preview = cycleShareOut(state, ['ana', 'ben'], '2025-01-20');
    expect(preview.lines.map((line) => [line.memberId, line.shares, line.debtMinor])).toEqual([['ana', 3, 0], ['ben', 1, 1100]]);
  });

  it('nets a debt as repayments of the member\'s loans before paying the gross', () => {
    const rows = settlementMovements(state, { memberId: 'ben', debtNettedMinor: 1100, grossMinor: 1200 }, '2025-01-20', sequentialIds());
    expect(rows.map((row) => [row.kind, row.loanId, row.amountMinor, row.meetingId])).toEqual([
      ['loan_repayment', 'loan-1', 1100, null],
      ['share_out_payout', null, -1200, null],
    ]);
  });

  it('pays every line of the share-out, the social-fund share after the line', () => {
    const preview = cycleShareOut(state, ['ana', 'ben'], '2025-01-20');
    const kinds = shareOutMovements(state, preview, '2025-01-20', sequentialIds()).map((row) => `${row.memberId}:${row.kind}`);
    expect(kinds).toEqual(['ana:share_out_payout', 'ben:loan_repayment', 'ben:share_out_payout']);
  });

  it('refuses the exit of a stranger or of a member who already left', () => {
    expect(() => exitSettlement(state, ['ana', 'ben'], 'zoe', '2025-01-20')).toThrow(DomainError);
    const left = stateWith({ exits: [{ member_id: 'ana', exited_on: '2025-01-13', reason: 'moved', result: {}, recorded_by: 'user-1' }] });
    expect(() => exitSettlement(left, ['ana'], 'ana', '2025-01-20')).toThrow(expect.objectContaining({ code: 'SAVINGS_MEMBER_EXITED' }) as Error);
  });
});
