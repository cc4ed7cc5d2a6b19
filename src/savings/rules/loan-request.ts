import { DomainError, type FieldError } from '../../common/domain-error.js';
import { type CycleRules } from './cycle-rules.js';
import { requirePositiveTerm } from './loan-terms.js';
import {
  multiplyDivideFloor,
  requireMinorAmount,
  requirePositiveMinorAmount,
  toSafeNumber,
} from './whole-numbers.js';

export interface LoanRequest {
  readonly principalMinor: number;
  readonly termMonths: number;
  /** The member's savings in the cycle (shares bought × share price). */
  readonly memberSavingsMinor: number;
  /** Principal the member still owes on earlier loans of the cycle. */
  readonly memberOutstandingPrincipalMinor: number;
  readonly loanFundCashMinor: number;
  /** What the member still owes on debts carried from an earlier cycle (principal and charge); none when left out. */
  readonly memberCarriedDebtMinor?: number;
}

export interface LoanRefusal {
  readonly field: string;
  readonly code: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface LoanAssessment {
  readonly approved: boolean;
  readonly capMinor: number;
  /** What the member may still borrow under the cap, whatever the box holds. */
  readonly headroomMinor: number;
  /** The largest loan that both the cap and the cash on hand allow today. */
  readonly maxDisbursableMinor: number;
  readonly refusals: readonly LoanRefusal[];
}

const BASIS_POINTS = 10_000;

/** The cap on a member's total outstanding principal, rounded down so it never exceeds the multiple. */
export function loanCapMinor(rules: CycleRules, memberSavingsMinor: number): number {
  requireMinorAmount(memberSavingsMinor, 'memberSavingsMinor');
  return toSafeNumber(multiplyDivideFloor(memberSavingsMinor, rules.loanCapSavingsMultipleBp, BASIS_POINTS), 'loanCap');
}

/**
 * Checks a loan request against every rule and returns all the reasons for refusal, so the
 * committee can tell the member everything at once. The cap applies to the member's total
 * outstanding principal including the new loan, so two small loans cannot get round it.
 * A member still owing a debt carried from an earlier cycle is refused any new loan until it
 * is repaid (LOAN_CARRIED_DEBT_OUTSTANDING, listed first), as VSLA groups do with a member in
 * arrears: the group does not lend more to someone who has not paid back what the last
 * share-out could not recover; repaying it at the same meeting, before borrowing, lifts it.
 * Malformed numbers (negative, fractional) throw instead: they are not a loan decision.
 */
export function assessLoanRequest(rules: CycleRules, request: LoanRequest): LoanAssessment {
  const { principalMinor, termMonths, memberOutstandingPrincipalMinor, loanFundCashMinor } = request;
  requirePositiveMinorAmount(principalMinor, 'principalMinor');
  requirePositiveTerm(termMonths);
  requireMinorAmount(memberOutstandingPrincipalMinor, 'memberOutstandingPrincipalMinor');
  requireMinorAmount(loanFundCashMinor, 'loanFundCashMinor');
  const carriedDebtMinor = requireMinorAmount(request.memberCarriedDebtMinor ?? 0, 'memberCarriedDebtMinor');
  const capMinor = loanCapMinor(rules, request.memberSavingsMinor);
  const headroomMinor = carriedDebtMinor > 0 ? 0 : Math.max(0, capMinor - memberOutstandingPrincipalMinor);
  const refusals: LoanRefusal[] = [];
  if (carriedDebtMinor > 0) {
    refusals.push({ field: 'memberId', code: 'LOAN_CARRIED_DEBT_OUTSTANDING', params: { carriedDebtMinor, requestedMinor: principalMinor } });
  }
  if (carriedDebtMinor === 0 && principalMinor > headroomMinor) {
    refusals.push({
      field: 'principalMinor',
      code: 'LOAN_ABOVE_SAVINGS_CAP',
      params: {
        capMinor,
        outstandingPrincipalMinor: memberOutstandingPrincipalMinor,
        requestedMinor: principalMinor,
        headroomMinor,
      },
    });
  }
  if (principalMinor > loanFundCashMinor) {
    refusals.push({
      field: 'principalMinor',
      code: 'LOAN_FUND_CASH_SHORT',
      params: { loanFundCashMinor, requestedMinor: principalMinor },
    });
  }
  if (termMonths > rules.maxLoanTermMonths) {
    refusals.push({
      field: 'termMonths',
      code: 'LOAN_TERM_TOO_LONG',
      params: { maxMonths: rules.maxLoanTermMonths, requestedMonths: termMonths },
    });
  }
  const maxDisbursableMinor = Math.min(headroomMinor, loanFundCashMinor);
  return { approved: refusals.length === 0, capMinor, headroomMinor, maxDisbursableMinor, refusals };
}

/** Throws the first refusal's code and params, with every refusal listed as a field error. */
export function requireLoanDisbursable(rules: CycleRules, request: LoanRequest): LoanAssessment {
  const assessment = assessLoanRequest(rules, request);
  const [first] = assessment.refusals;
  if (first) {
    const errors: FieldError[] = assessment.refusals.map(({ field, code }) => ({ field, code }));
    throw new DomainError(first.code, first.params, 'invalid', errors);
  }
  return assessment;
}
