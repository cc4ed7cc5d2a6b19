import { DomainError } from '../../common/domain-error.js';
import { movement, stateWith } from './cycle-state.fixture.js';
import { balancesOf, closingBalances, debtOf, requireNotBeforeLastMovement } from './cycle-state.js';

const loanRow = {
  id: 'loan-1', meeting_id: 'meeting-1', member_id: 'ana', principal_minor: '3000', disbursed_on: '2025-01-06', term_months: 3,
  service_charge_rate_bp: 1_000, service_charge_method: 'flat' as const,
};

describe('cycle state', () => {
  it('derives the cash of each fund from every movement, reversals included', () => {
    const state = stateWith({
      movements: [
        movement({ id: 'm1', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 2000, memberId: 'ana', shares: 2 }),
        movement({ id: 'm2', kind: 'social_fund_contribution', fund: 'social_fund', amountMinor: 200, memberId: 'ana' }),
        movement({ id: 'm3', kind: 'reversal', fund: 'loan_fund', amountMinor: -2000, memberId: 'ana', shares: -2, reversesMovementId: 'm1' }),
      ],
    });
    expect(balancesOf(state)).toEqual({ loanFundMinor: 0, socialFundMinor: 200 });
    expect(state.ledger.sharesByMember.get('ana') ?? 0).toBe(0);
  });

  it('counts a member\'s debt as principal plus the service charge accrued on the day', () => {
    const state = stateWith({
      loanRows: [loanRow],
      movements: [movement({ id: 'm1', kind: 'loan_disbursement', fund: 'loan_fund', amountMinor: -3000, memberId: 'ana', loanId: 'loan-1' })],
    });
    expect(debtOf(state, 'ana', '2025-01-06')).toBe(3300);
    expect(debtOf(state, 'ben', '2025-01-06')).toBe(0);
  });

  it('closes a meeting with the movements of meetings held up to that day and settlements before it', () => {
    const rows = [
      movement({ id: 'm1', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 1000, occurredOn: '2025-01-06' }),
      movement({ id: 'm2', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 1000, occurredOn: '2025-01-13' }),
      movement({ id: 'm3', kind: 'share_out_payout', fund: 'loan_fund', amountMinor: -500, occurredOn: '2025-01-06', meetingId: null }),
    ];
    expect(closingBalances(rows, '2025-01-06')).toEqual({ loanFundMinor: 1000, socialFundMinor: 0 });
    expect(closingBalances(rows, '2025-01-13')).toEqual({ loanFundMinor: 1500, socialFundMinor: 0 });
  });

  it('refuses a settlement dated before the last movement', () => {
    const state = stateWith({ movements: [movement({ id: 'm1', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 1000, occurredOn: '2025-02-03' })] });
    expect(() => requireNotBeforeLastMovement(state, '2025-02-02', 'EXIT_BEFORE_LAST_MOVEMENT')).toThrow(DomainError);
    expect(() => requireNotBeforeLastMovement(state, '2025-02-03', 'EXIT_BEFORE_LAST_MOVEMENT')).not.toThrow();
  });
});
