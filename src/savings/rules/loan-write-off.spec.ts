import { DomainError } from '../../common/domain-error.js';
import { addDaysFromYear100 } from '../../common/calendar-date.js';
import { type LoanTerms } from './loan-terms.js';
import { loanPosition, portfolioAtRiskOfPositions, writeOffLoan } from './loan-write-off.js';

const DISBURSED = '2026-01-05';
const day = (elapsed: number): string => addDaysFromYear100(DISBURSED, elapsed);
const terms: LoanTerms = { principalMinor: 10_000, disbursedOn: DISBURSED, termMonths: 2, serviceChargeRateBpPerMonth: 1_000, serviceChargeMethod: 'flat' };

describe('writeOffLoan', () => {
  it('writes off what is owed on the day of the decision, principal and charge apart', () => {
    // Flat 1 000 a started period. Day 30: one period, so 3 000 paid = 1 000 charge + 2 000
    // principal. Day 90: three periods (3 000), 1 000 of it paid.
    expect(writeOffLoan(terms, [{ paidOn: day(30), amountMinor: 3_000 }], day(90))).toEqual({
      writtenOffOn: day(90),
      principalMinor: 8_000,
      serviceChargeMinor: 2_000,
    });
    expect(writeOffLoan(terms, [], day(10))).toEqual({ writtenOffOn: day(10), principalMinor: 10_000, serviceChargeMinor: 1_000 });
  });

  it('refuses a loan already repaid and a date before the disbursement', () => {
    const repaid = () => writeOffLoan(terms, [{ paidOn: day(20), amountMinor: 11_000 }], day(40));
    expect(repaid).toThrow(DomainError);
    expect(() => repaid()).toThrow('LOAN_NOTHING_TO_WRITE_OFF');
    expect(() => writeOffLoan(terms, [], day(-1))).toThrow('DATE_BEFORE_DISBURSEMENT');
  });
});

describe('loanPosition', () => {
  it('is current within the term, overdue past it with something owed, repaid when nothing is', () => {
    expect(loanPosition(terms, [], null, day(60))).toMatchObject({ state: 'current', overdue: false, termEndsOn: day(60) });
    expect(loanPosition(terms, [], null, day(75))).toMatchObject({ state: 'overdue', daysOverdue: 15 });
    expect(loanPosition(terms, [{ paidOn: day(50), amountMinor: 12_000 }], null, day(75))).toMatchObject({ state: 'repaid', overdue: false });
  });

  it('owes nothing and is never overdue from the day of the write-off, and owes as before until then', () => {
    const writeOff = writeOffLoan(terms, [], day(80));
    const after = loanPosition(terms, [], writeOff, day(200));
    expect(after).toMatchObject({ state: 'written_off', overdue: false, daysOverdue: 0, writeOff });
    expect(after.balance).toMatchObject({ totalOutstandingMinor: 0, principalOutstandingMinor: 0, serviceChargeAccruedMinor: 3_000, asOf: day(200) });
    expect(loanPosition(terms, [], writeOff, day(79))).toMatchObject({ state: 'overdue', daysOverdue: 19, writeOff: null });
  });
});

describe('portfolioAtRiskOfPositions', () => {
  it('divides the principal of overdue loans by all outstanding principal, leaving written-off loans out', () => {
    const overdue = loanPosition(terms, [], null, day(75));
    const current = loanPosition({ ...terms, disbursedOn: day(40), principalMinor: 30_000 }, [], null, day(75));
    const writtenOff = loanPosition(terms, [], writeOffLoan(terms, [], day(70)), day(75));
    expect(portfolioAtRiskOfPositions([overdue, current, writtenOff])).toMatchObject({
      atRiskPrincipalMinor: 10_000,
      outstandingPrincipalMinor: 40_000,
      basisPoints: 2_500,
      loansOutstanding: 2,
    });
  });
});
