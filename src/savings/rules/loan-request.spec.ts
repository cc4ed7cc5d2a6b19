import { DomainError } from '../../common/domain-error.js';
import { defineCycleRules } from './cycle-rules.js';
import { assessLoanRequest, loanCapMinor, requireLoanDisbursable, type LoanRequest } from './loan-request.js';

const rules = defineCycleRules({ currency: 'CDF', sharePriceMinor: 100_000, socialFundContributionMinor: 20_000 });
const request: LoanRequest = {
  principalMinor: 900_000,
  termMonths: 3,
  memberSavingsMinor: 300_000,
  memberOutstandingPrincipalMinor: 0,
  loanFundCashMinor: 1_000_000,
};

describe('loanCapMinor', () => {
  it('is three times the member’s savings by default', () => {
    expect(loanCapMinor(rules, 300_000)).toBe(900_000);
    expect(loanCapMinor(rules, 0)).toBe(0);
  });

  it('rounds a fractional multiple down so the cap never exceeds it', () => {
    const twoAndAHalf = defineCycleRules({ ...rules, loanCapSavingsMultipleBp: 25_000 });
    expect(loanCapMinor(twoAndAHalf, 333)).toBe(832);
  });

  it('refuses negative savings', () => {
    expect(() => loanCapMinor(rules, -1)).toThrow('AMOUNT_NOT_WHOLE_MINOR_UNITS');
  });
});

