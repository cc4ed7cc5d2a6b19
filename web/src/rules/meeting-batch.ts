/**
 * What the treasurer typed for one meeting, turned into the API's batch, and the balances
 * the box should hold once it is recorded, shown live while typing. Pure: no DOM, no API.
 * The server recomputes and enforces everything (caps, whole shares, loan limits); this
 * preview only sums what was entered, in integer minor units.
 */
export type AttendanceStatus = 'present' | 'late' | 'absent_with_leave' | 'absent' | 'represented';

export interface MeetingRules {
  readonly sharePriceMinor: number;
  readonly socialFundContributionMinor: number;
  readonly fineTypes: readonly { code: string; amountMinor: number }[];
}

export interface MemberLine {
  readonly memberId: string;
  readonly attendance: AttendanceStatus;
  readonly shares: number;
  readonly socialFund: boolean;
  readonly fineCodes: readonly string[];
  readonly loanMinor: number;
  readonly loanTermMonths: number;
  readonly repaymentLoanId: string | null;
  readonly repaymentMinor: number;
  /** Help paid out of the social fund to this member (illness, a funeral), with its purpose. */
  readonly socialGrantMinor: number;
  readonly socialGrantPurpose: string;
}

export interface Balances {
  readonly loanFundMinor: number;
  readonly socialFundMinor: number;
}

export interface CashCount {
  readonly loanFundMinor: number;
  readonly socialFundMinor: number;
  readonly countedBy: string;
}

export function emptyLine(memberId: string): MemberLine {
  return { memberId, attendance: 'present', shares: 0, socialFund: false, fineCodes: [], loanMinor: 0, loanTermMonths: 1, repaymentLoanId: null, repaymentMinor: 0, socialGrantMinor: 0, socialGrantPurpose: '' };
}

function fineMinor(rules: MeetingRules, code: string): number {
  return rules.fineTypes.find((fine) => fine.code === code)?.amountMinor ?? 0;
}

/** The balances after the batch: shares, fines and repayments in, loans out; contributions in and help out of the social fund. */
export function previewBalances(before: Balances, rules: MeetingRules, lines: readonly MemberLine[]): Balances {
  let loanFundMinor = before.loanFundMinor;
  let socialFundMinor = before.socialFundMinor;
  for (const line of lines) {
    loanFundMinor += line.shares * rules.sharePriceMinor;
    loanFundMinor += line.fineCodes.reduce((sum, code) => sum + fineMinor(rules, code), 0);
    loanFundMinor += line.repaymentLoanId ? line.repaymentMinor : 0;
    loanFundMinor -= line.loanMinor;
    socialFundMinor += line.socialFund ? rules.socialFundContributionMinor : 0;
    socialFundMinor -= line.socialGrantMinor;
  }
  return { loanFundMinor, socialFundMinor };
}

export interface MeetingBatch {
  readonly heldOn: string;
  readonly attendance: { memberId: string; status: AttendanceStatus }[];
  readonly entries: Record<string, unknown>[];
  readonly cashCount?: CashCount;
}

/** The API's RecordMeetingDto: every attendance, and an entry only for members who did something. */
export function meetingBatch(heldOn: string, rules: MeetingRules, lines: readonly MemberLine[], cashCount: CashCount | null): MeetingBatch {
  const entries = lines.flatMap((line) => {
    const entry: Record<string, unknown> = { memberId: line.memberId };
    if (line.shares > 0) entry.shares = line.shares;
    if (line.socialFund) entry.socialFundMinor = rules.socialFundContributionMinor;
    if (line.fineCodes.length > 0) entry.fines = line.fineCodes.map((code) => ({ code }));
    if (line.loanMinor > 0) entry.loan = { principalMinor: line.loanMinor, termMonths: line.loanTermMonths };
    if (line.repaymentLoanId && line.repaymentMinor > 0) entry.repayment = { loanId: line.repaymentLoanId, amountMinor: line.repaymentMinor };
    // A grant without its purpose is sent as typed: the server names what is missing.
    if (line.socialGrantMinor > 0) entry.socialGrant = { amountMinor: line.socialGrantMinor, purpose: line.socialGrantPurpose.trim() };
    return Object.keys(entry).length > 1 ? [entry] : [];
  });
  return {
    heldOn,
    attendance: lines.map((line) => ({ memberId: line.memberId, status: line.attendance })),
    entries,
    ...(cashCount ? { cashCount } : {}),
  };
}
