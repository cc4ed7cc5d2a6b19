import { DomainError } from '../../common/domain-error.js';
import { assertSafeMinor } from '../../common/money.js';
import { type CycleRules } from './cycle-rules.js';
import { greatestCommonDivisor, requireMinorAmount, requireWholeCount, toSafeNumber } from './whole-numbers.js';

export interface ShareOutMember {
  readonly memberId: string;
  /** Shares the member bought in the cycle. */
  readonly shares: number;
  /** Everything the member still owes: loan principal + service charge + unpaid fines. */
  readonly debtMinor: number;
}

export interface CycleShareOutInput {
  /** Cash counted in the loan fund at the share-out, before any debt is netted. */
  readonly loanFundCashMinor: number;
  readonly socialFundCashMinor: number;
  readonly members: readonly ShareOutMember[];
}

/** An exact value per share, plus what a poster can show: rounded down to the minor unit. */
export interface ValuePerShare {
  readonly numerator: number;
  readonly denominator: number;
  readonly displayMinor: number;
}

export interface ShareOutLine {
  readonly memberId: string;
  readonly shares: number;
  /** floor(shares × value per share). */
  readonly grossMinor: number;
  readonly debtMinor: number;
  readonly debtNettedMinor: number;
  /** gross − debt netted; never negative. */
  readonly netPayoutMinor: number;
  /** Debt the payout could not cover, recorded against the member for the next cycle. */
  readonly carriedDebtMinor: number;
  readonly socialFundShareMinor: number;
  /** Cash handed to the member: net payout + social-fund share. */
  readonly cashToMemberMinor: number;
}

export interface SocialFundOutcome {
  readonly policy: 'kept' | 'shared-equally';
  readonly cashMinor: number;
  readonly sharedPerMemberMinor: number;
  readonly sharedTotalMinor: number;
  readonly keptForNextCycleMinor: number;
}

export interface CycleShareOutTotals {
  readonly members: number;
  readonly shares: number;
  readonly cashAvailableMinor: number;
  readonly loanFundCashMinor: number;
  readonly debtMinor: number;
  readonly grossMinor: number;
  readonly debtNettedMinor: number;
  readonly netPayoutMinor: number;
  readonly carriedDebtMinor: number;
  readonly socialFundPaidMinor: number;
  readonly cashPaidMinor: number;
  /** Loan-fund units left by rounding each gross down; they stay in the box. */
  readonly remainderMinor: number;
  /** Remainder + social fund kept: the cash that opens the next cycle. */
  readonly cashKeptForNextCycleMinor: number;
}

export interface CycleShareOutPreview {
  readonly valuePerShare: ValuePerShare;
  readonly lines: readonly ShareOutLine[];
  readonly socialFund: SocialFundOutcome;
  readonly remainderMinor: number;
  readonly totals: CycleShareOutTotals;
}

export interface MemberExitInput {
  readonly loanFundCashMinor: number;
  /** All shares bought in the cycle so far, the leaving member's included. */
  readonly totalShares: number;
  readonly member: ShareOutMember;
}

export interface MemberExitSettlement {
  readonly valuePerShare: ValuePerShare;
  readonly line: ShareOutLine;
  readonly loanFundCashBeforeMinor: number;
  readonly paidMinor: number;
  /** Stays in the box for the members who remain, rounding included. */
  readonly loanFundCashAfterMinor: number;
  readonly sharesRemaining: number;
}

interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * The cycle-end share-out. The fund shared is the loan fund "once all loans are settled":
 * the cash counted plus every debt recovered by netting it from its debtor's payout, so
 * value per share = (cash + debts recovered) ÷ total shares. With no debts that is plainly
 * cash ÷ shares. A debt larger than its debtor's gross cannot be recovered now: the gross is
 * netted in full, the rest is carried into the next cycle, and the value per share is
 * computed without the unrecovered part, because the box cannot pay out money it never got.
 *
 * Each gross is rounded down (exact BigInt arithmetic); the units this leaves stay in the
 * box and are stated as the remainder. What holds to the last unit:
 *   Σ net payouts + remainder = loan-fund cash;
 *   Σ cash paid + remainder + social fund kept = loan-fund cash + social fund;
 *   for each member, debt netted + debt carried = debt, net = gross − debt netted ≥ 0.
 * The social fund is kept for the next cycle unless the rules share it out; then it is
 * shared equally, rounded down, the units left kept in it. Debts are netted from the
 * loan-fund payout only: the social fund is a separate fund and its share is paid in full.
 * A member with no shares took no part in the cycle and receives nothing, social fund
 * included; any debt of theirs is carried in full.
 */
