import { isCarriedDebt } from '../rules/carried-debts.js';
import { foldLedger, type LedgerLoan, type LedgerMovement } from '../rules/ledger.js';
import { dayNumberFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { type LoanRepayment } from '../rules/loan-balance.js';
import { loanPosition, portfolioAtRiskOfPositions, type LoanPosition, type LoanWriteOff } from '../rules/loan-write-off.js';
import { type PortfolioAtRisk } from '../rules/portfolio.js';
import { multiplyDivideHalfUp, toSafeNumber } from '../rules/whole-numbers.js';

const BASIS_POINTS = 10_000;

/** How many of the latest meetings the attendance rate looks at. */
export const ATTENDANCE_WINDOW = 4;

/** Statuses of a member who came in person; absent (with or without leave) and represented do not count. */
export const ATTENDED_STATUSES: ReadonlySet<string> = new Set(['present', 'late']);

export interface IndicatorMember {
  readonly sex: string;
  readonly joinedOn: IsoDate;
}

export interface IndicatorMeeting {
  readonly heldOn: IsoDate;
  /** One status per member whose attendance was taken. */
  readonly statuses: readonly string[];
}

export interface AttendanceMeeting extends IndicatorMeeting {
  /** Members on the roll that day. */
  readonly expectedMembers: number;
}

export interface AttendanceRate {
  /** Meetings of the window whose attendance was taken (they make the rate). */
  readonly meetingsCounted: number;
  /** Meetings of the window with no attendance recorded: unknown, left out rather than read as absences. */
  readonly meetingsWithoutAttendance: number;
  readonly attended: number;
  readonly expected: number;
  /** attended ÷ expected in basis points, half-up; null when no meeting of the window had attendance taken. */
  readonly basisPoints: number | null;
}

export interface LoansOutstanding {
  readonly count: number;
  readonly principalMinor: number;
  readonly serviceChargeMinor: number;
  readonly totalMinor: number;
}

/** Loans the group gave up by a recorded decision, by then: a loss, owed by nobody. */
export interface LoansWrittenOff {
  readonly count: number;
  readonly principalMinor: number;
  readonly serviceChargeMinor: number;
}

export interface IndicatorLoan {
  readonly loan: LedgerLoan;
  readonly repayments: readonly LoanRepayment[];
  readonly writeOff?: LoanWriteOff | null;
}

export interface ReturnOnSavings {
  readonly savingsMinor: number;
  /** Loan-fund cash + what the share-out already paid + everything members owe on loans. */
  readonly loanFundValueMinor: number;
  /** Value − savings: service charges and fines earned, less any shortfall. */
  readonly earningsMinor: number;
  /** Earnings ÷ savings in basis points, half away from zero; null with no savings. */
  readonly basisPoints: number | null;
}

export interface GroupIndicatorsInput {
  readonly asOf: IsoDate;
  readonly members: readonly IndicatorMember[];
  readonly meetings: readonly IndicatorMeeting[];
  readonly movements: readonly LedgerMovement[];
  readonly loans: readonly LedgerLoan[];
  /** Write-offs by loan id. */
  readonly writeOffs?: ReadonlyMap<string, LoanWriteOff>;
}

export interface GroupIndicators {
  readonly asOf: IsoDate;
  readonly members: { readonly total: number; readonly women: number; readonly men: number };
  readonly attendance: AttendanceRate;
  readonly savings: { readonly shares: number; readonly savingsMinor: number };
  readonly loansOutstanding: LoansOutstanding;
  readonly loansWrittenOff: LoansWrittenOff;
  /** Of the loans outstanding, the debts carried from an earlier cycle: owed since that cycle's settlement, so at risk too. */
  readonly carriedDebtsOutstanding: LoansOutstanding;
  readonly portfolioAtRisk: PortfolioAtRisk;
  readonly loanFundCashMinor: number;
  readonly socialFundMinor: number;
  readonly returnOnSavings: ReturnOnSavings;
}

/**
 * The attendance rate over the latest `window` meetings: members who came in person ÷
 * members on the roll, over the meetings whose attendance was taken.
 */
export function attendanceRate(meetings: readonly AttendanceMeeting[], window = ATTENDANCE_WINDOW): AttendanceRate {
  const latest = [...meetings].sort((a, b) => dayNumberFromYear100(b.heldOn) - dayNumberFromYear100(a.heldOn)).slice(0, window);
  const taken = latest.filter((meeting) => meeting.statuses.length > 0);
  const attended = sum(taken.map((meeting) => meeting.statuses.filter((status) => ATTENDED_STATUSES.has(status)).length));
  // A status recorded for someone the roll did not expect still widens the denominator: the rate never tops 100 %.
  const expected = sum(taken.map((meeting) => Math.max(meeting.expectedMembers, meeting.statuses.length)));
  return {
    meetingsCounted: taken.length,
    meetingsWithoutAttendance: latest.length - taken.length,
    attended,
    expected,
    basisPoints: expected === 0 ? null : ratioBasisPoints(attended, expected),
  };
}

/** Shares bought and their price paid, reversed purchases left out. */
export function cycleSavings(movements: readonly LedgerMovement[]): { shares: number; savingsMinor: number } {
  const reversed = new Set(movements.flatMap((m) => (m.reversesMovementId === null ? [] : [m.reversesMovementId])));
  const purchases = movements.filter((m) => m.kind === 'share_purchase' && !reversed.has(m.id));
  return { shares: sum(purchases.map((m) => m.shares)), savingsMinor: sum(purchases.map((m) => m.amountMinor)) };
}

/** What members owe on `asOf` on the loans disbursed by then, service charge accrued included; written-off loans owe nothing. */
export function loansOutstanding(loans: readonly IndicatorLoan[], asOf: IsoDate): LoansOutstanding {
  const balances = positionsOn(loans, asOf)
    .map((position) => position.balance)
    .filter((balance) => balance.totalOutstandingMinor > 0);
  const principalMinor = sum(balances.map((balance) => balance.principalOutstandingMinor));
  const serviceChargeMinor = sum(balances.map((balance) => balance.serviceChargeOutstandingMinor));
  return { count: balances.length, principalMinor, serviceChargeMinor, totalMinor: principalMinor + serviceChargeMinor };
}

/** The loans written off on or before `asOf`, with what was owed on each when the group decided. */
export function loansWrittenOff(loans: readonly IndicatorLoan[], asOf: IsoDate): LoansWrittenOff {
  const writeOffs = positionsOn(loans, asOf).flatMap((position) => (position.writeOff === null ? [] : [position.writeOff]));
  return {
    count: writeOffs.length,
    principalMinor: sum(writeOffs.map((writeOff) => writeOff.principalMinor)),
    serviceChargeMinor: sum(writeOffs.map((writeOff) => writeOff.serviceChargeMinor)),
  };
}

function positionsOn(loans: readonly IndicatorLoan[], asOf: IsoDate): LoanPosition[] {
  return loans
    .filter(({ loan }) => dayNumberFromYear100(loan.terms.disbursedOn) <= dayNumberFromYear100(asOf))
    .map(({ loan, repayments, writeOff }) => loanPosition(loan.terms, repayments, writeOff ?? null, asOf));
}

/**
 * Return on savings for the cycle: what the loan fund is worth over what members saved into
 * it. The fund is worth its cash, plus what the share-out already paid out of it, plus what
 * members owe, service charge included: the same measure as the share-out's value per share
 * (cash + debts ÷ shares), so a 10 % return means each share is worth 1.1 × its price.
 */
export function returnOnSavings(input: { savingsMinor: number; loanFundCashMinor: number; paidOutMinor: number; owedMinor: number }): ReturnOnSavings {
  const loanFundValueMinor = input.loanFundCashMinor + input.paidOutMinor + input.owedMinor;
  const earningsMinor = loanFundValueMinor - input.savingsMinor;
  return {
    savingsMinor: input.savingsMinor,
    loanFundValueMinor,
    earningsMinor,
    basisPoints: input.savingsMinor === 0 ? null : signedRatioBasisPoints(earningsMinor, input.savingsMinor),
  };
}

/** Every indicator of a group for one cycle, as of a day: movements, meetings and loans after it are left out. */
export function groupIndicators(input: GroupIndicatorsInput): GroupIndicators {
  const asOfDay = dayNumberFromYear100(input.asOf);
  const movements = input.movements.filter((m) => dayNumberFromYear100(m.occurredOn) <= asOfDay);
  const ledger = foldLedger(movements, input.loans);
  const histories = ledger.loans.map((loan): IndicatorLoan => ({
    loan, repayments: ledger.repaymentsByLoan.get(loan.id) ?? [], writeOff: input.writeOffs?.get(loan.id) ?? null,
  }));
  const members = input.members.filter((member) => dayNumberFromYear100(member.joinedOn) <= asOfDay);
  const meetings = input.meetings
    .filter((meeting) => dayNumberFromYear100(meeting.heldOn) <= asOfDay)
    .map((meeting): AttendanceMeeting => ({
      ...meeting,
      expectedMembers: input.members.filter((member) => dayNumberFromYear100(member.joinedOn) <= dayNumberFromYear100(meeting.heldOn)).length,
    }));
  const savings = cycleSavings(movements);
  const outstanding = loansOutstanding(histories, input.asOf);
  const paidOutMinor = sum(movements.filter((m) => m.kind === 'share_out_payout').map((m) => -m.amountMinor));
  return {
    asOf: input.asOf,
    members: {
      total: members.length,
      women: members.filter((member) => member.sex === 'F').length,
      men: members.filter((member) => member.sex === 'M').length,
    },
    attendance: attendanceRate(meetings),
    savings,
    loansOutstanding: outstanding,
    loansWrittenOff: loansWrittenOff(histories, input.asOf),
    carriedDebtsOutstanding: loansOutstanding(histories.filter(({ loan }) => isCarriedDebt(loan)), input.asOf),
    portfolioAtRisk: portfolioAtRiskOfPositions(positionsOn(histories, input.asOf)),
    loanFundCashMinor: ledger.loanFundMinor,
    socialFundMinor: ledger.socialFundMinor,
    returnOnSavings: returnOnSavings({
      savingsMinor: savings.savingsMinor,
      loanFundCashMinor: ledger.loanFundMinor,
      paidOutMinor,
      owedMinor: outstanding.totalMinor,
    }),
  };
}

function ratioBasisPoints(part: number, whole: number): number {
  return toSafeNumber(multiplyDivideHalfUp(part, BASIS_POINTS, whole), 'basisPoints');
}

function signedRatioBasisPoints(part: number, whole: number): number {
  const magnitude = ratioBasisPoints(Math.abs(part), whole);
  return part < 0 ? -magnitude : magnitude;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
