import { DomainError } from '../../common/domain-error.js';
import { type IsoDate } from '../../common/calendar-date.js';
import { loanOverdueStatus, type LoanRepayment } from './loan-balance.js';
import { type LoanTerms } from './loan-terms.js';
import { multiplyDivideHalfUp, requireMinorAmount, requireWholeCount, toSafeNumber } from './whole-numbers.js';

export interface LoanRiskPosition {
  readonly principalOutstandingMinor: number;
  readonly daysOverdue: number;
}

export interface LoanHistory {
  readonly terms: LoanTerms;
  readonly repayments: readonly LoanRepayment[];
}

export interface PortfolioAtRisk {
  /** Numerator: principal outstanding on loans overdue by at least `minDaysOverdue`. */
  readonly atRiskPrincipalMinor: number;
  /** Denominator: principal outstanding on all loans. */
  readonly outstandingPrincipalMinor: number;
  /** Numerator ÷ denominator in basis points, rounded half-up; 0 when nothing is outstanding. */
  readonly basisPoints: number;
  readonly loansAtRisk: number;
  readonly loansOutstanding: number;
  readonly minDaysOverdue: number;
}

const BASIS_POINTS = 10_000;

/**
 * Portfolio at risk: the share of outstanding principal sitting in overdue loans. Only
 * principal counts, as in microfinance practice, so an unpaid charge does not inflate it.
 * `minDaysOverdue` gives PAR1 by default, PAR30 with 30.
 */
export function portfolioAtRisk(loans: readonly LoanRiskPosition[], minDaysOverdue = 1): PortfolioAtRisk {
  requireThreshold(minDaysOverdue);
  let atRiskPrincipalMinor = 0;
  let outstandingPrincipalMinor = 0;
  let loansAtRisk = 0;
  let loansOutstanding = 0;
  for (const loan of loans) {
    const principal = requireMinorAmount(loan.principalOutstandingMinor, 'principalOutstandingMinor');
    requireWholeCount(loan.daysOverdue, 'daysOverdue');
    if (principal === 0) continue;
    loansOutstanding += 1;
    outstandingPrincipalMinor += principal;
    if (loan.daysOverdue >= minDaysOverdue) {
      loansAtRisk += 1;
      atRiskPrincipalMinor += principal;
    }
  }
  const basisPoints =
    outstandingPrincipalMinor === 0
      ? 0
      : toSafeNumber(multiplyDivideHalfUp(atRiskPrincipalMinor, BASIS_POINTS, outstandingPrincipalMinor), 'basisPoints');
  return { atRiskPrincipalMinor, outstandingPrincipalMinor, basisPoints, loansAtRisk, loansOutstanding, minDaysOverdue };
}

/** The same, working out each loan's position on `asOf` from its terms and repayments. */
export function portfolioAtRiskAsOf(loans: readonly LoanHistory[], asOf: IsoDate, minDaysOverdue = 1): PortfolioAtRisk {
  const positions = loans.map(({ terms, repayments }): LoanRiskPosition => {
    const status = loanOverdueStatus(terms, repayments, asOf);
    return { principalOutstandingMinor: status.balance.principalOutstandingMinor, daysOverdue: status.daysOverdue };
  });
  return portfolioAtRisk(positions, minDaysOverdue);
}

function requireThreshold(minDaysOverdue: number): void {
  requireWholeCount(minDaysOverdue, 'minDaysOverdue');
  if (minDaysOverdue === 0) throw new DomainError('PAR_THRESHOLD_NOT_POSITIVE', { minDaysOverdue });
}
