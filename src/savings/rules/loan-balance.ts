import { DomainError } from '../../common/domain-error.js';
import { assertIsoDateFromYear100, dayNumberFromYear100, daysBetweenFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { periodServiceChargeMinor, startedPeriods, termEndsOn, type LoanTerms } from './loan-terms.js';
import { requirePositiveMinorAmount } from './whole-numbers.js';

export interface LoanRepayment {
  readonly paidOn: IsoDate;
  readonly amountMinor: number;
}

export interface LoanBalance {
  readonly asOf: IsoDate;
  readonly principalOutstandingMinor: number;
  readonly serviceChargeOutstandingMinor: number;
  readonly totalOutstandingMinor: number;
  readonly principalPaidMinor: number;
  readonly serviceChargeAccruedMinor: number;
  readonly serviceChargePaidMinor: number;
  /** Periods that have been charged; none is charged once the principal is repaid. */
  readonly periodsCharged: number;
}

export interface ServiceChargeDue {
  readonly accruedMinor: number;
  readonly paidMinor: number;
  readonly outstandingMinor: number;
  readonly periodsCharged: number;
}

export interface RepaymentAllocation {
  readonly paidOn: IsoDate;
  readonly amountMinor: number;
  readonly toServiceChargeMinor: number;
  readonly toPrincipalMinor: number;
  readonly balanceAfter: LoanBalance;
}

export interface LoanOverdueStatus {
  readonly termEndsOn: IsoDate;
  /** Past the term's last day with anything (principal or charge) still owed. */
  readonly overdue: boolean;
  readonly daysOverdue: number;
  readonly balance: LoanBalance;
}

interface LedgerState {
  principalOutstandingMinor: number;
  principalPaidMinor: number;
  serviceChargeAccruedMinor: number;
  serviceChargePaidMinor: number;
  periodsCharged: number;
}

/**
 * What the member owes on `asOf`, replaying the repayments made up to that day in date
 * order (same-day repayments in the order given). A period's charge is fixed when the period
 * starts, on the principal outstanding then, so a repayment on a period's last day lowers a
 * declining charge from the next period on. The charge keeps running after the term ends
 * for as long as principal is owed, and stops once the principal is repaid.
 */
export function loanBalance(terms: LoanTerms, repayments: readonly LoanRepayment[], asOf: IsoDate): LoanBalance {
  startedPeriods(terms.disbursedOn, asOf);
  const state = openLedger(terms);
  const asOfDay = dayNumberFromYear100(asOf);
  for (const repayment of inDateOrder(repayments).filter((r) => dayNumberFromYear100(r.paidOn) <= asOfDay)) {
    applyRepayment(terms, state, repayment);
  }
  accrueUntil(terms, state, asOf);
  return snapshot(state, asOf);
}

export function serviceChargeDue(
  terms: LoanTerms,
  repayments: readonly LoanRepayment[],
  asOf: IsoDate,
): ServiceChargeDue {
  const balance = loanBalance(terms, repayments, asOf);
  return {
    accruedMinor: balance.serviceChargeAccruedMinor,
    paidMinor: balance.serviceChargePaidMinor,
    outstandingMinor: balance.serviceChargeOutstandingMinor,
    periodsCharged: balance.periodsCharged,
  };
}

/**
 * Splits a new repayment: outstanding service charge first, then principal. A repayment
 * larger than everything owed that day is refused (REPAYMENT_EXCEEDS_AMOUNT_OWED) rather
 * than kept as a credit nobody recorded; one dated before an earlier repayment is refused
 * (REPAYMENT_OUT_OF_ORDER) because it would re-split the later ones: correct by reversal.
 */
export function allocateRepayment(
  terms: LoanTerms,
  earlierRepayments: readonly LoanRepayment[],
  repayment: LoanRepayment,
): RepaymentAllocation {
  const latest = inDateOrder(earlierRepayments).at(-1);
  if (latest && dayNumberFromYear100(latest.paidOn) > dayNumberFromYear100(assertIsoDateFromYear100(repayment.paidOn))) {
    throw new DomainError('REPAYMENT_OUT_OF_ORDER', { paidOn: repayment.paidOn, latestPaidOn: latest.paidOn });
  }
  return allocateRepayments(terms, [...earlierRepayments, repayment]).at(-1) as RepaymentAllocation;
}

/** The split of every repayment of a loan, in date order: the passbook's loan page. */
export function allocateRepayments(terms: LoanTerms, repayments: readonly LoanRepayment[]): RepaymentAllocation[] {
  const state = openLedger(terms);
  return inDateOrder(repayments).map((repayment) => {
    const { toServiceChargeMinor, toPrincipalMinor } = applyRepayment(terms, state, repayment);
    return {
      paidOn: repayment.paidOn,
      amountMinor: repayment.amountMinor,
      toServiceChargeMinor,
      toPrincipalMinor,
      balanceAfter: snapshot(state, repayment.paidOn),
    };
  });
}

/** Overdue means past the term's last day (disbursement + 30 × months) with anything owed. */
export function loanOverdueStatus(
  terms: LoanTerms,
  repayments: readonly LoanRepayment[],
  asOf: IsoDate,
): LoanOverdueStatus {
  const balance = loanBalance(terms, repayments, asOf);
  const termEnd = termEndsOn(terms);
  const daysPastTerm = daysBetweenFromYear100(termEnd, asOf);
  const overdue = daysPastTerm > 0 && balance.totalOutstandingMinor > 0;
  return { termEndsOn: termEnd, overdue, daysOverdue: overdue ? daysPastTerm : 0, balance };
}

function openLedger(terms: LoanTerms): LedgerState {
  return {
    principalOutstandingMinor: terms.principalMinor,
    principalPaidMinor: 0,
    serviceChargeAccruedMinor: 0,
    serviceChargePaidMinor: 0,
    periodsCharged: 0,
  };
}

function inDateOrder(repayments: readonly LoanRepayment[]): LoanRepayment[] {
  return [...repayments].sort((a, b) => dayNumberFromYear100(a.paidOn) - dayNumberFromYear100(b.paidOn));
}

function accrueUntil(terms: LoanTerms, state: LedgerState, date: IsoDate): void {
  const periodsStarted = startedPeriods(terms.disbursedOn, date);
  while (state.periodsCharged < periodsStarted && (state.periodsCharged === 0 || state.principalOutstandingMinor > 0)) {
    state.serviceChargeAccruedMinor += periodServiceChargeMinor(terms, state.principalOutstandingMinor);
    state.periodsCharged += 1;
  }
}

function applyRepayment(
  terms: LoanTerms,
  state: LedgerState,
  repayment: LoanRepayment,
): { toServiceChargeMinor: number; toPrincipalMinor: number } {
  requirePositiveMinorAmount(repayment.amountMinor, 'amountMinor');
  if (dayNumberFromYear100(repayment.paidOn) < dayNumberFromYear100(terms.disbursedOn)) {
    const { paidOn } = repayment;
    throw new DomainError('REPAYMENT_BEFORE_DISBURSEMENT', { paidOn, disbursedOn: terms.disbursedOn });
  }
  accrueUntil(terms, state, repayment.paidOn);
  const serviceChargeOwedMinor = state.serviceChargeAccruedMinor - state.serviceChargePaidMinor;
  const owedMinor = serviceChargeOwedMinor + state.principalOutstandingMinor;
  if (repayment.amountMinor > owedMinor) {
    throw new DomainError('REPAYMENT_EXCEEDS_AMOUNT_OWED', {
      paidOn: repayment.paidOn,
      amountMinor: repayment.amountMinor,
      owedMinor,
      serviceChargeOwedMinor,
      principalOwedMinor: state.principalOutstandingMinor,
    });
  }
  const toServiceChargeMinor = Math.min(repayment.amountMinor, serviceChargeOwedMinor);
  const toPrincipalMinor = repayment.amountMinor - toServiceChargeMinor;
  state.serviceChargePaidMinor += toServiceChargeMinor;
  state.principalPaidMinor += toPrincipalMinor;
  state.principalOutstandingMinor -= toPrincipalMinor;
  return { toServiceChargeMinor, toPrincipalMinor };
}

function snapshot(state: LedgerState, asOf: IsoDate): LoanBalance {
  const serviceChargeOutstandingMinor = state.serviceChargeAccruedMinor - state.serviceChargePaidMinor;
  return {
    asOf,
    principalOutstandingMinor: state.principalOutstandingMinor,
    serviceChargeOutstandingMinor,
    totalOutstandingMinor: state.principalOutstandingMinor + serviceChargeOutstandingMinor,
    principalPaidMinor: state.principalPaidMinor,
    serviceChargeAccruedMinor: state.serviceChargeAccruedMinor,
    serviceChargePaidMinor: state.serviceChargePaidMinor,
    periodsCharged: state.periodsCharged,
  };
}