export function previewCycleShareOut(
  rules: Pick<CycleRules, 'shareOutSocialFund'>,
  input: CycleShareOutInput,
): CycleShareOutPreview {
  const loanFundCashMinor = requireMinorAmount(input.loanFundCashMinor, 'loanFundCashMinor');
  const socialFundCashMinor = requireMinorAmount(input.socialFundCashMinor, 'socialFundCashMinor');
  requireDistinctMembers(input.members);
  const totalShares = sumOf(input.members.map((member) => requireMember(member).shares));
  const { value, lines } = settleLoanFund(loanFundCashMinor, totalShares, input.members);
  const socialFund = socialFundOutcome(rules, socialFundCashMinor, input.members);
  const withSocialShares = lines.map((line): ShareOutLine => {
    const socialFundShareMinor = line.shares > 0 ? socialFund.sharedPerMemberMinor : 0;
    return { ...line, socialFundShareMinor, cashToMemberMinor: line.netPayoutMinor + socialFundShareMinor };
  });
  const netPayoutMinor = sumOf(withSocialShares.map((line) => line.netPayoutMinor));
  const remainderMinor = loanFundCashMinor - netPayoutMinor;
  return {
    valuePerShare: displayable(value),
    lines: withSocialShares,
    socialFund,
    remainderMinor,
    totals: {
      members: input.members.length,
      shares: totalShares,
      cashAvailableMinor: loanFundCashMinor + socialFundCashMinor,
      loanFundCashMinor,
      debtMinor: sumOf(withSocialShares.map((line) => line.debtMinor)),
      grossMinor: sumOf(withSocialShares.map((line) => line.grossMinor)),
      debtNettedMinor: sumOf(withSocialShares.map((line) => line.debtNettedMinor)),
      netPayoutMinor,
      carriedDebtMinor: sumOf(withSocialShares.map((line) => line.carriedDebtMinor)),
      socialFundPaidMinor: socialFund.sharedTotalMinor,
      cashPaidMinor: sumOf(withSocialShares.map((line) => line.cashToMemberMinor)),
      remainderMinor,
      cashKeptForNextCycleMinor: remainderMinor + socialFund.keptForNextCycleMinor,
    },
  };
}

/**
 * One member leaves mid-cycle: value per share = current loan-fund cash (plus the leaver's
 * own debt when the payout can cover it) ÷ all shares bought so far. Loans still out with
 * other members are not counted: they are not cash yet, and the payout must come out of the
 * box today. The social fund stays with the group. Payout + cash after = cash before.
 */
export function settleMemberExit(input: MemberExitInput): MemberExitSettlement {
  const loanFundCashMinor = requireMinorAmount(input.loanFundCashMinor, 'loanFundCashMinor');
  const totalShares = requireWholeCount(input.totalShares, 'totalShares');
  const member = requireMember(input.member);
  if (member.shares > totalShares) {
    throw new DomainError('EXIT_SHARES_EXCEED_TOTAL', { memberShares: member.shares, totalShares });
  }
  const { value, lines } = settleLoanFund(loanFundCashMinor, totalShares, [member]);
  const line: ShareOutLine = { ...lines[0], socialFundShareMinor: 0, cashToMemberMinor: lines[0].netPayoutMinor };
  return {
    valuePerShare: displayable(value),
    line,
    loanFundCashBeforeMinor: loanFundCashMinor,
    paidMinor: line.netPayoutMinor,
    loanFundCashAfterMinor: loanFundCashMinor - line.netPayoutMinor,
    sharesRemaining: totalShares - member.shares,
  };
}

type LoanFundLine = Omit<ShareOutLine, 'socialFundShareMinor' | 'cashToMemberMinor'>;

/**
 * Members not listed hold the rest of `totalShares` and owe nothing. A debtor is "covered"
 * when debt ≤ shares × value; the value is (cash + covered debts) ÷ shares of covered
 * holders. Uncovering a member lowers the value, which may uncover others, so this repeats
 * until nothing changes (at most once per member). At least one holder always stays
 * covered, so the denominator is never zero while shares exist.
 */
