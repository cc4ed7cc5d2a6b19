import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The savings tables as TypeORM sees them, mirroring migrations/1763900600000-savings-groups.ts
 * 1763902500000-savings-committee-amendments-write-offs-exits.ts and 1764000400000-h4-savings-cached-balances.ts.
 * Kept in one file because they are only read through explicit SQL in SavingsRepository;
 * they exist so the schema test can hold the entities and the migrated tables together.
 */
@Entity('savings_groups')
export class SavingsGroup {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'meeting_place' }) meetingPlace: string;
  @Column('text') frequency: string;
  @Column('integer', { name: 'meeting_weekday' }) meetingWeekday: number;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('savings_group_treasurers')
export class SavingsGroupTreasurer {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'group_id' }) groupId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'assigned_by' }) assignedBy: string;
  @Column('timestamptz', { name: 'assigned_at' }) assignedAt: Date;
}

@Entity('savings_group_members')
export class SavingsGroupMember {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'group_id' }) groupId: string;
  @Column('uuid', { name: 'miner_id', nullable: true }) minerId: string | null;
  @Column('text', { name: 'first_name' }) firstName: string;
  @Column('text', { name: 'last_name' }) lastName: string;
  @Column('char', { length: 1 }) sex: string;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('date', { name: 'joined_on' }) joinedOn: string;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('savings_cycles')
export class SavingsCycle {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'group_id' }) groupId: string;
  @Column('jsonb') rules: unknown;
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'planned_end_on' }) plannedEndOn: string;
  @Column('text') status: string;
  @Column('date', { name: 'closed_on', nullable: true }) closedOn: string | null;
  @Column('uuid', { name: 'closed_by', nullable: true }) closedBy: string | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('savings_meetings')
export class SavingsMeeting {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('date', { name: 'held_on' }) heldOn: string;
  @Column('text') status: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
  @Column('uuid', { name: 'closed_by', nullable: true }) closedBy: string | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
}

@Entity('savings_attendance')
export class SavingsAttendance {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'meeting_id' }) meetingId: string;
  @PrimaryColumn('uuid', { name: 'member_id' }) memberId: string;
  @Column('text') status: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('savings_loans')
export class SavingsLoan {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('uuid', { name: 'meeting_id', nullable: true }) meetingId: string | null;
  @Column('uuid', { name: 'member_id' }) memberId: string;
  @Column('bigint', { name: 'principal_minor' }) principalMinor: string;
  @Column('date', { name: 'disbursed_on' }) disbursedOn: string;
  @Column('integer', { name: 'term_months' }) termMonths: number;
  @Column('integer', { name: 'service_charge_rate_bp' }) serviceChargeRateBp: number;
  @Column('text', { name: 'service_charge_method' }) serviceChargeMethod: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
  /** A debt carried from an earlier cycle's settlement, brought into this cycle (no meeting, no term, no charge). */
  @Column('uuid', { name: 'carried_debt_id', nullable: true }) carriedDebtId: string | null;
  @Column('uuid', { name: 'carried_from_cycle_id', nullable: true }) carriedFromCycleId: string | null;
}

