import { foldLedger, type LedgerLoan, type LedgerMovement } from './ledger.js';

/** What the database caches of one loan (savings_loan_balances): its standing disbursement and repayments. */
export interface CachedLoanBalance {
  /** Disbursement movements that stand: 1 while the loan stands, 0 once its disbursement is reversed. */
  readonly disbursements: number;
  readonly repaidMinor: number;
  readonly repayments: number;
}

/** A cycle's cached balances: cash per fund, shares per member, and per loan; missing rows are zero. */
export interface CachedBalances {
  readonly loanFundMinor: number;
  readonly socialFundMinor: number;
  readonly movements: number;
  readonly lastMovementOn: string | null;
  readonly sharesByMember: ReadonlyMap<string, number>;
  readonly loans: ReadonlyMap<string, CachedLoanBalance>;
}

/** One figure the cache holds otherwise than the movements say. */
export interface BalanceDifference {
  /** `loan_fund`, `social_fund`, `movements`, `last_movement_on`, `shares`, `loan_disbursements`, `loan_repaid_minor`, `loan_repayments`. */
  readonly figure: string;
  readonly memberId?: string;
  readonly loanId?: string;
  readonly cached: number | string | null;
  readonly recomputed: number | string | null;
}

const NO_LOAN: CachedLoanBalance = { disbursements: 0, repaidMinor: 0, repayments: 0 };

/** The balances the cache should hold, recomputed from every movement of the cycle by the ledger's fold. */
export function recomputedBalances(movements: readonly LedgerMovement[], loans: readonly LedgerLoan[]): CachedBalances {
  const ledger = foldLedger(movements, loans);
  const standing = new Set(ledger.loans.map((loan) => loan.id));
  return {
    loanFundMinor: ledger.loanFundMinor,
    socialFundMinor: ledger.socialFundMinor,
    movements: movements.length,
    lastMovementOn: movements.map((m) => m.occurredOn).sort().at(-1) ?? null,
    sharesByMember: ledger.sharesByMember,
    loans: new Map(loans.map((loan): [string, CachedLoanBalance] => {
      const repayments = ledger.repaymentsByLoan.get(loan.id) ?? [];
      return [loan.id, {
        disbursements: standing.has(loan.id) ? 1 : 0,
        repaidMinor: repayments.reduce((sum, repayment) => sum + repayment.amountMinor, 0),
        repayments: repayments.length,
      }];
    })),
  };
}

/** Every figure where the cache and the recomputed balances differ, cycle figures first, then members, then loans. */
export function balanceDifferences(cached: CachedBalances, recomputed: CachedBalances): BalanceDifference[] {
  const differences: BalanceDifference[] = [];
  const compare = (figure: string, a: number | string | null, b: number | string | null, ids: { memberId?: string; loanId?: string } = {}): void => {
    if (a !== b) differences.push({ figure, ...ids, cached: a, recomputed: b });
  };
  compare('loan_fund', cached.loanFundMinor, recomputed.loanFundMinor);
  compare('social_fund', cached.socialFundMinor, recomputed.socialFundMinor);
  compare('movements', cached.movements, recomputed.movements);
  compare('last_movement_on', cached.lastMovementOn, recomputed.lastMovementOn);
  for (const memberId of [...new Set([...cached.sharesByMember.keys(), ...recomputed.sharesByMember.keys()])].sort()) {
    compare('shares', cached.sharesByMember.get(memberId) ?? 0, recomputed.sharesByMember.get(memberId) ?? 0, { memberId });
  }
  for (const loanId of [...new Set([...cached.loans.keys(), ...recomputed.loans.keys()])].sort()) {
    const a = cached.loans.get(loanId) ?? NO_LOAN;
    const b = recomputed.loans.get(loanId) ?? NO_LOAN;
    compare('loan_disbursements', a.disbursements, b.disbursements, { loanId });
    compare('loan_repaid_minor', a.repaidMinor, b.repaidMinor, { loanId });
    compare('loan_repayments', a.repayments, b.repayments, { loanId });
  }
  return differences;
}

/** One difference as a line of the verification's report. */
export function describeDifference(cycleId: string, difference: BalanceDifference): string {
  const of = difference.memberId ? ` of member ${difference.memberId}` : difference.loanId ? ` of loan ${difference.loanId}` : '';
  return `cycle ${cycleId}: ${difference.figure}${of} is ${String(difference.cached)} in the cache, ${String(difference.recomputed)} from the movements`;
}
