import type { LedgerLoanColumns, LedgerMovementColumns } from '../savings-rows.js';
import type { IsoDate } from '../../common/calendar-date.js';
import type { LoanRepayment } from './loan-balance.js';
import type { LoanTerms, } from './loan-terms.js';

/** The fields of a movement that the balances are derived from. */
export interface LedgerMovement {
  readonly id: string;
  readonly kind: string;
  readonly fund: 'loan_fund' | 'social_fund';
  readonly memberId: string | null;
  readonly loanId: string | null;
  readonly amountMinor: number;
  readonly shares: number;
  readonly occurredOn: IsoDate;
  readonly reversesMovementId: string | null;
}

export interface LedgerLoan {
  readonly id: string;
  readonly memberId: string;
  readonly terms: LoanTerms;
  /** Set on a debt carried from an earlier cycle's settlement and brought into this one (see rules/carried-debts.ts). */
  readonly carriedFromCycleId?: string | null;
}

/** The kinds of movement that make a loan stand: its disbursement, or the opening entry of a carried debt (no cash). */
export const LOAN_OPENING_KINDS: ReadonlySet<string> = new Set(['loan_disbursement', 'carried_debt']);

export interface CycleLedger {
  readonly loanFundMinor: number;
  readonly socialFundMinor: number;
  /** Shares bought per member, reversed purchases left out. */
  readonly sharesByMember: ReadonlyMap<string, number>;
  /** Loans whose disbursement (or carried-debt opening) stands (not reversed), in the order given. */
  readonly loans: readonly LedgerLoan[];
  /** Repayments standing per loan, in recording order. */
  readonly repaymentsByLoan: ReadonlyMap<string, readonly LoanRepayment[]>;
  /** Ids of movements already reversed. */
  readonly reversed: ReadonlySet<string>;
}

/**
 * Folds the append-only movements of a cycle into its balances. Cash is the plain sum of
 * every row, reversals included (a reversal carries the negated amount); shares, loans and
 * repayments count only the rows that stand, so a correction re-derives everything after it.
 */
export function foldLedger(movements: readonly LedgerMovement[], loans: readonly LedgerLoan[]): CycleLedger {
  const reversed = new Set(movements.flatMap((m) => (m.reversesMovementId === null ? [] : [m.reversesMovementId])));
  const standing = movements.filter((m) => m.kind !== 'reversal' && !reversed.has(m.id));
  let loanFundMinor = 0;
  let socialFundMinor = 0;
  for (const m of movements) {
    if (m.fund === 'loan_fund') loanFundMinor += m.amountMinor;
    else socialFundMinor += m.amountMinor;
  }
  const sharesByMember = new Map<string, number>();
  const repaymentsByLoan = new Map<string, LoanRepayment[]>();
  const disbursed = new Set<string>();
  for (const m of standing) {
    if (m.kind === 'share_purchase' && m.memberId !== null) sharesByMember.set(m.memberId, (sharesByMember.get(m.memberId) ?? 0) + m.shares);
    if (LOAN_OPENING_KINDS.has(m.kind) && m.loanId !== null) disbursed.add(m.loanId);
    if (m.kind === 'loan_repayment' && m.loanId !== null) {
      const list = repaymentsByLoan.get(m.loanId) ?? [];
      list.push({ paidOn: m.occurredOn, amountMinor: m.amountMinor });
      repaymentsByLoan.set(m.loanId, list);
    }
  }
  return {
    loanFundMinor,
    socialFundMinor,
    sharesByMember,
    loans: loans.filter((loan) => disbursed.has(loan.id)),
    repaymentsByLoan,
    reversed,
  };
}

export function ledgerLoanOf(row: LedgerLoanColumns): LedgerLoan {
  return {
    id: row.id,
    memberId: row.member_id,
    carriedFromCycleId: row.carried_from_cycle_id ?? null,
    terms: {
      principalMinor: Number(row.principal_minor),
      disbursedOn: row.disbursed_on,
      termMonths: row.term_months,
      serviceChargeRateBpPerMonth: row.service_charge_rate_bp,
      serviceChargeMethod: row.service_charge_method,
    },
  };
}

export function ledgerMovementOf(m: LedgerMovementColumns): LedgerMovement {
  return {
    id: m.id, kind: m.kind, fund: m.fund, memberId: m.member_id, loanId: m.loan_id, amountMinor: Number(m.amount_minor),
    shares: m.shares, occurredOn: m.occurred_on, reversesMovementId: m.reverses_movement_id,
  };
}
