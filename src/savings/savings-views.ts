import type { LedgerLoan } from './rules/ledger.js';
import type { SavingsAmendmentView, SavingsCycleRulesView, SavingsCycleView } from './dto/savings-cycle.view.js';
import type { SavingsCommitteeView, SavingsGroupView, SavingsMemberView } from './dto/savings-group.view.js';
import type { SavingsLoanDetailView, SavingsLoanView, SavingsWriteOffView } from './dto/savings-loan.view.js';
import type { SavingsCashCountView, SavingsMovementView } from './dto/savings-meeting.view.js';
import type { REPAYMENT_PLANS } from './dto/savings.dto.js';
import type { IsoDate } from '../common/calendar-date.js';
import { electionOfSeats } from './rules/committee.js';
import { positionOf, requireLoan, writeOffOf, type CycleState } from './rules/cycle-state.js';
import { allocateRepayments } from './rules/loan-balance.js';
import { loanSchedule } from './rules/loan-schedule.js';
import type { LoanPosition } from './rules/loan-write-off.js';
import type { AmendmentRow, CashCountRow, CommitteeSeatRow, CycleRow, GroupRow, LoanRow, MemberRow, MovementRow, WriteOffRow } from './savings-rows.js';

// How the savings rows read in the API: one mapping per view, shared by every use case.

export function groupView(row: GroupRow): SavingsGroupView {
  return { id: row.id, name: row.name, meetingPlace: row.meeting_place, frequency: row.frequency, meetingWeekday: row.meeting_weekday };
}

export function memberView(row: MemberRow): SavingsMemberView {
  return { id: row.id, minerId: row.miner_id, firstName: row.first_name, lastName: row.last_name, sex: row.sex, phone: row.phone, joinedOn: row.joined_on };
}

export function cycleView(row: CycleRow): SavingsCycleView {
  return {
    id: row.id, groupId: row.group_id, rules: row.rules as unknown as SavingsCycleRulesView, startsOn: row.starts_on, plannedEndOn: row.planned_end_on,
    status: row.status, closedOn: row.closed_on,
  };
}

export function movementView(row: MovementRow): SavingsMovementView {
  return {
    id: row.id, meetingId: row.meeting_id, memberId: row.member_id, loanId: row.loan_id, kind: row.kind, fund: row.fund,
    amountMinor: Number(row.amount_minor), shares: row.shares, fineCode: row.fine_code, purpose: row.purpose,
    reversesMovementId: row.reverses_movement_id, reason: row.reason, occurredOn: row.occurred_on, recordedBy: row.recorded_by,
  };
}

export function cashCountView(row: CashCountRow): SavingsCashCountView {
  return {
    fund: row.fund, expectedMinor: Number(row.expected_minor), countedMinor: Number(row.counted_minor),
    differenceMinor: Number(row.difference_minor), outcome: row.outcome, countedBy: row.counted_by, recordedBy: row.recorded_by,
  };
}

export function writeOffView(row: WriteOffRow): SavingsWriteOffView {
  return { ...writeOffOf(row), meetingId: row.meeting_id, reason: row.reason, decisionRef: row.decision_ref, recordedBy: row.recorded_by };
}

export function amendmentView(row: AmendmentRow): SavingsAmendmentView {
  return {
    id: row.id, meetingId: row.meeting_id, votedOn: row.voted_on, votesFor: row.votes_for, votesAgainst: row.votes_against,
    votesAbstaining: row.votes_abstaining, changes: row.changes, rulesAfter: row.rules_after as unknown as SavingsCycleRulesView,
    reason: row.reason, recordedBy: row.recorded_by,
  };
}

export function committeeView(seats: readonly CommitteeSeatRow[]): SavingsCommitteeView | null {
  const [first] = seats;
  if (!first) return null;
  const election = electionOfSeats(seats.map((seat) => ({ post: seat.post, seat: seat.seat, memberId: seat.member_id })));
  return { termId: first.term_id, electedOn: first.elected_on, ...election };
}

export function loanView(state: CycleState, loan: LedgerLoan, position: LoanPosition): SavingsLoanView {
  const row = state.loanRows.find((candidate) => candidate.id === loan.id) as LoanRow;
  const writeOff = state.writeOffs.get(loan.id);
  return {
    id: loan.id, memberId: loan.memberId, meetingId: row.meeting_id, carriedFromCycleId: row.carried_from_cycle_id ?? null, principalMinor: loan.terms.principalMinor, disbursedOn: loan.terms.disbursedOn,
    termMonths: loan.terms.termMonths, termEndsOn: position.termEndsOn, state: position.state, overdue: position.overdue, daysOverdue: position.daysOverdue,
    balance: position.balance, writeOff: writeOff && position.writeOff ? writeOffView(writeOff) : null,
  };
}

/** One loan: its position on the day, the split of each repayment, and the schedule it was granted on. */
export function loanDetailView(state: CycleState, loanId: string, asOf: IsoDate, plan: (typeof REPAYMENT_PLANS)[number]): SavingsLoanDetailView {
  const loan = requireLoan(state, loanId);
  return {
    ...loanView(state, loan, positionOf(state, loan, asOf)),
    asOf,
    serviceChargeRateBpPerMonth: loan.terms.serviceChargeRateBpPerMonth,
    serviceChargeMethod: loan.terms.serviceChargeMethod,
    plan,
    schedule: loanSchedule(loan.terms, plan),
    repayments: allocateRepayments(loan.terms, state.ledger.repaymentsByLoan.get(loanId) ?? []),
  };
}
