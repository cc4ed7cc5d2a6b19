/**
 * Benefit-sharing funds. A fund is named by the code its fee rules credit
 * (fee_rules.fund_code, e.g. COMMUNITY_DEVELOPMENT). Its movements are:
 *   - credits: the fee lines of purchases naming the fund (in the purchase's currency);
 *   - reversals: the negated fee lines of the reversals of those purchases (debits);
 *   - spending: what the cooperative paid out of the fund, with its purpose and approver.
 * balance = credits + reversals (negative) − spending, per currency, in integer minor units:
 * a fund holds each currency it was credited in separately, nothing is converted.
 *
 * A spending is refused when it exceeds the balance of its currency at the time it is
 * approved (not when it is requested: what counts is the money left when it goes). A reversal is the ledger's correction and is never refused for a fund's sake, so
 * reversing a purchase whose fee was already spent leaves the fund negative: the statement
 * shows it, nothing hides it.
 *
 * Approval (four eyes): a spending is requested by one user (pending) and, in a separate
 * action, approved or rejected (with a reason) by an admin of the cooperative who is not
 * the requester. Only approved spending counts in balances and statements; a decision is
 * final.
 */
import { DomainError } from '../../../common/domain-error.js';
import { assertSafeMinor } from '../../../common/money.js';
import type { DatedFeeRule, IsoDate } from '../../rules/fee-rules.js';

export interface CurrencyAmount {
  readonly currency: string;
  readonly amountMinor: number;
}

/** Sums of one fund's movements in one currency. */
export interface FundTotals {
  readonly fundCode: string;
  readonly currency: string;
  readonly creditedMinor: number;
  /** Zero or negative: reversed fee lines. */
  readonly reversedMinor: number;
  readonly spentMinor: number;
}

export interface FundBalance extends FundTotals {
  readonly balanceMinor: number;
}

function add(a: number, b: number, what: string): number {
  return assertSafeMinor(a + b, what);
}

export function balanceOf(totals: FundTotals): FundBalance {
  const balanceMinor = assertSafeMinor(totals.creditedMinor + totals.reversedMinor - totals.spentMinor, 'balanceMinor');
  return { ...totals, balanceMinor };
}

/**
 * Every fund with its balance per currency: the funds the fee schedule names (with no
 * movement yet: no currency line) and every fund and currency that has movements, merged
 * and sorted by fund code, then currency.
 */
export function fundBalances(namedFunds: readonly string[], totals: readonly FundTotals[]): { fundCode: string; balances: FundBalance[] }[] {
  const merged = new Map<string, Map<string, FundTotals>>();
  for (const code of namedFunds) if (!merged.has(code)) merged.set(code, new Map());
  for (const line of totals) {
    const byCurrency = merged.get(line.fundCode) ?? new Map<string, FundTotals>();
    merged.set(line.fundCode, byCurrency);
    const seen = byCurrency.get(line.currency);
    byCurrency.set(
      line.currency,
      seen === undefined
        ? line
        : {
            ...seen,
            creditedMinor: add(seen.creditedMinor, line.creditedMinor, 'creditedMinor'),
            reversedMinor: add(seen.reversedMinor, line.reversedMinor, 'reversedMinor'),
            spentMinor: add(seen.spentMinor, line.spentMinor, 'spentMinor'),
          },
    );
  }
  return [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([fundCode, byCurrency]) => ({
      fundCode,
      balances: [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0)).map(balanceOf),
    }));
}

/** Refuses a spending larger than the fund's balance in that currency. */
export function assertSpendable(fundCode: string, balance: CurrencyAmount, amount: CurrencyAmount): void {
  if (balance.currency !== amount.currency) throw new Error('A balance is compared with a spending of its own currency');
  assertSafeMinor(amount.amountMinor, 'amountMinor');
  if (amount.amountMinor <= 0) throw new DomainError('FUND_SPENDING_NOT_POSITIVE', { amountMinor: amount.amountMinor });
  if (amount.amountMinor > balance.amountMinor) {
    throw new DomainError('FUND_BALANCE_INSUFFICIENT', {
      fundCode,
      currency: amount.currency,
      amountMinor: amount.amountMinor,
      balanceMinor: balance.amountMinor,
    });
  }
}

export type SpendingStatus = 'pending' | 'approved' | 'rejected';

export interface DecisionCheck {
  readonly spendingId: string;
  readonly status: SpendingStatus;
  readonly requesterId: string;
  readonly deciderId: string;
}

/** A spending is decided once, by someone other than its requester. */
export function assertMayDecide(check: DecisionCheck): void {
  if (check.deciderId === check.requesterId) throw new DomainError('SPENDING_SELF_APPROVAL', { id: check.spendingId }, 'forbidden');
  if (check.status !== 'pending') throw new DomainError('SPENDING_NOT_PENDING', { id: check.spendingId, status: check.status }, 'conflict');
}

