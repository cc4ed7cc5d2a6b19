import { DomainError } from '../../common/domain-error.js';
import { correctionOf } from './correction.js';
import { movement, stateWith } from './cycle-state.fixture.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

const purchase = movement({ id: 'm1', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 2000, memberId: 'ana', shares: 2 });

describe('correction', () => {
  it('reverses a movement with the negated amount and shares, dated as the original', () => {
    const { original, reversal } = correctionOf(stateWith({ movements: [purchase] }), 'meeting-1', 'm1', 'typed twice', 'r1');
    expect(original.id).toBe('m1');
    expect(reversal).toEqual({
      id: 'r1', meetingId: 'meeting-1', memberId: 'ana', loanId: null, kind: 'reversal', fund: 'loan_fund', amountMinor: -2000, shares: -2,
      fineCode: null, purpose: null, reversesMovementId: 'm1', reason: 'typed twice', occurredOn: '2025-01-06',
    });
  });

  it('finds the movement only in the meeting named', () => {
    expect(codeOf(() => correctionOf(stateWith({ movements: [purchase] }), 'meeting-2', 'm1', 'x', 'r1'))).toBe('MOVEMENT_NOT_FOUND');
  });

  it('reverses a movement once, and never a reversal', () => {
    const reversal = movement({ id: 'r1', kind: 'reversal', fund: 'loan_fund', amountMinor: -2000, memberId: 'ana', shares: -2, reversesMovementId: 'm1' });
    const state = stateWith({ movements: [purchase, reversal] });
    expect(codeOf(() => correctionOf(state, 'meeting-1', 'm1', 'x', 'r2'))).toBe('MOVEMENT_ALREADY_REVERSED');
    expect(codeOf(() => correctionOf(state, 'meeting-1', 'r1', 'x', 'r2'))).toBe('CORRECTION_OF_CORRECTION');
  });

  it('refuses a reversal that would overdraw the fund', () => {
    const payout = movement({ id: 'm2', kind: 'loan_disbursement', fund: 'loan_fund', amountMinor: -2000, memberId: 'ben', loanId: 'loan-1' });
    expect(codeOf(() => correctionOf(stateWith({ movements: [purchase, payout] }), 'meeting-1', 'm1', 'x', 'r1'))).toBe('CORRECTION_OVERDRAWS_FUND');
  });
});
