import { type IsoDate } from '../../common/calendar-date.js';
import { periodEndsOn, periodServiceChargeMinor, type LoanTerms } from './loan-terms.js';

/** Equal principal instalments each period, or the whole principal on the term's last day. */
export type PrincipalRepaymentPlan = 'equal-instalments' | 'at-term-end';

export interface LoanScheduleRow {
  readonly period: number;
  /** The period's last day: paying on it costs no further period of charge. */
  readonly dueOn: IsoDate;
  readonly principalDueMinor: number;
  readonly serviceChargeDueMinor: number;
  readonly totalDueMinor: number;
  readonly principalOutstandingAfterMinor: number;
}

export interface LoanSchedule {
  readonly rows: readonly LoanScheduleRow[];
  readonly totalPrincipalMinor: number;
  readonly totalServiceChargeMinor: number;
  readonly totalDueMinor: number;
}

/**
 * What falls due at the end of each 30-day period of the term (a month is 30 days here),
 * assuming each row is paid on its due date. Equal instalments split the principal into
 * whole minor units: the first (principal mod months) instalments carry one unit more, so
 * the rows add up to the principal exactly and the larger ones are paid first. As in the
 * ledger, a period that starts with no principal left carries no charge, flat or not.
 */
export function loanSchedule(terms: LoanTerms, plan: PrincipalRepaymentPlan = 'equal-instalments'): LoanSchedule {
  if (terms.termMonths === 0) return dueAtOnce(terms);
  const instalments = principalInstalments(terms, plan);
  let principalOutstandingMinor = terms.principalMinor;
  const rows = instalments.map((principalDueMinor, index): LoanScheduleRow => {
    const serviceChargeDueMinor =
      principalOutstandingMinor > 0 ? periodServiceChargeMinor(terms, principalOutstandingMinor) : 0;
    principalOutstandingMinor -= principalDueMinor;
    return {
      period: index + 1,
      dueOn: periodEndsOn(terms.disbursedOn, index + 1),
      principalDueMinor,
      serviceChargeDueMinor,
      totalDueMinor: principalDueMinor + serviceChargeDueMinor,
      principalOutstandingAfterMinor: principalOutstandingMinor,
    };
  });
  const totalServiceChargeMinor = rows.reduce((sum, row) => sum + row.serviceChargeDueMinor, 0);
  return {
    rows,
    totalPrincipalMinor: terms.principalMinor,
    totalServiceChargeMinor,
    totalDueMinor: terms.principalMinor + totalServiceChargeMinor,
  };
}

/** A debt with no term (one carried from an earlier cycle) falls due whole on its first day, whatever the plan. */
function dueAtOnce(terms: LoanTerms): LoanSchedule {
  const serviceChargeDueMinor = periodServiceChargeMinor(terms, terms.principalMinor);
  const totalDueMinor = terms.principalMinor + serviceChargeDueMinor;
  return {
    rows: [{ period: 1, dueOn: terms.disbursedOn, principalDueMinor: terms.principalMinor, serviceChargeDueMinor, totalDueMinor, principalOutstandingAfterMinor: 0 }],
    totalPrincipalMinor: terms.principalMinor,
    totalServiceChargeMinor: serviceChargeDueMinor,
    totalDueMinor,
  };
}

function principalInstalments(terms: LoanTerms, plan: PrincipalRepaymentPlan): number[] {
  const periods = terms.termMonths;
  switch (plan) {
    case 'equal-instalments': {
      const base = Math.floor(terms.principalMinor / periods);
      const unitsLeft = terms.principalMinor - base * periods;
      return Array.from({ length: periods }, (_, index) => base + (index < unitsLeft ? 1 : 0));
    }
    case 'at-term-end':
      return Array.from({ length: periods }, (_, index) => (index === periods - 1 ? terms.principalMinor : 0));
  }
}