function settleLoanFund(
  cashMinor: number,
  totalShares: number,
  members: readonly ShareOutMember[],
): { value: Fraction; lines: LoanFundLine[] } {
  const uncovered = new Set<string>();
  let value = valueOf(cashMinor, totalShares, members, uncovered);
  for (;;) {
    const newlyUncovered = members.filter(
      (member) => !uncovered.has(member.memberId) && !payoutCoversDebt(member, value),
    );
    if (newlyUncovered.length === 0) break;
    newlyUncovered.forEach((member) => uncovered.add(member.memberId));
    value = valueOf(cashMinor, totalShares, members, uncovered);
  }
  return { value, lines: members.map((member) => lineFor(member, value)) };
}

function payoutCoversDebt(member: ShareOutMember, value: Fraction): boolean {
  return BigInt(member.debtMinor) * value.denominator <= BigInt(member.shares) * value.numerator;
}

function valueOf(
  cashMinor: number,
  totalShares: number,
  members: readonly ShareOutMember[],
  uncovered: ReadonlySet<string>,
): Fraction {
  const [notCovered, covered] = partition(members, (member) => uncovered.has(member.memberId));
  const coveredShares = totalShares - sumOf(notCovered.map((member) => member.shares));
  if (coveredShares === 0) return { numerator: 0n, denominator: 1n };
  const numerator = BigInt(cashMinor) + BigInt(sumOf(covered.map((member) => member.debtMinor)));
  return reduced(numerator, BigInt(coveredShares));
}

function partition<T>(items: readonly T[], predicate: (item: T) => boolean): [T[], T[]] {
  return [items.filter(predicate), items.filter((item) => !predicate(item))];
}

function lineFor(member: ShareOutMember, value: Fraction): LoanFundLine {
  const grossMinor = toSafeNumber((BigInt(member.shares) * value.numerator) / value.denominator, 'grossMinor');
  const debtNettedMinor = Math.min(member.debtMinor, grossMinor);
  return {
    memberId: member.memberId,
    shares: member.shares,
    grossMinor,
    debtMinor: member.debtMinor,
    debtNettedMinor,
    netPayoutMinor: grossMinor - debtNettedMinor,
    carriedDebtMinor: member.debtMinor - debtNettedMinor,
  };
}

function socialFundOutcome(
  rules: Pick<CycleRules, 'shareOutSocialFund'>,
  cashMinor: number,
  members: readonly ShareOutMember[],
): SocialFundOutcome {
  const sharers = members.filter((member) => member.shares > 0).length;
  if (!rules.shareOutSocialFund || sharers === 0) {
    return { policy: 'kept', cashMinor, sharedPerMemberMinor: 0, sharedTotalMinor: 0, keptForNextCycleMinor: cashMinor };
  }
  const sharedPerMemberMinor = Math.floor(cashMinor / sharers);
  const sharedTotalMinor = sharedPerMemberMinor * sharers;
  return {
    policy: 'shared-equally',
    cashMinor,
    sharedPerMemberMinor,
    sharedTotalMinor,
    keptForNextCycleMinor: cashMinor - sharedTotalMinor,
  };
}

function reduced(numerator: bigint, denominator: bigint): Fraction {
  const divisor = greatestCommonDivisor(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

function displayable(value: Fraction): ValuePerShare {
  return {
    numerator: toSafeNumber(value.numerator, 'valuePerShare.numerator'),
    denominator: toSafeNumber(value.denominator, 'valuePerShare.denominator'),
    displayMinor: toSafeNumber(value.numerator / value.denominator, 'valuePerShare'),
  };
}

function requireMember(member: ShareOutMember): ShareOutMember {
  requireWholeCount(member.shares, 'shares');
  requireMinorAmount(member.debtMinor, 'debtMinor');
  return member;
}

function requireDistinctMembers(members: readonly ShareOutMember[]): void {
  const seen = new Set<string>();
  for (const { memberId } of members) {
    if (seen.has(memberId)) throw new DomainError('SHARE_OUT_DUPLICATE_MEMBER', { memberId });
    seen.add(memberId);
  }
}

function sumOf(values: readonly number[]): number {
  return assertSafeMinor(values.reduce((sum, value) => sum + value, 0), 'sum');
}