/** One movement of cash in or out of a fund; append-only, a correction is a 'reversal' row. */
@Entity('savings_movements')
export class SavingsMovement {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('bigint') seq: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('uuid', { name: 'meeting_id', nullable: true }) meetingId: string | null;
  @Column('uuid', { name: 'member_id', nullable: true }) memberId: string | null;
  @Column('uuid', { name: 'loan_id', nullable: true }) loanId: string | null;
  @Column('text') kind: string;
  @Column('text') fund: string;
  @Column('bigint', { name: 'amount_minor' }) amountMinor: string;
  @Column('integer') shares: number;
  @Column('text', { name: 'fine_code', nullable: true }) fineCode: string | null;
  @Column('text', { nullable: true }) purpose: string | null;
  @Column('uuid', { name: 'reverses_movement_id', nullable: true }) reversesMovementId: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('date', { name: 'occurred_on' }) occurredOn: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('savings_cash_counts')
export class SavingsCashCount {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('text') fund: string;
  @Column('bigint', { name: 'expected_minor' }) expectedMinor: string;
  @Column('bigint', { name: 'counted_minor' }) countedMinor: string;
  @Column('bigint', { name: 'difference_minor' }) differenceMinor: string;
  @Column('text') outcome: string;
  @Column('text', { name: 'counted_by' }) countedBy: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('savings_share_outs')
export class SavingsShareOut {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('date', { name: 'share_out_on' }) shareOutOn: string;
  @Column('jsonb') result: unknown;
  @Column('uuid', { name: 'confirmed_by' }) confirmedBy: string;
  @Column('timestamptz', { name: 'confirmed_at' }) confirmedAt: Date;
}

@Entity('savings_carried_debts')
export class SavingsCarriedDebt {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('uuid', { name: 'member_id' }) memberId: string;
  @Column('bigint', { name: 'amount_minor' }) amountMinor: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('savings_committee_terms')
export class SavingsCommitteeTerm {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'group_id' }) groupId: string;
  @Column('date', { name: 'elected_on' }) electedOn: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('savings_committee_posts')
export class SavingsCommitteePost {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'term_id' }) termId: string;
  @PrimaryColumn('text') post: string;
  @PrimaryColumn('smallint') seat: number;
  @Column('uuid', { name: 'member_id' }) memberId: string;
}

@Entity('savings_rule_amendments')
export class SavingsRuleAmendment {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('date', { name: 'voted_on' }) votedOn: string;
  @Column('integer', { name: 'votes_for' }) votesFor: number;
  @Column('integer', { name: 'votes_against' }) votesAgainst: number;
  @Column('integer', { name: 'votes_abstaining' }) votesAbstaining: number;
  @Column('jsonb') changes: unknown;
  @Column('jsonb', { name: 'rules_after' }) rulesAfter: unknown;
  @Column('text') reason: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('savings_loan_write_offs')
export class SavingsLoanWriteOff {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'loan_id' }) loanId: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('date', { name: 'written_off_on' }) writtenOffOn: string;
  @Column('bigint', { name: 'principal_minor' }) principalMinor: string;
  @Column('bigint', { name: 'service_charge_minor' }) serviceChargeMinor: string;
  @Column('text') reason: string;
  @Column('text', { name: 'decision_ref', nullable: true }) decisionRef: string | null;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('savings_member_exits')
export class SavingsMemberExit {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'cycle_id' }) cycleId: string;
  @PrimaryColumn('uuid', { name: 'member_id' }) memberId: string;
  @Column('date', { name: 'exited_on' }) exitedOn: string;
  @Column('text') reason: string;
  @Column('jsonb') result: unknown;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** Cash of one fund of a cycle, kept by the trigger on savings_movements (read-only for the API). */
@Entity('savings_fund_balances')
export class SavingsFundBalance {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'cycle_id' }) cycleId: string;
  @PrimaryColumn('text') fund: string;
  @Column('bigint', { name: 'balance_minor' }) balanceMinor: string;
  @Column('bigint') movements: string;
  @Column('date', { name: 'last_movement_on' }) lastMovementOn: string;
}

/** Shares a member holds in a cycle, kept by the trigger on savings_movements. */
@Entity('savings_member_balances')
export class SavingsMemberBalance {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'cycle_id' }) cycleId: string;
  @PrimaryColumn('uuid', { name: 'member_id' }) memberId: string;
  @Column('integer') shares: number;
}

/** A loan's standing disbursement and repayments, kept by the trigger on savings_movements. */
@Entity('savings_loan_balances')
export class SavingsLoanBalance {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'loan_id' }) loanId: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('integer') disbursements: number;
  @Column('bigint', { name: 'repaid_minor' }) repaidMinor: string;
  @Column('integer') repayments: number;
}

export const SAVINGS_ENTITIES = [
  SavingsGroup,
  SavingsGroupTreasurer,
  SavingsGroupMember,
  SavingsCycle,
  SavingsMeeting,
  SavingsAttendance,
  SavingsLoan,
  SavingsMovement,
  SavingsCashCount,
  SavingsShareOut,
  SavingsCarriedDebt,
  SavingsCommitteeTerm,
  SavingsCommitteePost,
  SavingsRuleAmendment,
  SavingsLoanWriteOff,
  SavingsMemberExit,
  SavingsFundBalance,
  SavingsMemberBalance,
  SavingsLoanBalance,
];
