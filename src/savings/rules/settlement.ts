import { randomUUID } from 'node:crypto';
import { DomainError } from '../../common/domain-error.js';
import type { NewMovement } from '../savings-rows.js';
import { addDaysFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { debtOf, later, positionOf, rulesOn, sharesHeld, type CycleState } from './cycle-state.js';
import { allocateRepayment } from './loan-balance.js';
import { movementDefaults } from './movements.js';
import { previewCycleShareOut, settleMemberExit, type CycleShareOutPreview, type MemberExitSettlement, type ShareOutLine } from './share-out.js';

function stayingMemberIds(state: CycleState, memberIds: readonly string[]): string[] {
  return memberIds.filter((memberId) => !state.exits.has(memberId));
}

/** One member's exit now: their share of the loan fund at today's value per share, their debt netted. */
export function exitSettlement(state: CycleState, memberIds: readonly string[], memberId: string, asOf: IsoDate): MemberExitSettlement {
  if (!memberIds.includes(memberId)) throw new DomainError('SAVINGS_MEMBER_NOT_IN_GROUP', { memberId });
  const exit = state.exits.get(memberId);
  if (exit) throw new DomainError('SAVINGS_MEMBER_EXITED', { memberId, exitedOn: exit.exited_on }, 'conflict');
  return settleMemberExit({
    loanFundCashMinor: state.ledger.loanFundMinor,
    totalShares: sharesHeld(state, stayingMemberIds(state, memberIds)),
    member: { memberId, shares: sharesHeld(state, [memberId]), debtMinor: debtOf(state, memberId, asOf) },
  });
}

/** The cycle-end share-out among the members who have not left; amendments voted up to that day apply. */
export function cycleShareOut(state: CycleState, memberIds: readonly string[], asOf: IsoDate): CycleShareOutPreview {
  return previewCycleShareOut(rulesOn(state, addDaysFromYear100(asOf, 1)), {
    loanFundCashMinor: state.ledger.loanFundMinor,
    socialFundCashMinor: state.ledger.socialFundMinor,
    members: stayingMemberIds(state, memberIds).map((memberId) => ({ memberId, shares: sharesHeld(state, [memberId]), debtMinor: debtOf(state, memberId, asOf) })),
  });
}

/** The movements that settle one member's line: debt netted as repayments of their loans, then the gross paid. */
export function settlementMovements(
  state: CycleState,
  line: Pick<ShareOutLine, 'memberId' | 'debtNettedMinor' | 'grossMinor'>,
  asOf: IsoDate,
  newId: () => string = randomUUID,
): NewMovement[] {
  const base = movementDefaults(null, asOf);
  const rows: NewMovement[] = [];
  let toNet = line.debtNettedMinor;
  for (const loan of state.ledger.loans.filter((candidate) => candidate.memberId === line.memberId)) {
    const owed = positionOf(state, loan, asOf).balance.totalOutstandingMinor;
    const amountMinor = Math.min(toNet, owed);
    if (amountMinor <= 0) continue;
    allocateRepayment(loan.terms, state.ledger.repaymentsByLoan.get(loan.id) ?? [], { paidOn: later(asOf, loan.terms.disbursedOn), amountMinor });
    rows.push({ ...base, id: newId(), memberId: line.memberId, loanId: loan.id, kind: 'loan_repayment', fund: 'loan_fund', amountMinor });
    toNet -= amountMinor;
  }
  if (line.grossMinor > 0) rows.push({ ...base, id: newId(), memberId: line.memberId, kind: 'share_out_payout', fund: 'loan_fund', amountMinor: -line.grossMinor });
  return rows;
}

/** Every movement of a confirmed share-out: each line settled, then its share of the social fund paid. */
export function shareOutMovements(state: CycleState, preview: CycleShareOutPreview, asOf: IsoDate, newId: () => string = randomUUID): NewMovement[] {
  const base = movementDefaults(null, asOf);
  return preview.lines.flatMap((line) => [
    ...settlementMovements(state, line, asOf, newId),
    ...(line.socialFundShareMinor > 0
      ? [{ ...base, id: newId(), memberId: line.memberId, kind: 'social_fund_payout' as const, fund: 'social_fund' as const, amountMinor: -line.socialFundShareMinor }]
      : []),
  ]);
}
