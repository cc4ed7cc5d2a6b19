import { DomainError } from '../../common/domain-error.js';
import { foldLedger, ledgerLoanOf, ledgerMovementOf, type CycleLedger, type LedgerLoan } from './ledger.js';
import {
  type AmendmentRow, type CycleRow, type LoanRow, type MemberExitRow, type MovementRow, type NewMovement, type WriteOffRow,
} from '../savings-rows.js';
import { dayNumberFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { defineCycleRules, type CycleRules, type CycleRulesInput } from './cycle-rules.js';
import type { LoanRepayment } from './loan-balance.js';
import { loanPosition, type LoanPosition, type LoanWriteOff } from './loan-write-off.js';
import { rulesInForce, type AdoptedAmendment } from './rule-amendments.js';

/**
 * A cycle's books as one value: what every rule of a meeting, a loan, an exit or the share-out
 * reads. A read folds every movement into it (cycleStateOf). A write builds it from the cached
 * balances instead (cachedCycleState): the cash, every member's shares and the last movement's
 * day are whole, while `movements`, `loanRows`, `ledger.loans`, `ledger.repaymentsByLoan` and
 * `ledger.reversed` hold only what the write reads (the loans of the members it names, the
 * movement it corrects), so its cost does not grow with the ledger.
 */
export interface CycleState {
  readonly cycle: CycleRow;
  /** The rules the cycle started with; `rulesOn` gives those in force on a day. */
  readonly rules: CycleRules;
  readonly amendments: readonly AmendmentRow[];
  readonly adopted: readonly AdoptedAmendment[];
  readonly ledger: CycleLedger;
  readonly loanRows: readonly LoanRow[];
  readonly movements: readonly MovementRow[];
  readonly writeOffs: ReadonlyMap<string, WriteOffRow>;
  readonly exits: ReadonlyMap<string, MemberExitRow>;
  /** The last day a movement occurred, the cycle's start before the first. */
  readonly lastMovementOn: IsoDate;
}

export interface CycleRows {
  readonly cycle: CycleRow;
  readonly movements: readonly MovementRow[];
  readonly loanRows: readonly LoanRow[];
  readonly amendments: readonly AmendmentRow[];
  readonly writeOffs: readonly WriteOffRow[];
  readonly exits: readonly MemberExitRow[];
}

export interface Balances {
  readonly loanFundMinor: number;
  readonly socialFundMinor: number;
}

/** What a write reads instead of the movements: the cached balances and the rows in its scope. */
export interface CachedCycleRows {
  readonly cycle: CycleRow;
  readonly amendments: readonly AmendmentRow[];
  readonly writeOffs: readonly WriteOffRow[];
  readonly exits: readonly MemberExitRow[];
  readonly balances: Balances & { readonly lastMovementOn: IsoDate | null };
  readonly sharesByMember: ReadonlyMap<string, number>;
  /** Loans in scope whose disbursement stands, in the cycle's loan order. */
  readonly loanRows: readonly LoanRow[];
  /** Their standing repayments, in recording order. */
  readonly repaymentsByLoan: ReadonlyMap<string, readonly LoanRepayment[]>;
  /** Movements in scope, and those of them a reversal names. */
  readonly movements: readonly MovementRow[];
  readonly reversed: ReadonlySet<string>;
}

function rulesPart(cycle: CycleRow, amendments: readonly AmendmentRow[]): Pick<CycleState, 'cycle' | 'rules' | 'amendments' | 'adopted'> {
  return {
    cycle,
    rules: defineCycleRules(cycle.rules as unknown as CycleRulesInput),
    amendments,
    adopted: amendments.map((row) => ({ votedOn: row.voted_on, rulesAfter: defineCycleRules(row.rules_after as unknown as CycleRulesInput) })),
  };
}

export function cycleStateOf(rows: CycleRows): CycleState {
  return {
    ...rulesPart(rows.cycle, rows.amendments),
    ledger: foldLedger(rows.movements.map(ledgerMovementOf), rows.loanRows.map(ledgerLoanOf)),
    loanRows: rows.loanRows,
    movements: rows.movements,
    writeOffs: new Map(rows.writeOffs.map((row) => [row.loan_id, row])),
    exits: new Map(rows.exits.map((row) => [row.member_id, row])),
    lastMovementOn: rows.movements.reduce((max, m) => later(max, m.occurred_on), rows.cycle.starts_on),
  };
}

/** The books of a write from the cached balances (see CycleState): the same figures as the fold for everything in scope. */
export function cachedCycleState(rows: CachedCycleRows): CycleState {
  const ledger: CycleLedger = {
    loanFundMinor: rows.balances.loanFundMinor,
    socialFundMinor: rows.balances.socialFundMinor,
    sharesByMember: rows.sharesByMember,
    loans: rows.loanRows.map(ledgerLoanOf),
    repaymentsByLoan: rows.repaymentsByLoan,
    reversed: rows.reversed,
  };
  return {
    ...rulesPart(rows.cycle, rows.amendments),
    ledger,
    loanRows: rows.loanRows,
    movements: rows.movements,
    writeOffs: new Map(rows.writeOffs.map((row) => [row.loan_id, row])),
    exits: new Map(rows.exits.map((row) => [row.member_id, row])),
    lastMovementOn: later(rows.cycle.starts_on, rows.balances.lastMovementOn ?? rows.cycle.starts_on),
  };
}

/** The row a new movement becomes once written (the database adds only `seq`). */
export function movementRowOf(m: NewMovement, recordedBy: string): MovementRow {
  return {
    id: m.id, meeting_id: m.meetingId, member_id: m.memberId, loan_id: m.loanId, kind: m.kind, fund: m.fund, amount_minor: String(m.amountMinor),
    shares: m.shares, fine_code: m.fineCode, purpose: m.purpose, reverses_movement_id: m.reversesMovementId, reason: m.reason, occurred_on: m.occurredOn,
    recorded_by: recordedBy,
  };
}

export function later(a: IsoDate, b: IsoDate): IsoDate {
  return dayNumberFromYear100(a) >= dayNumberFromYear100(b) ? a : b;
}

/** The rules a meeting held on `on` applies: amendments take effect from the next meeting. */
export function rulesOn(state: CycleState, on: IsoDate): CycleRules {
  return rulesInForce(state.rules, state.adopted, on);
}

export function writeOffOf(row: WriteOffRow): LoanWriteOff {
  return { writtenOffOn: row.written_off_on, principalMinor: Number(row.principal_minor), serviceChargeMinor: Number(row.service_charge_minor) };
}

/** Where a loan stands on `asOf` (never before its disbursement), with the given repayments or those recorded. */
export function positionOf(state: CycleState, loan: LedgerLoan, asOf: IsoDate, repayments = state.ledger.repaymentsByLoan.get(loan.id) ?? []): LoanPosition {
  const writeOff = state.writeOffs.get(loan.id);
  return loanPosition(loan.terms, repayments, writeOff ? writeOffOf(writeOff) : null, later(asOf, loan.terms.disbursedOn));
}

export function sharesHeld(state: CycleState, memberIds: readonly string[]): number {
  return memberIds.reduce((sum, memberId) => sum + (state.ledger.sharesByMember.get(memberId) ?? 0), 0);
}

/** Everything a member owes on their loans on `asOf`. */
export function debtOf(state: CycleState, memberId: string, asOf: IsoDate): number {
  return state.ledger.loans
    .filter((loan) => loan.memberId === memberId)
    .reduce((sum, loan) => sum + positionOf(state, loan, asOf).balance.totalOutstandingMinor, 0);
}

export function requireLoan(state: CycleState, loanId: string): LedgerLoan {
  const loan = state.ledger.loans.find((candidate) => candidate.id === loanId);
  if (!loan) throw new DomainError('LOAN_NOT_FOUND', { loanId }, 'not_found');
  return loan;
}

/** A settlement (exit, share-out) may not be dated before the books' last movement. */
export function requireNotBeforeLastMovement(state: CycleState, asOf: IsoDate, code: 'SHARE_OUT_BEFORE_LAST_MOVEMENT' | 'EXIT_BEFORE_LAST_MOVEMENT'): void {
  const latest = state.lastMovementOn;
  if (dayNumberFromYear100(asOf) < dayNumberFromYear100(latest)) throw new DomainError(code, { on: asOf, latest });
}

export function balancesOf(state: CycleState): Balances {
  return { loanFundMinor: state.ledger.loanFundMinor, socialFundMinor: state.ledger.socialFundMinor };
}

/**
 * Cash after a meeting held on `heldOn`: every movement of meetings held up to that day (a
 * reversal belongs to the meeting it corrects), and settlements outside meetings (exits,
 * share-out) from before that day.
 */
export function closingBalances(movements: readonly MovementRow[], heldOn: IsoDate): Balances {
  const day = dayNumberFromYear100(heldOn);
  let loanFundMinor = 0;
  let socialFundMinor = 0;
  for (const m of movements) {
    const occurred = dayNumberFromYear100(m.occurred_on);
    if (m.meeting_id === null ? occurred >= day : occurred > day) continue;
    if (m.fund === 'loan_fund') loanFundMinor += Number(m.amount_minor);
    else socialFundMinor += Number(m.amount_minor);
  }
  return { loanFundMinor, socialFundMinor };
}
