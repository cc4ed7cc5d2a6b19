import { randomUUID } from 'node:crypto';
import { DomainError } from '../../common/domain-error.js';
import { assertIsoDateFromYear100, type IsoDate } from '../../common/calendar-date.js';
import type { CycleRow, LoanRow, NewMovement } from '../savings-rows.js';
import { positionOf, type CycleState } from './cycle-state.js';
import type { LedgerLoan } from './ledger.js';
import type { LoanRepayment } from './loan-balance.js';
import { movementDefaults } from './movements.js';
import { requirePositiveMinorAmount } from './whole-numbers.js';

/**
 * What a settlement (a share-out, a member's exit) could not net from a member's payout, waiting
 * to be brought into the group's next cycle (a row of savings_carried_debts no loan points at).
 */
export interface PendingCarriedDebt {
  readonly id: string;
  readonly fromCycleId: string;
  readonly memberId: string;
  readonly amountMinor: number;
  /** The day of the settlement that carried it: it fell due that day. */
  readonly carriedOn: IsoDate;
}

export interface CarriedDebtOpenings {
  readonly loans: LoanRow[];
  readonly movements: NewMovement[];
}

/**
 * The opening debts of a new cycle. Each carried debt becomes a loan-like receivable of its
 * member in the new cycle: the amount carried as principal, no service charge (the charge
 * owed was already in the amount carried, and the rules charge none on it), and no term: it
 * fell due the day it was carried, so it counts as overdue from then. Its opening entry is a
 * movement of zero cash dated on the cycle's start: the receivable enters the new books, the
 * loan fund's cash does not move; it becomes cash only when the member repays. A debt cannot
 * open the cycle it was carried from, nor be brought in twice (the database refuses that too).
 */
export function carriedDebtOpenings(
  cycle: Pick<CycleRow, 'id' | 'starts_on'>,
  debts: readonly PendingCarriedDebt[],
  newId: () => string = randomUUID,
): CarriedDebtOpenings {
  const seen = new Set<string>();
  const loans: LoanRow[] = [];
  const movements: NewMovement[] = [];
  for (const debt of debts) {
    if (seen.has(debt.id)) throw new DomainError('CARRIED_DEBT_DUPLICATE', { carriedDebtId: debt.id });
    seen.add(debt.id);
    if (debt.fromCycleId === cycle.id) throw new DomainError('CARRIED_DEBT_SAME_CYCLE', { carriedDebtId: debt.id, cycleId: cycle.id });
    const amountMinor = requirePositiveMinorAmount(debt.amountMinor, 'amountMinor');
    const loanId = newId();
    loans.push({
      id: loanId, meeting_id: null, member_id: debt.memberId, principal_minor: String(amountMinor), disbursed_on: assertIsoDateFromYear100(debt.carriedOn),
      term_months: 0, service_charge_rate_bp: 0, service_charge_method: 'flat', carried_debt_id: debt.id, carried_from_cycle_id: debt.fromCycleId,
    });
    movements.push({
      ...movementDefaults(null, cycle.starts_on), id: newId(), memberId: debt.memberId, loanId, kind: 'carried_debt', fund: 'loan_fund', amountMinor: 0,
    });
  }
  return { loans, movements };
}

export function isCarriedDebt(loan: LedgerLoan): boolean {
  return loan.carriedFromCycleId !== undefined && loan.carriedFromCycleId !== null;
}

/**
 * What a member still owes on `asOf` on debts carried from earlier cycles, with the repayments
 * given per loan (a meeting's own repayments included) or those recorded. Written-off debts owe nothing.
 */
export function carriedDebtOwed(
  state: CycleState,
  memberId: string,
  asOf: IsoDate,
  repaymentsByLoan: ReadonlyMap<string, readonly LoanRepayment[]> = state.ledger.repaymentsByLoan,
): number {
  return state.ledger.loans
    .filter((loan) => loan.memberId === memberId && isCarriedDebt(loan))
    .reduce((sum, loan) => sum + positionOf(state, loan, asOf, repaymentsByLoan.get(loan.id) ?? []).balance.totalOutstandingMinor, 0);
}
