import { DomainError } from '../../common/domain-error.js';
import { dayNumberFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { loanBalance, loanOverdueStatus, type LoanBalance, type LoanRepayment } from './loan-balance.js';
import { type LoanTerms } from './loan-terms.js';
import { portfolioAtRisk, type PortfolioAtRisk } from './portfolio.js';

/** What the group gave up on a loan by a recorded decision, as owed on the day of the decision. */
export interface LoanWriteOff {
  readonly writtenOffOn: IsoDate;
  readonly principalMinor: number;
  readonly serviceChargeMinor: number;
}

export type LoanState = 'current' | 'overdue' | 'repaid' | 'written_off';

export interface LoanPosition {
  readonly state: LoanState;
  readonly termEndsOn: IsoDate;
  readonly overdue: boolean;
  readonly daysOverdue: number;
  /** Zero outstanding once written off: the loss is in `writeOff`, not in the balance. */
  readonly balance: LoanBalance;
  readonly writeOff: LoanWriteOff | null;
}

/**
 * The write-off of a loan on the day the group decided it: everything then owed, principal
 * and service charge. A loan with nothing owed cannot be written off; no charge accrues
 * after the decision.
 */
export function writeOffLoan(terms: LoanTerms, repayments: readonly LoanRepayment[], on: IsoDate): LoanWriteOff {
  const balance = loanBalance(terms, repayments, on);
  if (balance.totalOutstandingMinor === 0) throw new DomainError('LOAN_NOTHING_TO_WRITE_OFF', { on });
  return { writtenOffOn: on, principalMinor: balance.principalOutstandingMinor, serviceChargeMinor: balance.serviceChargeOutstandingMinor };
}

/**
 * Where a loan stands on `asOf`: repaid when nothing is owed, overdue when past the term with
 * something owed, written off from the day of the group's decision (then owing nothing and
 * never overdue), current otherwise.
 */
export function loanPosition(
  terms: LoanTerms,
  repayments: readonly LoanRepayment[],
  writeOff: LoanWriteOff | null,
  asOf: IsoDate,
): LoanPosition {
  if (writeOff && dayNumberFromYear100(writeOff.writtenOffOn) <= dayNumberFromYear100(asOf)) {
    const atDecision = loanOverdueStatus(terms, repayments, writeOff.writtenOffOn);
    const balance: LoanBalance = {
      ...atDecision.balance,
      asOf,
      principalOutstandingMinor: 0,
      serviceChargeOutstandingMinor: 0,
      totalOutstandingMinor: 0,
    };
    return { state: 'written_off', termEndsOn: atDecision.termEndsOn, overdue: false, daysOverdue: 0, balance, writeOff };
  }
  const status = loanOverdueStatus(terms, repayments, asOf);
  const state: LoanState = status.balance.totalOutstandingMinor === 0 ? 'repaid' : status.overdue ? 'overdue' : 'current';
  return { state, ...status, writeOff: null };
}

/** Portfolio at risk of a group's loans on a day: written-off loans owe nothing and count nowhere. */
export function portfolioAtRiskOfPositions(positions: readonly LoanPosition[], minDaysOverdue = 1): PortfolioAtRisk {
  return portfolioAtRisk(
    positions.map((position) => ({ principalOutstandingMinor: position.balance.principalOutstandingMinor, daysOverdue: position.daysOverdue })),
    minDaysOverdue,
  );
}
