import type { Fund } from '../savings-rows.js';
import { meetingRanks, operationOf, type DocumentMeeting, type DocumentMovement, type OperationKind } from './passbook.js';

export interface SheetCashCount {
  readonly fund: Fund;
  readonly expectedMinor: number;
  readonly countedMinor: number;
  readonly differenceMinor: number;
  readonly countedBy: string;
}

export interface MeetingSheetInput {
  readonly meetingId: string;
  readonly meetings: readonly DocumentMeeting[];
  /** Every movement of the cycle, in recording order. */
  readonly movements: readonly DocumentMovement[];
  /** The group's members in the order the sheet lists them. */
  readonly memberIds: readonly string[];
  readonly attendance: readonly { readonly memberId: string; readonly status: string }[];
  readonly cashCounts: readonly SheetCashCount[];
}

export interface MemberFigures {
  readonly shares: number;
  readonly sharesMinor: number;
  readonly socialFundMinor: number;
  readonly finesMinor: number;
  readonly repaymentMinor: number;
  readonly loanMinor: number;
  readonly grantMinor: number;
}

export interface MeetingSheetRow extends MemberFigures {
  readonly memberId: string;
  readonly attendance: string | null;
}

export interface MeetingCorrection {
  readonly memberId: string | null;
  readonly operation: OperationKind;
  /** The shares, fine type and purpose of what was reversed, to name it. */
  readonly shares: number;
  readonly fineCode: string | null;
  readonly purpose: string | null;
  /** The amount of the movement reversed, as it was recorded. */
  readonly amountMinor: number;
  readonly reason: string;
}

export interface FundSummary {
  readonly fund: Fund;
  readonly openingMinor: number;
  readonly inMinor: number;
  readonly outMinor: number;
  /** Opening + in − out: the books' balance after this meeting, every correction since included. */
  readonly closingMinor: number;
  readonly count: {
    readonly countedMinor: number;
    readonly countedBy: string;
    /** Counted − the books' balance as they stand now. */
    readonly differenceMinor: number;
    /** What the books said, and the difference, when the cash was counted. */
    readonly expectedAtCountMinor: number;
    readonly differenceAtCountMinor: number;
  } | null;
}

export interface MeetingSheet {
  readonly rows: readonly MeetingSheetRow[];
  readonly totals: MemberFigures;
  readonly corrections: readonly MeetingCorrection[];
  readonly funds: readonly FundSummary[];
}

const FUNDS: readonly Fund[] = ['loan_fund', 'social_fund'];
const NOTHING: MemberFigures = { shares: 0, sharesMinor: 0, socialFundMinor: 0, finesMinor: 0, repaymentMinor: 0, loanMinor: 0, grantMinor: 0 };

/**
 * The sheet read aloud at the next meeting: who came, what each member did (the movements
 * that stand; a corrected mistake is listed with its reason, not in the figures), and each
 * fund from its opening balance to the cash the key-holders counted, with any difference.
 * A correction recorded later is read with the meeting it corrects, so the balances follow it.
 */
export function meetingSheet(input: MeetingSheetInput): MeetingSheet {
  const rank = meetingRanks(input.meetings);
  const position = rank.get(input.meetingId);
  if (position === undefined) throw new Error(`meeting ${input.meetingId} is not among the cycle's meetings`);
  const byId = new Map(input.movements.map((m) => [m.id, m]));
  const reversed = new Set(input.movements.flatMap((m) => (m.reversesMovementId === null ? [] : [m.reversesMovementId])));
  const before = input.movements.filter((m) => m.meetingId !== null && (rank.get(m.meetingId) ?? Infinity) < position);
  const here = input.movements.filter((m) => m.meetingId === input.meetingId);
  const standing = here.filter((m) => m.kind !== 'reversal' && !reversed.has(m.id));

  const figures = new Map<string, MemberFigures>();
  for (const m of standing) {
    if (m.memberId === null) continue;
    figures.set(m.memberId, addMovement(figures.get(m.memberId) ?? NOTHING, m));
  }
  const status = new Map(input.attendance.map((a) => [a.memberId, a.status]));
  const memberIds = [...input.memberIds, ...[...new Set([...figures.keys(), ...status.keys()])].filter((id) => !input.memberIds.includes(id))];
  const rows = memberIds.map((memberId): MeetingSheetRow => ({ memberId, attendance: status.get(memberId) ?? null, ...(figures.get(memberId) ?? NOTHING) }));

  const corrections = here
    .filter((m) => m.kind === 'reversal')
    .map((m): MeetingCorrection => {
      const operation = operationOf(m, m.reversesMovementId === null ? undefined : byId.get(m.reversesMovementId));
      return {
        memberId: m.memberId, operation, shares: Math.abs(m.shares), fineCode: m.fineCode, purpose: m.purpose, amountMinor: -m.amountMinor, reason: m.reason ?? '',
      };
    });

  const funds = FUNDS.map((fund): FundSummary => {
    const openingMinor = sumOf(before.filter((m) => m.fund === fund).map((m) => m.amountMinor));
    const flows = standing.filter((m) => m.fund === fund).map((m) => m.amountMinor);
    const inMinor = sumOf(flows.filter((amount) => amount > 0));
    const outMinor = sumOf(flows.filter((amount) => amount < 0).map((amount) => -amount));
    const closingMinor = openingMinor + inMinor - outMinor;
    const count = input.cashCounts.filter((c) => c.fund === fund).at(-1);
    return {
      fund,
      openingMinor,
      inMinor,
      outMinor,
      closingMinor,
      count: count === undefined ? null : {
        countedMinor: count.countedMinor,
        countedBy: count.countedBy,
        differenceMinor: count.countedMinor - closingMinor,
        expectedAtCountMinor: count.expectedMinor,
        differenceAtCountMinor: count.differenceMinor,
      },
    };
  });

  const totals = rows.reduce((sum, row) => ({
    shares: sum.shares + row.shares,
    sharesMinor: sum.sharesMinor + row.sharesMinor,
    socialFundMinor: sum.socialFundMinor + row.socialFundMinor,
    finesMinor: sum.finesMinor + row.finesMinor,
    repaymentMinor: sum.repaymentMinor + row.repaymentMinor,
    loanMinor: sum.loanMinor + row.loanMinor,
    grantMinor: sum.grantMinor + row.grantMinor,
  }), NOTHING);
  return { rows, totals, corrections, funds };
}

function addMovement(figures: MemberFigures, m: DocumentMovement): MemberFigures {
  switch (m.kind) {
    case 'share_purchase':
      return { ...figures, shares: figures.shares + m.shares, sharesMinor: figures.sharesMinor + m.amountMinor };
    case 'social_fund_contribution':
      return { ...figures, socialFundMinor: figures.socialFundMinor + m.amountMinor };
    case 'fine':
      return { ...figures, finesMinor: figures.finesMinor + m.amountMinor };
    case 'loan_repayment':
      return { ...figures, repaymentMinor: figures.repaymentMinor + m.amountMinor };
    case 'loan_disbursement':
      return { ...figures, loanMinor: figures.loanMinor - m.amountMinor };
    case 'social_fund_grant':
      return { ...figures, grantMinor: figures.grantMinor - m.amountMinor };
    case 'share_out_payout':
    case 'social_fund_payout':
    case 'carried_debt':
    case 'reversal':
      // payouts happen at the share-out and carried debts open the cycle, both outside meetings; reversals are listed apart
      return figures;
  }
}

function sumOf(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
