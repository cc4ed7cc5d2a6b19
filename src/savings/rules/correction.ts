import { DomainError } from '../../common/domain-error.js';
import type { MovementRow, NewMovement } from '../savings-rows.js';
import type { CycleState } from './cycle-state.js';
import { reversalOf } from './movements.js';

/**
 * The reversal that corrects one movement of a meeting, once checked: a movement stands
 * reversed once, a reversal is not itself reversed, nothing of a written-off loan or an exited
 * member moves again, a disbursement goes only before any repayment, and no fund goes negative.
 */
export function correctionOf(state: CycleState, meetingId: string, movementId: string, reason: string, id: string): { original: MovementRow; reversal: NewMovement } {
  const original = state.movements.find((m) => m.id === movementId && m.meeting_id === meetingId);
  if (!original) throw new DomainError('MOVEMENT_NOT_FOUND', { movementId }, 'not_found');
  if (original.kind === 'reversal') throw new DomainError('CORRECTION_OF_CORRECTION', { movementId: original.id });
  if (state.ledger.reversed.has(original.id)) throw new DomainError('MOVEMENT_ALREADY_REVERSED', { movementId: original.id }, 'conflict');
  if (original.loan_id !== null && state.writeOffs.has(original.loan_id)) throw new DomainError('LOAN_WRITTEN_OFF', { loanId: original.loan_id }, 'conflict');
  const exit = original.member_id === null ? undefined : state.exits.get(original.member_id);
  if (exit) throw new DomainError('SAVINGS_MEMBER_EXITED', { memberId: original.member_id, exitedOn: exit.exited_on }, 'conflict');
  if (original.kind === 'loan_disbursement' && (state.ledger.repaymentsByLoan.get(original.loan_id ?? '') ?? []).length > 0) {
    throw new DomainError('LOAN_HAS_REPAYMENTS', { loanId: original.loan_id }, 'conflict');
  }
  const reversal = reversalOf(original, meetingId, reason, id);
  const fundCash = original.fund === 'loan_fund' ? state.ledger.loanFundMinor : state.ledger.socialFundMinor;
  if (fundCash + reversal.amountMinor < 0) {
    throw new DomainError('CORRECTION_OVERDRAWS_FUND', { fund: original.fund, cashMinor: fundCash, amountMinor: reversal.amountMinor }, 'conflict');
  }
  return { original, reversal };
}
