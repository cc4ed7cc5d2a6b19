
// The savings tables' rows as the repositories read them (bigint columns arrive as strings),
// and their mapping to the pure ledger.

export interface GroupRow {
  id: string;
  name: string;
  meeting_place: string;
  frequency: string;
  meeting_weekday: number;
  created_at: Date;
}

export interface MemberRow {
  id: string;
  group_id: string;
  miner_id: string | null;
  first_name: string;
  last_name: string;
  sex: string;
  phone: string | null;
  joined_on: string;
}

export interface CycleRow {
  id: string;
  group_id: string;
  rules: Record<string, unknown>;
  starts_on: string;
  planned_end_on: string;
  status: 'open' | 'closed';
  closed_on: string | null;
}

export interface MeetingRow {
  id: string;
  cycle_id: string;
  held_on: string;
  status: 'open' | 'closed';
  recorded_by: string;
  closed_by: string | null;
  closed_at: Date | null;
}

export interface LoanRow {
  id: string;
  /** Null on a debt carried from an earlier cycle: no meeting granted it. */
  meeting_id: string | null;
  member_id: string;
  principal_minor: string;
  disbursed_on: string;
  term_months: number;
  service_charge_rate_bp: number;
  service_charge_method: 'flat' | 'declining';
  /** Set on a debt carried from an earlier cycle's settlement (savings_carried_debts), with that cycle. */
  carried_debt_id: string | null;
  carried_from_cycle_id: string | null;
}

/** The columns of a loan row the pure ledger reads (the reports read them too; they may leave out where a debt was carried from). */
export type LedgerLoanColumns = Pick<LoanRow, 'id' | 'member_id' | 'principal_minor' | 'disbursed_on' | 'term_months' | 'service_charge_rate_bp' | 'service_charge_method'>
  & Partial<Pick<LoanRow, 'carried_from_cycle_id'>>;

/** The pure ledger's view of a loan row. */
/** The columns of a movement row the pure ledger reads. */
export interface LedgerMovementColumns {
  id: string;
  kind: string;
  fund: 'loan_fund' | 'social_fund';
  member_id: string | null;
  loan_id: string | null;
  amount_minor: string;
  shares: number;
  occurred_on: string;
  reverses_movement_id: string | null;
}

/** The pure ledger's view of a movement row. */
export const MOVEMENT_KINDS = [
  'share_purchase', 'social_fund_contribution', 'loan_disbursement', 'loan_repayment', 'fine', 'social_fund_grant', 'share_out_payout', 'social_fund_payout', 'reversal',
  'carried_debt',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export const FUNDS = ['loan_fund', 'social_fund'] as const;
export type Fund = (typeof FUNDS)[number];

export interface MovementRow {
  id: string;
  meeting_id: string | null;
  member_id: string | null;
  loan_id: string | null;
  kind: MovementKind;
  fund: Fund;
  amount_minor: string;
  shares: number;
  fine_code: string | null;
  purpose: string | null;
  reverses_movement_id: string | null;
  reason: string | null;
  occurred_on: string;
  recorded_by: string;
}

export interface NewMovement {
  id: string;
  meetingId: string | null;
  memberId: string | null;
  loanId: string | null;
  kind: MovementKind;
  fund: Fund;
  amountMinor: number;
  shares: number;
  fineCode: string | null;
  purpose: string | null;
  reversesMovementId: string | null;
  reason: string | null;
  occurredOn: string;
}

export interface CashCountRow {
  id: string;
  meeting_id: string;
  fund: Fund;
  expected_minor: string;
  counted_minor: string;
  difference_minor: string;
  outcome: string;
  counted_by: string;
  recorded_by: string;
}

export interface CommitteeSeatRow {
  term_id: string;
  elected_on: string;
  post: 'president' | 'secretary' | 'treasurer' | 'counter' | 'key_holder' | 'box_keeper';
  seat: number;
  member_id: string;
}

export interface AmendmentRow {
  id: string;
  meeting_id: string;
  voted_on: string;
  votes_for: number;
  votes_against: number;
  votes_abstaining: number;
  changes: Record<string, unknown>;
  rules_after: Record<string, unknown>;
  reason: string;
  recorded_by: string;
}

export interface WriteOffRow {
  loan_id: string;
  meeting_id: string;
  written_off_on: string;
  principal_minor: string;
  service_charge_minor: string;
  reason: string;
  decision_ref: string | null;
  recorded_by: string;
}

export interface MemberExitRow {
  member_id: string;
  exited_on: string;
  reason: string;
  result: unknown;
  recorded_by: string;
}
