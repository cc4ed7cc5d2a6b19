import { DomainError } from '../../common/domain-error.js';
import { addDaysFromYear100, assertIsoDateFromYear100, daysBetweenFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { type CycleRules, type ServiceChargeMethod } from './cycle-rules.js';
import { multiplyDivideHalfUp, requirePositiveMinorAmount, requireWholeCount, toSafeNumber } from './whole-numbers.js';

/** The service charge runs per started period of 30 days; a month in a schedule is 30 days. */
export const LOAN_PERIOD_DAYS = 30;
const BASIS_POINTS = 10_000;

/** What a loan was granted on; the rate and method are copied from the cycle's rules. */
export interface LoanTerms {
  readonly principalMinor: number;
  readonly disbursedOn: IsoDate;
  readonly termMonths: number;
  readonly serviceChargeRateBpPerMonth: number;
  readonly serviceChargeMethod: ServiceChargeMethod;
}

export interface LoanGrant {
  readonly principalMinor: number;
  readonly disbursedOn: IsoDate;
  readonly termMonths: number;
}

export function loanTermsUnderRules(rules: CycleRules, grant: LoanGrant): LoanTerms {
  requirePositiveMinorAmount(grant.principalMinor, 'principalMinor');
  requirePositiveTerm(grant.termMonths);
  assertIsoDateFromYear100(grant.disbursedOn);
  return {
    ...grant,
    serviceChargeRateBpPerMonth: rules.serviceChargeRateBpPerMonth,
    serviceChargeMethod: rules.serviceChargeMethod,
  };
}

export function requirePositiveTerm(termMonths: number): number {
  requireWholeCount(termMonths, 'termMonths');
  if (termMonths === 0) throw new DomainError('LOAN_TERM_NOT_POSITIVE', { termMonths });
  return termMonths;
}

/**
 * Periods of the service charge started by `asOf`. Period k covers elapsed days
 * 30(k−1)+1 … 30k, so a repayment on day 30 is still within the first period and paying on
 * a schedule's due date never costs an extra period. Day 0 counts as the first period
 * started: a loan repaid on the day it is disbursed still owes one period's charge.
 */
export function startedPeriods(disbursedOn: IsoDate, asOf: IsoDate): number {
  const elapsedDays = daysBetweenFromYear100(disbursedOn, asOf);
  if (elapsedDays < 0) throw new DomainError('DATE_BEFORE_DISBURSEMENT', { disbursedOn, asOf });
  return Math.max(1, Math.ceil(elapsedDays / LOAN_PERIOD_DAYS));
}

/** The last day of period k (1-based): the due date of that period in a schedule. */
export function periodEndsOn(disbursedOn: IsoDate, period: number): IsoDate {
  return addDaysFromYear100(disbursedOn, period * LOAN_PERIOD_DAYS);
}

export function termEndsOn(terms: LoanTerms): IsoDate {
  return periodEndsOn(terms.disbursedOn, terms.termMonths);
}

/**
 * One period's service charge: on the original principal (flat) or on the principal
 * outstanding when the period starts (declining), rounded half-up to the minor unit.
 * Rounding each period, rather than the total, keeps every period's charge an integer
 * that the schedule and the passbook can show and that adds up exactly.
 */
export function periodServiceChargeMinor(terms: LoanTerms, principalOutstandingAtStartMinor: number): number {
  const base = chargeBaseMinor(terms, principalOutstandingAtStartMinor);
  return toSafeNumber(multiplyDivideHalfUp(base, terms.serviceChargeRateBpPerMonth, BASIS_POINTS), 'serviceCharge');
}

function chargeBaseMinor(terms: LoanTerms, principalOutstandingAtStartMinor: number): number {
  switch (terms.serviceChargeMethod) {
    case 'flat':
      return terms.principalMinor;
    case 'declining':
      return principalOutstandingAtStartMinor;
  }
}
