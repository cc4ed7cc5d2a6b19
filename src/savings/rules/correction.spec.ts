import { domainErrorOf } from '../../common/thrown.fixture.js';
import { correctionOf } from './correction.js';
import { movement, stateWith } from './cycle-state.fixture.js';

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
    expect(domainErrorOf(() => correctionOf(stateWith({ movements: [purchase] }), 'meeting-2', 'm1', 'x', 'r1')).code).toBe('MOVEMENT_NOT_FOUND');
  });

  it('reverses a movement once, and never a reversal', () => {
    const reversal = movement({ id: 'r1', kind: 'reversal', fund: 'loan_fund', amountMinor: -2000, memberId: 'ana', shares: -2, reversesMovementId: 'm1' });
    const state = stateWith({ movements: [purchase, reversal] });
    expect(domainErrorOf(() => correctionOf(state, 'meeting-1', 'm1', 'x', 'r2')).code).toBe('MOVEMENT_ALREADY_REVERSED');
    expect(domainErrorOf(() => correctionOf(state, 'meeting-1', 'r1', 'x', 'r2')).code).toBe('CORRECTION_OF_CORRECTION');
  });

  it('refuses a reversal that would overdraw the fund', () => {
    const payout = movement({ id: 'm2', kind: 'loan_disbursement', fund: 'loan_fund', amountMinor: -2000, memberId: 'ben', loanId: 'loan-1' });
    expect(domainErrorOf(() => correctionOf(stateWith({ movements: [purchase, payout] }), 'meeting-1', 'm1', 'x', 'r1')).code).toBe('CORRECTION_OVERDRAWS_FUND');
  });
});
