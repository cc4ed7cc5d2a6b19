import { foldLedger, type LedgerLoan, type LedgerMovement } from '../../savings/rules/ledger.js';
import { dayNumberFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { loanPosition, portfolioAtRiskOfPositions, type LoanPosition, type LoanWriteOff } from '../../savings/rules/loan-write-off.js';

/** One savings cycle running at the report's date, with its ledger up to that date. */
export interface CycleLoanBook {
  readonly currency: string;
  readonly movements: readonly LedgerMovement[];
  readonly loans: readonly LedgerLoan[];
  readonly writeOffs: ReadonlyMap<string, LoanWriteOff>;
}

export interface LoanPortfolioFigures {
  readonly key: string;
  readonly currency: string;
  /** Loans with principal still owed on the date (written-off loans owe nothing). */
  readonly loansOutstanding: number;
  readonly loansOutstandingPrincipalMinor: number;
  /** Service charge accrued and unpaid on the date, on the same loans. */
  readonly loansOutstandingServiceChargeMinor: number;
  /** Principal outstanding on loans past their term by at least one day. */
  readonly atRiskPrincipalMinor: number;
  /** PAR (1 day) and PAR30, in basis points of the outstanding principal. */
  readonly portfolioAtRiskBp: number;
  readonly portfolioAtRisk30Bp: number;
  readonly writtenOffPrincipalMinor: number;
}

/**
 * Loans outstanding and portfolio at risk on `asOf`, per currency, replayed exactly from the
 * savings ledger: each standing loan's repayments (reversed ones left out) split between
 * service charge and principal by the group's rules, write-offs decided by then applied.
 */
export function loanPortfolioByCurrency(books: readonly CycleLoanBook[], asOf: IsoDate): LoanPortfolioFigures[] {
  const positions = new Map<string, LoanPosition[]>();
  for (const book of books) {
    const ledger = foldLedger(book.movements, book.loans);
    const list = positions.get(book.currency) ?? [];
    for (const loan of ledger.loans) {
      if (dayNumberFromYear100(loan.terms.disbursedOn) > dayNumberFromYear100(asOf)) continue;
      list.push(loanPosition(loan.terms, ledger.repaymentsByLoan.get(loan.id) ?? [], book.writeOffs.get(loan.id) ?? null, asOf));
    }
    positions.set(book.currency, list);
  }
  return [...positions.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, list]) => {
      const par = portfolioAtRiskOfPositions(list, 1);
      return {
        key: currency,
        currency,
        loansOutstanding: par.loansOutstanding,
        loansOutstandingPrincipalMinor: par.outstandingPrincipalMinor,
        loansOutstandingServiceChargeMinor: list.reduce((sum, p) => sum + p.balance.serviceChargeOutstandingMinor, 0),
        atRiskPrincipalMinor: par.atRiskPrincipalMinor,
        portfolioAtRiskBp: par.basisPoints,
        portfolioAtRisk30Bp: portfolioAtRiskOfPositions(list, 30).basisPoints,
        writtenOffPrincipalMinor: list.reduce((sum, p) => sum + (p.writeOff?.principalMinor ?? 0), 0),
      };
    });
}
