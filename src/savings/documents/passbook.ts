import type { LedgerLoan } from '../rules/ledger.js';
import { dayNumberFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { loanBalance, type LoanRepayment } from '../rules/loan-balance.js';
import { loanPosition, type LoanWriteOff } from '../rules/loan-write-off.js';
import type { Fund, MovementKind } from '../savings-rows.js';

/** A movement as the documents read it (every movement of the cycle, any member). */
export interface DocumentMovement {
  readonly id: string;
  readonly meetingId: string | null;
  readonly memberId: string | null;
  readonly loanId: string | null;
  readonly kind: MovementKind;
  readonly fund: Fund;
  readonly amountMinor: number;
  readonly shares: number;
  readonly fineCode: string | null;
  readonly purpose: string | null;
  readonly reversesMovementId: string | null;
  readonly reason: string | null;
  readonly occurredOn: IsoDate;
}

export interface DocumentMeeting {
  readonly id: string;
  readonly heldOn: IsoDate;
}

/** What a movement is, a reversal being read as the kind it reverses. */
export type OperationKind = Exclude<MovementKind, 'reversal'>;

/** A loan the group gave up by a recorded decision at a meeting. */
export interface DocumentWriteOff extends LoanWriteOff {
  readonly loanId: string;
  readonly meetingId: string;
}

/** A passbook line: a movement, or the write-off of one of the member's loans. */
export type PassbookOperation = OperationKind | 'loan_write_off';

/** Money a member brings to the box, as opposed to money the box hands out. */
const PAID_IN: ReadonlySet<OperationKind> = new Set<OperationKind>(['share_purchase', 'social_fund_contribution', 'loan_repayment', 'fine']);

export interface MemberBalances {
  readonly shares: number;
  readonly savingsMinor: number;
  readonly socialFundPaidMinor: number;
  readonly finesPaidMinor: number;
  /** Principal and service charge owed on the member's loans on the line's day (nothing on a loan written off by then). */
  readonly loanOwedMinor: number;
}

export interface PassbookLine {
  readonly movementId: string;
  readonly meetingId: string | null;
  readonly date: IsoDate;
  readonly operation: PassbookOperation;
  /** Set on a correction: the movement it cancels and why. */
  readonly reversal: { readonly reversesMovementId: string; readonly reason: string } | null;
  /** Set on a movement that a later correction cancelled. */
  readonly reversed: boolean;
  /** Shares the movement bought (or, on a correction, took back). */
  readonly shares: number;
  readonly fineCode: string | null;
  readonly purpose: string | null;
  /** Into the box (negative on the correction of a payment in). */
  readonly paidInMinor: number;
  /** Out of the box to the member (negative on the correction of a payment out). */
  readonly paidOutMinor: number;
  /** Split of a repayment: service charge first, then principal. */
  readonly repaymentSplit: { readonly serviceChargeMinor: number; readonly principalMinor: number } | null;
  /** What was given up on a written-off loan. */
  readonly writeOff: { readonly serviceChargeMinor: number; readonly principalMinor: number } | null;
  /** On the line of a debt carried from the last cycle: what was carried (no cash moved). */
  readonly carriedDebtMinor: number | null;
  readonly after: MemberBalances;
}

/** Each meeting's place in the cycle: by date, meetings of one day in the order given. */
export function meetingRanks(meetings: readonly DocumentMeeting[]): Map<string, number> {
  return new Map(
    meetings
      .map((meeting, index) => ({ meeting, index }))
      .sort((a, b) => dayNumberFromYear100(a.meeting.heldOn) - dayNumberFromYear100(b.meeting.heldOn) || a.index - b.index)
      .map(({ meeting }, position) => [meeting.id, position]),
  );
}

/**
 * Orders movements as the books read: meeting by meeting (by date), each meeting's in
 * recording order, a correction beside the meeting it corrects; then what happened outside
 * meetings (the share-out), except what opens the cycle (`opensCycle`: the debts carried in),
 * which comes before every meeting. `movements` must be in recording order.
 */
export function inMeetingOrder<T extends Pick<DocumentMovement, 'meetingId'> & { readonly opensCycle?: boolean }>(movements: readonly T[], meetings: readonly DocumentMeeting[]): T[] {
  const rank = meetingRanks(meetings);
  const rankOf = (m: T): number => (m.opensCycle ? -1 : m.meetingId === null ? rank.size : rank.get(m.meetingId) ?? rank.size);
  return movements.map((m, index) => ({ m, index })).sort((a, b) => rankOf(a.m) - rankOf(b.m) || a.index - b.index).map(({ m }) => m);
}

/**
 * A member's passbook: each of their movements with the balances after it. A correction is
 * a line of its own that undoes its original, so the balances after it are those the books
 * would show had the mistake never been made. The loan balance is worked out afresh after
 * every line from the loans and repayments standing at that point, as of that line's day; a
 * write-off is a line of its own, at the end of the meeting that decided it, after which the
 * loan is owed no more.
 */
export function passbookLines(
  memberId: string,
  movements: readonly DocumentMovement[],
  meetings: readonly DocumentMeeting[],
  loans: readonly LedgerLoan[],
  writeOffs: readonly DocumentWriteOff[] = [],
): PassbookLine[] {
  const byId = new Map(movements.map((m) => [m.id, m]));
  const reversedIds = new Set(movements.flatMap((m) => (m.reversesMovementId === null ? [] : [m.reversesMovementId])));
  const loansById = new Map(loans.filter((loan) => loan.memberId === memberId).map((loan) => [loan.id, loan]));
  const ownWriteOffs = writeOffs.filter((writeOff) => loansById.has(writeOff.loanId));
  // a write-off counts from its own line on, not from earlier lines of the same day
  const writtenOff = new Map<string, DocumentWriteOff>();
  const disbursed = new Set<string>();
  const repayments = new Map<string, (LoanRepayment & { movementId: string })[]>();
  const running = { shares: 0, savingsMinor: 0, socialFundPaidMinor: 0, finesPaidMinor: 0 };

  const owedOn = (date: IsoDate): number => {
    let owed = 0;
    for (const loanId of disbursed) {
      const loan = loansById.get(loanId);
      if (!loan) continue;
      const position = loanPosition(loan.terms, repayments.get(loanId) ?? [], writtenOff.get(loanId) ?? null, laterOf(date, loan.terms.disbursedOn));
      owed += position.balance.totalOutstandingMinor;
    }
    return owed;
  };

  const entries = [
    ...movements.filter((m) => m.memberId === memberId).map((movement) => ({ meetingId: movement.meetingId, opensCycle: movement.kind === 'carried_debt', movement, writeOff: null })),
    ...ownWriteOffs.map((writeOff) => ({ meetingId: writeOff.meetingId, movement: null, writeOff })),
  ];
  return inMeetingOrder(entries, meetings).map(({ movement: m, writeOff }): PassbookLine => {
    if (m === null) {
      writtenOff.set(writeOff.loanId, writeOff);
      return writeOffLine(writeOff, { ...running, loanOwedMinor: owedOn(writeOff.writtenOffOn) });
    }
    const original = m.reversesMovementId === null ? undefined : byId.get(m.reversesMovementId);
    const operation = operationOf(m, original);
    let repaymentSplit: PassbookLine['repaymentSplit'] = null;
    const loan = m.loanId === null ? undefined : loansById.get(m.loanId);

    switch (operation) {
      case 'share_purchase':
        running.shares += m.shares;
        running.savingsMinor += m.amountMinor;
        break;
      case 'social_fund_contribution':
        running.socialFundPaidMinor += m.amountMinor;
        break;
      case 'fine':
        running.finesPaidMinor += m.amountMinor;
        break;
      case 'share_out_payout':
        running.shares = 0;
        running.savingsMinor = 0;
        break;
      case 'loan_disbursement':
        if (loan && m.kind === 'reversal') disbursed.delete(loan.id);
        else if (loan) disbursed.add(loan.id);
        break;
      case 'carried_debt':
        // the debt carried from the last cycle is owed from the cycle's first line; no cash moves
        if (loan) disbursed.add(loan.id);
        break;
      case 'loan_repayment':
        if (loan) repaymentSplit = applyRepayment(loan, repayments, m, original);
        break;
      case 'social_fund_grant':
      case 'social_fund_payout':
        // the social fund is the group's: what it gives moves no balance of the member's own
        break;
    }
    const paidIn = PAID_IN.has(operation);
    return {
      movementId: m.id,
      meetingId: m.meetingId,
      date: m.occurredOn,
      operation,
      reversal: m.reversesMovementId === null ? null : { reversesMovementId: m.reversesMovementId, reason: m.reason ?? '' },
      reversed: reversedIds.has(m.id),
      shares: Math.abs(m.shares),
      fineCode: m.fineCode,
      purpose: m.purpose,
      paidInMinor: paidIn ? m.amountMinor : 0,
      paidOutMinor: paidIn || m.amountMinor === 0 ? 0 : -m.amountMinor,
      repaymentSplit,
      writeOff: null,
      carriedDebtMinor: operation === 'carried_debt' && loan ? loan.terms.principalMinor : null,
      after: { ...running, loanOwedMinor: owedOn(m.occurredOn) },
    };
  });
}

function writeOffLine(writeOff: DocumentWriteOff, after: MemberBalances): PassbookLine {
  return {
    movementId: writeOff.loanId, meetingId: writeOff.meetingId, date: writeOff.writtenOffOn, operation: 'loan_write_off', reversal: null, reversed: false,
    shares: 0, fineCode: null, purpose: null, paidInMinor: 0, paidOutMinor: 0, repaymentSplit: null, carriedDebtMinor: null,
    writeOff: { serviceChargeMinor: writeOff.serviceChargeMinor, principalMinor: writeOff.principalMinor }, after,
  };
}

/** The totals of a passbook: its last balances, or zeros for a member with no movement. */
export function closingBalances(lines: readonly PassbookLine[]): MemberBalances {
  return lines.at(-1)?.after ?? { shares: 0, savingsMinor: 0, socialFundPaidMinor: 0, finesPaidMinor: 0, loanOwedMinor: 0 };
}

/** What a movement does; a reversal does the opposite of what it reverses, which must be among the movements. */
export function operationOf(m: DocumentMovement, original: DocumentMovement | undefined): OperationKind {
  if (m.kind !== 'reversal') return m.kind;
  if (!original || original.kind === 'reversal') throw new Error(`reversal ${m.id} does not point at a movement it can reverse`);
  return original.kind;
}

/** Records a repayment (or removes the one a correction cancels) and says how it split, signed as the line. */
function applyRepayment(
  loan: LedgerLoan,
  repayments: Map<string, (LoanRepayment & { movementId: string })[]>,
  m: DocumentMovement,
  original: DocumentMovement | undefined,
): { serviceChargeMinor: number; principalMinor: number } {
  const list = repayments.get(loan.id) ?? [];
  const on = laterOf(m.occurredOn, loan.terms.disbursedOn);
  const before = loanBalance(loan.terms, list, on);
  const next = original ? list.filter((r) => r.movementId !== original.id) : [...list, { paidOn: m.occurredOn, amountMinor: m.amountMinor, movementId: m.id }];
  repayments.set(loan.id, next);
  const after = loanBalance(loan.terms, next, on);
  const principalMinor = before.principalOutstandingMinor - after.principalOutstandingMinor;
  return { serviceChargeMinor: m.amountMinor - principalMinor, principalMinor };
}

function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return dayNumberFromYear100(a) >= dayNumberFromYear100(b) ? a : b;
}