describe('assessLoanRequest', () => {
  it('refuses any loan while a debt carried from an earlier cycle is owed, first of the reasons, with nothing disbursable', () => {
    const assessment = assessLoanRequest(rules, { ...request, principalMinor: 1, memberCarriedDebtMinor: 5_000, loanFundCashMinor: 0, termMonths: 4 });
    expect(assessment).toMatchObject({ approved: false, capMinor: 900_000, headroomMinor: 0, maxDisbursableMinor: 0 });
    expect(assessment.refusals.map((refusal) => refusal.code)).toEqual(['LOAN_CARRIED_DEBT_OUTSTANDING', 'LOAN_FUND_CASH_SHORT', 'LOAN_TERM_TOO_LONG']);
    expect(assessment.refusals[0]).toEqual({ field: 'memberId', code: 'LOAN_CARRIED_DEBT_OUTSTANDING', params: { carriedDebtMinor: 5_000, requestedMinor: 1 } });
    expect(() => requireLoanDisbursable(rules, { ...request, memberCarriedDebtMinor: 1 })).toThrow('LOAN_CARRIED_DEBT_OUTSTANDING');
    expect(assessLoanRequest(rules, { ...request, memberCarriedDebtMinor: 0 }).approved).toBe(true);
    expect(() => assessLoanRequest(rules, { ...request, memberCarriedDebtMinor: -1 })).toThrow('AMOUNT_NOT_WHOLE_MINOR_UNITS');
  });

  it('approves a loan exactly at the cap, within the cash and the term', () => {
    expect(assessLoanRequest(rules, request)).toEqual({
      approved: true,
      capMinor: 900_000,
      headroomMinor: 900_000,
      maxDisbursableMinor: 900_000,
      refusals: [],
    });
  });

  it('refuses one unit above the cap and says how much is left under it', () => {
    const assessment = assessLoanRequest(rules, { ...request, principalMinor: 900_001 });
    expect(assessment.approved).toBe(false);
    expect(assessment.refusals).toEqual([
      {
        field: 'principalMinor',
        code: 'LOAN_ABOVE_SAVINGS_CAP',
        params: { capMinor: 900_000, outstandingPrincipalMinor: 0, requestedMinor: 900_001, headroomMinor: 900_000 },
      },
    ]);
  });

  it('applies the cap to total outstanding principal including the new loan', () => {
    const withEarlierLoan = { ...request, memberOutstandingPrincipalMinor: 400_000 };
    expect(assessLoanRequest(rules, { ...withEarlierLoan, principalMinor: 500_000 }).approved).toBe(true);
    const over = assessLoanRequest(rules, { ...withEarlierLoan, principalMinor: 500_001 });
    expect(over.headroomMinor).toBe(500_000);
    expect(over.refusals.map((r) => r.code)).toEqual(['LOAN_ABOVE_SAVINGS_CAP']);
  });

  it('never reports negative headroom when earlier loans already exceed the cap', () => {
    const assessment = assessLoanRequest(rules, { ...request, principalMinor: 1, memberOutstandingPrincipalMinor: 1_000_000 });
    expect(assessment.headroomMinor).toBe(0);
    expect(assessment.maxDisbursableMinor).toBe(0);
    expect(assessment.refusals.map((r) => r.code)).toEqual(['LOAN_ABOVE_SAVINGS_CAP']);
  });

  it('refuses a member with no savings', () => {
    expect(assessLoanRequest(rules, { ...request, principalMinor: 1, memberSavingsMinor: 0 }).refusals[0].code).toBe(
      'LOAN_ABOVE_SAVINGS_CAP',
    );
  });

  it('refuses a loan the box cannot pay out, but accepts one equal to the cash', () => {
    const short = assessLoanRequest(rules, { ...request, loanFundCashMinor: 899_999 });
    expect(short.refusals).toEqual([
      {
        field: 'principalMinor',
        code: 'LOAN_FUND_CASH_SHORT',
        params: { loanFundCashMinor: 899_999, requestedMinor: 900_000 },
      },
    ]);
    expect(short.maxDisbursableMinor).toBe(899_999);
    expect(assessLoanRequest(rules, { ...request, loanFundCashMinor: 900_000 }).approved).toBe(true);
  });

  it('refuses a term longer than the group allows, and accepts the maximum', () => {
    expect(assessLoanRequest(rules, { ...request, termMonths: 3 }).approved).toBe(true);
    expect(assessLoanRequest(rules, { ...request, termMonths: 4 }).refusals).toEqual([
      { field: 'termMonths', code: 'LOAN_TERM_TOO_LONG', params: { maxMonths: 3, requestedMonths: 4 } },
    ]);
  });

  it('gives every reason at once when several rules are broken', () => {
    const assessment = assessLoanRequest(rules, {
      ...request,
      principalMinor: 2_000_000,
      termMonths: 6,
      loanFundCashMinor: 10,
    });
    expect(assessment.refusals.map((r) => r.code)).toEqual([
      'LOAN_ABOVE_SAVINGS_CAP',
      'LOAN_FUND_CASH_SHORT',
      'LOAN_TERM_TOO_LONG',
    ]);
  });

  it('throws on malformed numbers instead of treating them as a refusal', () => {
    expect(() => assessLoanRequest(rules, { ...request, principalMinor: 0 })).toThrow('AMOUNT_NOT_POSITIVE');
    expect(() => assessLoanRequest(rules, { ...request, principalMinor: 10.5 })).toThrow('AMOUNT_NOT_WHOLE_MINOR_UNITS');
    expect(() => assessLoanRequest(rules, { ...request, termMonths: 0 })).toThrow('LOAN_TERM_NOT_POSITIVE');
    expect(() => assessLoanRequest(rules, { ...request, memberOutstandingPrincipalMinor: -1 })).toThrow(
      'AMOUNT_NOT_WHOLE_MINOR_UNITS',
    );
    expect(() => assessLoanRequest(rules, { ...request, loanFundCashMinor: -1 })).toThrow('AMOUNT_NOT_WHOLE_MINOR_UNITS');
  });
});

describe('requireLoanDisbursable', () => {
  it('returns the assessment of a loan that passes every rule', () => {
    expect(requireLoanDisbursable(rules, request).approved).toBe(true);
  });

  it('throws the first refusal with every refusal listed as a field error', () => {
    let caught: unknown;
    try {
      requireLoanDisbursable(rules, { ...request, principalMinor: 950_000, termMonths: 4, loanFundCashMinor: 940_000 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe('LOAN_ABOVE_SAVINGS_CAP');
    expect(error.kind).toBe('invalid');
    expect(error.params).toMatchObject({ capMinor: 900_000, requestedMinor: 950_000 });
    expect(error.errors).toEqual([
      { field: 'principalMinor', code: 'LOAN_ABOVE_SAVINGS_CAP' },
      { field: 'principalMinor', code: 'LOAN_FUND_CASH_SHORT' },
      { field: 'termMonths', code: 'LOAN_TERM_TOO_LONG' },
    ]);
  });
});
