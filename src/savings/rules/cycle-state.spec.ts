import { DomainError } from '../../common/domain-error.js';
import { CYCLE, movement, stateWith } from './cycle-state.fixture.js';
import { balancesOf, cachedCycleState, closingBalances, debtOf, requireNotBeforeLastMovement, sharesHeld } from './cycle-state.js';

const loanRow = {
  id: 'loan-1', meeting_id: 'meeting-1', member_id: 'ana', principal_minor: '3000', disbursed_on: '2025-01-06', term_months: 3,
  service_charge_rate_bp: 1_000, service_charge_method: 'flat' as const, carried_debt_id: null, carried_from_cycle_id: null,
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

  it('builds the books of a write from the cached balances with the same figures as the fold for what is in scope', () => {
    const movements = [
      movement({ id: 'm1', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 5000, memberId: 'ana', shares: 5 }),
      movement({ id: 'm2', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 2000, memberId: 'ben', shares: 2 }),
      movement({ id: 'm3', kind: 'loan_disbursement', fund: 'loan_fund', amountMinor: -3000, memberId: 'ana', loanId: 'loan-1' }),
      movement({ id: 'm4', kind: 'loan_repayment', fund: 'loan_fund', amountMinor: 1000, memberId: 'ana', loanId: 'loan-1', occurredOn: '2025-01-20' }),
    ];
    const folded = stateWith({ loanRows: [loanRow], movements });
    const cached = cachedCycleState({
      cycle: CYCLE, amendments: [], writeOffs: [], exits: [],
      balances: { loanFundMinor: 5000, socialFundMinor: 0, lastMovementOn: '2025-01-20' },
      sharesByMember: new Map([['ana', 5], ['ben', 2]]),
      loanRows: [loanRow],
      repaymentsByLoan: new Map([['loan-1', [{ paidOn: '2025-01-20', amountMinor: 1000 }]]]),
      movements: [],
      reversed: new Set(),
    });
    expect(balancesOf(cached)).toEqual(balancesOf(folded));
    expect(sharesHeld(cached, ['ana', 'ben'])).toBe(sharesHeld(folded, ['ana', 'ben']));
    expect(debtOf(cached, 'ana', '2025-02-10')).toBe(debtOf(folded, 'ana', '2025-02-10'));
    expect(cached.lastMovementOn).toBe(folded.lastMovementOn);
    expect(cached.lastMovementOn).toBe('2025-01-20');
  });

  it('takes the cycle\'s start as the last movement\'s day before the first', () => {
    const cached = cachedCycleState({
      cycle: CYCLE, amendments: [], writeOffs: [], exits: [], balances: { loanFundMinor: 0, socialFundMinor: 0, lastMovementOn: null },
      sharesByMember: new Map(), loanRows: [], repaymentsByLoan: new Map(), movements: [], reversed: new Set(),
    });
    expect(cached.lastMovementOn).toBe(CYCLE.starts_on);
    expect(stateWith().lastMovementOn).toBe(CYCLE.starts_on);
  });
});