/**
 * Ledger entries keep only the fund and the amount of each fee line, not the rule that
 * produced it; the rule is found again from the dated schedule. The fee lines of a purchase
 * follow the order of the rules in force on its day (the schedule's order), so the n-th line
 * crediting a fund came from the n-th rule in force that day crediting that fund. When the
 * count of those rules differs from the count of lines (a rule added afterwards with a past
 * start date), the line is not attributed (null) rather than guessed.
 */
export function attributeFeeRule(schedule: readonly DatedFeeRule[], fundCode: string, ruleDay: IsoDate, rank: number, linesForFund: number): string | null {
  const candidates = schedule.filter(
    (dated) => dated.rule.fundCode === fundCode && dated.validFrom <= ruleDay && (dated.validTo === null || ruleDay <= dated.validTo),
  );
  if (candidates.length !== linesForFund || rank < 1 || rank > candidates.length) return null;
  return candidates[rank - 1].ruleCode;
}

/** Fee lines of one fund in the period, grouped by what attribution needs. */
export interface FeeLineGroup {
  readonly currency: string;
  readonly kind: 'purchase' | 'reversal';
  /** The day whose fee rules applied: the purchase's, also for its reversal. */
  readonly ruleDay: IsoDate;
  readonly rank: number;
  readonly linesForFund: number;
  readonly count: number;
  readonly amountMinor: number;
}

export interface SpendingGroup {
  readonly currency: string;
  readonly purpose: string;
  readonly count: number;
  readonly amountMinor: number;
}

export interface RuleLine {
  /** null: not attributable to one rule of the schedule (see attributeFeeRule). */
  readonly ruleCode: string | null;
  readonly count: number;
  readonly amountMinor: number;
}

export interface PurposeLine {
  readonly purpose: string;
  readonly count: number;
  readonly amountMinor: number;
}

export interface FundStatementSection {
  readonly currency: string;
  readonly openingMinor: number;
  readonly credits: RuleLine[];
  readonly creditedMinor: number;
  readonly reversals: RuleLine[];
  readonly reversedMinor: number;
  readonly spending: PurposeLine[];
  readonly spentMinor: number;
  readonly closingMinor: number;
}

export interface FundStatementInput {
  readonly fundCode: string;
  readonly schedule: readonly DatedFeeRule[];
  /** Balance per currency at the start of the first day of the period. */
  readonly opening: readonly CurrencyAmount[];
  readonly feeLines: readonly FeeLineGroup[];
  readonly spending: readonly SpendingGroup[];
}

function sumOf(lines: readonly { amountMinor: number }[], what: string): number {
  return lines.reduce((sum, line) => add(sum, line.amountMinor, what), 0);
}

function byRule(lines: readonly (FeeLineGroup & { ruleCode: string | null })[]): RuleLine[] {
  const grouped = new Map<string | null, RuleLine>();
  for (const line of lines) {
    const seen = grouped.get(line.ruleCode) ?? { ruleCode: line.ruleCode, count: 0, amountMinor: 0 };
    grouped.set(line.ruleCode, { ...seen, count: seen.count + line.count, amountMinor: add(seen.amountMinor, line.amountMinor, 'amountMinor') });
  }
  // Attributed rules by code; the unattributed remainder last.
  return [...grouped.values()].sort((a, b) => (a.ruleCode === null ? 1 : b.ruleCode === null ? -1 : a.ruleCode < b.ruleCode ? -1 : a.ruleCode > b.ruleCode ? 1 : 0));
}

/**
 * The fund's statement for a period, one section per currency:
 * closing = opening + credits + reversals (negative) − spending.
 */
export function buildFundStatement(input: FundStatementInput): FundStatementSection[] {
  const currencies = new Set<string>([...input.opening, ...input.feeLines, ...input.spending].map((line) => line.currency));
  return [...currencies].sort().map((currency) => {
    const openingMinor = sumOf(input.opening.filter((line) => line.currency === currency), 'openingMinor');
    const attributed = input.feeLines
      .filter((line) => line.currency === currency)
      .map((line) => ({ ...line, ruleCode: attributeFeeRule(input.schedule, input.fundCode, line.ruleDay, line.rank, line.linesForFund) }));
    const credits = byRule(attributed.filter((line) => line.kind === 'purchase'));
    const reversals = byRule(attributed.filter((line) => line.kind === 'reversal'));
    const spending = input.spending
      .filter((line) => line.currency === currency)
      .map(({ purpose, count, amountMinor }) => ({ purpose, count, amountMinor }))
      .sort((a, b) => b.amountMinor - a.amountMinor || (a.purpose < b.purpose ? -1 : 1));
    const creditedMinor = sumOf(credits, 'creditedMinor');
    const reversedMinor = sumOf(reversals, 'reversedMinor');
    const spentMinor = sumOf(spending, 'spentMinor');
    const closingMinor = assertSafeMinor(openingMinor + creditedMinor + reversedMinor - spentMinor, 'closingMinor');
    return { currency, openingMinor, credits, creditedMinor, reversals, reversedMinor, spending, spentMinor, closingMinor };
  });
}
