import { randomUUID } from 'node:crypto';
import { DomainError } from '../../common/domain-error.js';
import type { LoanRow, NewMovement } from '../savings-rows.js';
import { dayNumberFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { carriedDebtOwed } from './carried-debts.js';
import { reconcileCash, type CashReconciliation } from './cash.js';
import { fineAmountMinor, type CycleRules } from './cycle-rules.js';
import { positionOf, rulesOn, type Balances, type CycleState } from './cycle-state.js';
import { allocateRepayment, type LoanRepayment } from './loan-balance.js';
import { requireLoanDisbursable } from './loan-request.js';
import { loanTermsUnderRules } from './loan-terms.js';
import { movementDefaults, type MovementDefaults } from './movements.js';
import { resolveSharePurchase, sharesValueMinor, type SharePurchaseRequest } from './shares.js';
import { requirePositiveMinorAmount } from './whole-numbers.js';

/** Everything one member did at one meeting (the request's shape). */
export interface MeetingEntry {
  readonly memberId: string;
  readonly shares?: number;
  readonly sharesAmountMinor?: number;
  readonly socialFundMinor?: number;
  readonly loan?: { readonly id?: string; readonly principalMinor: number; readonly termMonths: number };
  readonly repayment?: { readonly loanId: string; readonly amountMinor: number };
  readonly fines?: readonly { readonly code: string }[];
  readonly socialGrant?: { readonly amountMinor: number; readonly purpose: string };
}

export interface MeetingBatch {
  readonly heldOn: IsoDate;
  /** The group's members. */
  readonly memberIds: ReadonlySet<string>;
  /** Members whose attendance this meeting already holds (an earlier batch). */
  readonly attendanceRecorded: ReadonlySet<string>;
  readonly attendance: readonly { readonly memberId: string }[];
  readonly entries: readonly MeetingEntry[];
}

export interface MeetingMovements {
  readonly rows: NewMovement[];
  readonly loans: LoanRow[];
  /** The cash once the batch is written. */
  readonly balances: Balances;
}

export interface FundCount {
  readonly fund: 'loan_fund' | 'social_fund';
  readonly reconciliation: CashReconciliation;
}

export function requireMeetingNotBeforeCycle(state: CycleState, heldOn: IsoDate): void {
  if (dayNumberFromYear100(heldOn) < dayNumberFromYear100(state.cycle.starts_on)) throw new DomainError('MEETING_BEFORE_CYCLE_START', { heldOn, startsOn: state.cycle.starts_on });
}

/** Who a batch names must be a member still in the group that day, with one attendance and one entry each per meeting. */
export function checkMeetingBatch(state: CycleState, batch: MeetingBatch): void {
  const requireMember = (memberId: string): void => {
    if (!batch.memberIds.has(memberId)) throw new DomainError('SAVINGS_MEMBER_NOT_IN_GROUP', { memberId });
    const exit = state.exits.get(memberId);
    if (exit && dayNumberFromYear100(batch.heldOn) >= dayNumberFromYear100(exit.exited_on)) throw new DomainError('SAVINGS_MEMBER_EXITED', { memberId, exitedOn: exit.exited_on }, 'conflict');
  };
  const recorded = new Set(batch.attendanceRecorded);
  for (const { memberId } of batch.attendance) {
    requireMember(memberId);
    if (recorded.has(memberId)) throw new DomainError('ATTENDANCE_ALREADY_RECORDED', { memberId }, 'conflict');
    recorded.add(memberId);
  }
  const seen = new Set<string>();
  for (const { memberId } of batch.entries) {
    requireMember(memberId);
    if (seen.has(memberId)) throw new DomainError('MEMBER_ENTRY_DUPLICATE', { memberId });
    seen.add(memberId);
  }
}

/** The counted cash of both funds against what the books expect once the batch is written. */
export function meetingCashCounts(balances: Balances, counted: { readonly loanFundMinor: number; readonly socialFundMinor: number }): FundCount[] {
  return [
    { fund: 'loan_fund', reconciliation: reconcileCash(balances.loanFundMinor, counted.loanFundMinor) },
    { fund: 'social_fund', reconciliation: reconcileCash(balances.socialFundMinor, counted.socialFundMinor) },
  ];
}

function sharePurchaseRequest(entry: MeetingEntry): SharePurchaseRequest | null {
  if (entry.shares !== undefined) return { shares: entry.shares, amountMinor: entry.sharesAmountMinor };
  if (entry.sharesAmountMinor !== undefined) return { amountMinor: entry.sharesAmountMinor };
  return null;
}

/** The running books of one batch: each movement pushed updates the cash the next one sees. */
class Batch {
  readonly rows: NewMovement[] = [];
  readonly loans: LoanRow[] = [];
  loanFundMinor: number;
  socialFundMinor: number;
  readonly shares: Map<string, number>;
  readonly repayments: Map<string, LoanRepayment[]>;
  private readonly base: MovementDefaults;

  constructor(state: CycleState, meetingId: string, heldOn: IsoDate, readonly newId: () => string) {
    this.loanFundMinor = state.ledger.loanFundMinor;
    this.socialFundMinor = state.ledger.socialFundMinor;
    this.shares = new Map(state.ledger.sharesByMember);
    this.repayments = new Map([...state.ledger.repaymentsByLoan].map(([loanId, list]) => [loanId, [...list]]));
    this.base = movementDefaults(meetingId, heldOn);
  }

  push(movement: Omit<NewMovement, 'id' | keyof MovementDefaults> & Partial<MovementDefaults>): void {
    this.rows.push({ id: this.newId(), ...this.base, ...movement });
    if (movement.fund === 'loan_fund') this.loanFundMinor += movement.amountMinor;
    else this.socialFundMinor += movement.amountMinor;
  }
}

/**
 * One meeting as one batch. Inflows first (social fund, shares, repayments, fines), then
 * outflows (loans, social-fund grants), as the meeting runs: a loan can use the cash the
 * members just brought. Every movement is computed before any is written.
 */
export function meetingMovements(state: CycleState, meetingId: string, heldOn: IsoDate, entries: readonly MeetingEntry[], newId: () => string = randomUUID): MeetingMovements {
  const rules = rulesOn(state, heldOn);
  const batch = new Batch(state, meetingId, heldOn, newId);
  for (const entry of entries) inflowsOf(state, rules, batch, heldOn, entry);
  for (const entry of entries) outflowsOf(state, rules, batch, meetingId, heldOn, entry);
  return { rows: batch.rows, loans: batch.loans, balances: { loanFundMinor: batch.loanFundMinor, socialFundMinor: batch.socialFundMinor } };
}

function inflowsOf(state: CycleState, rules: CycleRules, batch: Batch, heldOn: IsoDate, entry: MeetingEntry): void {
  const memberId = entry.memberId;
  if (entry.socialFundMinor !== undefined) {
    requirePositiveMinorAmount(entry.socialFundMinor, 'socialFundMinor');
    if (entry.socialFundMinor !== rules.socialFundContributionMinor) {
      throw new DomainError('SOCIAL_FUND_CONTRIBUTION_MISMATCH', { expectedMinor: rules.socialFundContributionMinor, amountMinor: entry.socialFundMinor });
    }
    batch.push({ memberId, kind: 'social_fund_contribution', fund: 'social_fund', amountMinor: entry.socialFundMinor });
  }
  const request = sharePurchaseRequest(entry);
  if (request) {
    const purchase = resolveSharePurchase(rules, request);
    batch.push({ memberId, kind: 'share_purchase', fund: 'loan_fund', amountMinor: purchase.amountMinor, shares: purchase.shares });
    batch.shares.set(memberId, (batch.shares.get(memberId) ?? 0) + purchase.shares);
  }
  if (entry.repayment) {
    const loanId = entry.repayment.loanId;
    const loan = state.ledger.loans.find((candidate) => candidate.id === loanId && candidate.memberId === memberId);
    if (!loan) throw new DomainError('LOAN_NOT_FOUND', { loanId }, 'not_found');
    if (state.writeOffs.has(loan.id)) throw new DomainError('LOAN_WRITTEN_OFF', { loanId: loan.id }, 'conflict');
    const earlier = batch.repayments.get(loan.id) ?? [];
    const repayment = { paidOn: heldOn, amountMinor: entry.repayment.amountMinor };
    allocateRepayment(loan.terms, earlier, repayment);
    batch.repayments.set(loan.id, [...earlier, repayment]);
    batch.push({ memberId, loanId: loan.id, kind: 'loan_repayment', fund: 'loan_fund', amountMinor: repayment.amountMinor });
  }
  for (const fine of entry.fines ?? []) {
    batch.push({ memberId, kind: 'fine', fund: 'loan_fund', amountMinor: fineAmountMinor(rules, fine.code), fineCode: fine.code });
  }
}

function outflowsOf(state: CycleState, rules: CycleRules, batch: Batch, meetingId: string, heldOn: IsoDate, entry: MeetingEntry): void {
  const memberId = entry.memberId;
  if (entry.loan) {
    const outstandingPrincipal = state.ledger.loans
      .filter((loan) => loan.memberId === memberId)
      .reduce((sum, loan) => sum + positionOf(state, loan, heldOn, batch.repayments.get(loan.id) ?? []).balance.principalOutstandingMinor, 0);
    requireLoanDisbursable(rules, {
      principalMinor: entry.loan.principalMinor,
      termMonths: entry.loan.termMonths,
      memberSavingsMinor: sharesValueMinor(rules, batch.shares.get(memberId) ?? 0),
      memberOutstandingPrincipalMinor: outstandingPrincipal,
      loanFundCashMinor: batch.loanFundMinor,
      memberCarriedDebtMinor: carriedDebtOwed(state, memberId, heldOn, batch.repayments),
    });
    const terms = loanTermsUnderRules(rules, { principalMinor: entry.loan.principalMinor, disbursedOn: heldOn, termMonths: entry.loan.termMonths });
    const loanId = entry.loan.id ?? batch.newId();
    batch.loans.push({
      id: loanId, meeting_id: meetingId, member_id: memberId, principal_minor: String(terms.principalMinor), disbursed_on: heldOn,
      term_months: terms.termMonths, service_charge_rate_bp: terms.serviceChargeRateBpPerMonth, service_charge_method: terms.serviceChargeMethod,
      carried_debt_id: null, carried_from_cycle_id: null,
    });
    batch.push({ memberId, loanId, kind: 'loan_disbursement', fund: 'loan_fund', amountMinor: -terms.principalMinor });
  }
  if (entry.socialGrant) {
    const amountMinor = requirePositiveMinorAmount(entry.socialGrant.amountMinor, 'socialGrant.amountMinor');
    if (amountMinor > batch.socialFundMinor) throw new DomainError('SOCIAL_FUND_CASH_SHORT', { socialFundCashMinor: batch.socialFundMinor, requestedMinor: amountMinor });
    batch.push({ memberId, kind: 'social_fund_grant', fund: 'social_fund', amountMinor: -amountMinor, purpose: entry.socialGrant.purpose.trim() });
  }
}
