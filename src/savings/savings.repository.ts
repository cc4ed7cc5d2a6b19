import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
  meeting_id: string;
  member_id: string;
  principal_minor: string;
  disbursed_on: string;
  term_months: number;
  service_charge_rate_bp: number;
  service_charge_method: 'flat' | 'declining';
}

export type MovementKind =
  | 'share_purchase'
  | 'social_fund_contribution'
  | 'loan_disbursement'
  | 'loan_repayment'
  | 'fine'
  | 'social_fund_grant'
  | 'share_out_payout'
  | 'social_fund_payout'
  | 'reversal';
export type Fund = 'loan_fund' | 'social_fund';

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

const MOVEMENT_COLUMNS = `id, meeting_id, member_id, loan_id, kind, fund, amount_minor, shares, fine_code, purpose,
  reverses_movement_id, reason, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, recorded_by`;

/** Every SQL query of the savings module; each method says what it returns. */
@Injectable()
export class SavingsRepository {
  async cooperativeTimezone(tx: EntityManager, cooperativeId: string): Promise<string> {
    const [row] = await tx.query<{ timezone: string }[]>('SELECT timezone FROM cooperatives WHERE id = $1', [cooperativeId]);
    return row?.timezone ?? 'UTC';
  }

  async group(tx: EntityManager, cooperativeId: string, groupId: string): Promise<GroupRow | undefined> {
    const [row] = await tx.query<GroupRow[]>(
      `SELECT id, name, meeting_place, frequency, meeting_weekday, created_at FROM savings_groups WHERE cooperative_id = $1 AND id = $2`,
      [cooperativeId, groupId],
    );
    return row;
  }

  groups(tx: EntityManager, cooperativeId: string): Promise<GroupRow[]> {
    return tx.query<GroupRow[]>(
      `SELECT id, name, meeting_place, frequency, meeting_weekday, created_at FROM savings_groups WHERE cooperative_id = $1 ORDER BY name, id`,
      [cooperativeId],
    );
  }

  async groupNameTaken(tx: EntityManager, cooperativeId: string, name: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM savings_groups WHERE cooperative_id = $1 AND name = $2', [cooperativeId, name]);
    return rows.length > 0;
  }

  async insertGroup(tx: EntityManager, cooperativeId: string, row: Omit<GroupRow, 'created_at'>, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_groups (cooperative_id, id, name, meeting_place, frequency, meeting_weekday, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [cooperativeId, row.id, row.name, row.meeting_place, row.frequency, row.meeting_weekday, userId],
    );
  }

  async treasurerIds(tx: EntityManager, cooperativeId: string, groupId: string): Promise<string[]> {
    const rows = await tx.query<{ user_id: string }[]>(
      'SELECT user_id FROM savings_group_treasurers WHERE cooperative_id = $1 AND group_id = $2 ORDER BY user_id',
      [cooperativeId, groupId],
    );
    return rows.map((row) => row.user_id);
  }

  async isTreasurerOf(tx: EntityManager, cooperativeId: string, groupId: string, userId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      'SELECT 1 FROM savings_group_treasurers WHERE cooperative_id = $1 AND group_id = $2 AND user_id = $3',
      [cooperativeId, groupId, userId],
    );
    return rows.length > 0;
  }

  async usersHoldingTreasurerRole(tx: EntityManager, cooperativeId: string, userIds: readonly string[]): Promise<string[]> {
    const rows = await tx.query<{ user_id: string }[]>(
      `SELECT user_id FROM user_roles WHERE cooperative_id = $1 AND role = 'treasurer' AND user_id = ANY ($2::uuid[])`,
      [cooperativeId, userIds],
    );
    return rows.map((row) => row.user_id);
  }

  async replaceTreasurers(tx: EntityManager, cooperativeId: string, groupId: string, userIds: readonly string[], assignedBy: string): Promise<void> {
    await tx.query('DELETE FROM savings_group_treasurers WHERE cooperative_id = $1 AND group_id = $2', [cooperativeId, groupId]);
    for (const userId of userIds) {
      await tx.query(
        'INSERT INTO savings_group_treasurers (cooperative_id, group_id, user_id, assigned_by) VALUES ($1, $2, $3, $4)',
        [cooperativeId, groupId, userId, assignedBy],
      );
    }
  }

  members(tx: EntityManager, cooperativeId: string, groupId: string): Promise<MemberRow[]> {
    return tx.query<MemberRow[]>(
      `SELECT id, group_id, miner_id, first_name, last_name, sex, phone, to_char(joined_on, 'YYYY-MM-DD') AS joined_on
         FROM savings_group_members WHERE cooperative_id = $1 AND group_id = $2 ORDER BY last_name, first_name, id`,
      [cooperativeId, groupId],
    );
  }

  async memberIdTaken(tx: EntityManager, cooperativeId: string, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM savings_group_members WHERE cooperative_id = $1 AND id = $2', [cooperativeId, id]);
    return rows.length > 0;
  }

  async minerInGroup(tx: EntityManager, cooperativeId: string, groupId: string, minerId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      'SELECT 1 FROM savings_group_members WHERE cooperative_id = $1 AND group_id = $2 AND miner_id = $3',
      [cooperativeId, groupId, minerId],
    );
    return rows.length > 0;
  }

  async minerIdentity(
    tx: EntityManager,
    cooperativeId: string,
    minerId: string,
  ): Promise<{ first_name: string; last_name: string; sex: 'F' | 'M'; phone: string | null } | undefined> {
    const [row] = await tx.query<{ first_name: string; last_name: string; sex: 'F' | 'M'; phone: string | null }[]>(
      'SELECT first_name, last_name, sex, phone FROM miners WHERE cooperative_id = $1 AND id = $2',
      [cooperativeId, minerId],
    );
    return row;
  }

  async insertMember(tx: EntityManager, cooperativeId: string, row: MemberRow, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_group_members (cooperative_id, id, group_id, miner_id, first_name, last_name, sex, phone, joined_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [cooperativeId, row.id, row.group_id, row.miner_id, row.first_name, row.last_name, row.sex, row.phone, row.joined_on, userId],
    );
  }

  cycles(tx: EntityManager, cooperativeId: string, groupId: string): Promise<CycleRow[]> {
    return tx.query<CycleRow[]>(
      `SELECT id, group_id, rules, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(planned_end_on, 'YYYY-MM-DD') AS planned_end_on,
              status, to_char(closed_on, 'YYYY-MM-DD') AS closed_on
         FROM savings_cycles WHERE cooperative_id = $1 AND group_id = $2 ORDER BY starts_on DESC, id`,
      [cooperativeId, groupId],
    );
  }

  /** The cycle, locked until the transaction ends when `lock` is set: writers of one cycle queue here. */
  async cycle(tx: EntityManager, cooperativeId: string, groupId: string, cycleId: string, lock = false): Promise<CycleRow | undefined> {
    const [row] = await tx.query<CycleRow[]>(
      `SELECT id, group_id, rules, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(planned_end_on, 'YYYY-MM-DD') AS planned_end_on,
              status, to_char(closed_on, 'YYYY-MM-DD') AS closed_on
         FROM savings_cycles WHERE cooperative_id = $1 AND group_id = $2 AND id = $3 ${lock ? 'FOR UPDATE' : ''}`,
      [cooperativeId, groupId, cycleId],
    );
    return row;
  }

  async cycleIdTaken(tx: EntityManager, cooperativeId: string, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM savings_cycles WHERE cooperative_id = $1 AND id = $2', [cooperativeId, id]);
    return rows.length > 0;
  }

  async hasOpenCycle(tx: EntityManager, cooperativeId: string, groupId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `SELECT 1 FROM savings_cycles WHERE cooperative_id = $1 AND group_id = $2 AND status = 'open'`,
      [cooperativeId, groupId],
    );
    return rows.length > 0;
  }

  async insertCycle(
    tx: EntityManager,
    cooperativeId: string,
    row: { id: string; groupId: string; rules: unknown; startsOn: string; plannedEndOn: string },
    userId: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO savings_cycles (cooperative_id, id, group_id, rules, starts_on, planned_end_on, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [cooperativeId, row.id, row.groupId, JSON.stringify(row.rules), row.startsOn, row.plannedEndOn, userId],
    );
  }

  async closeCycle(tx: EntityManager, cooperativeId: string, cycleId: string, closedOn: string, userId: string): Promise<void> {
    await tx.query(
      `UPDATE savings_cycles SET status = 'closed', closed_on = $3, closed_by = $4 WHERE cooperative_id = $1 AND id = $2`,
      [cooperativeId, cycleId, closedOn, userId],
    );
  }

  async meeting(tx: EntityManager, cooperativeId: string, meetingId: string): Promise<MeetingRow | undefined> {
    const [row] = await tx.query<MeetingRow[]>(
      `SELECT id, cycle_id, to_char(held_on, 'YYYY-MM-DD') AS held_on, status, recorded_by, closed_by, closed_at
         FROM savings_meetings WHERE cooperative_id = $1 AND id = $2`,
      [cooperativeId, meetingId],
    );
    return row;
  }

  meetings(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<MeetingRow[]> {
    return tx.query<MeetingRow[]>(
      `SELECT id, cycle_id, to_char(held_on, 'YYYY-MM-DD') AS held_on, status, recorded_by, closed_by, closed_at
         FROM savings_meetings WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY held_on, recorded_at, id`,
      [cooperativeId, cycleId],
    );
  }

  async insertMeeting(tx: EntityManager, cooperativeId: string, row: { id: string; cycleId: string; heldOn: string }, userId: string): Promise<void> {
    await tx.query(
      'INSERT INTO savings_meetings (cooperative_id, id, cycle_id, held_on, recorded_by) VALUES ($1, $2, $3, $4, $5)',
      [cooperativeId, row.id, row.cycleId, row.heldOn, userId],
    );
  }

  async closeMeeting(tx: EntityManager, cooperativeId: string, meetingId: string, userId: string): Promise<void> {
    await tx.query(
      `UPDATE savings_meetings SET status = 'closed', closed_by = $3, closed_at = now() WHERE cooperative_id = $1 AND id = $2`,
      [cooperativeId, meetingId, userId],
    );
  }

  attendance(tx: EntityManager, cooperativeId: string, meetingId: string): Promise<{ member_id: string; status: string }[]> {
    return tx.query<{ member_id: string; status: string }[]>(
      'SELECT member_id, status FROM savings_attendance WHERE cooperative_id = $1 AND meeting_id = $2 ORDER BY member_id',
      [cooperativeId, meetingId],
    );
  }

  async insertAttendance(tx: EntityManager, cooperativeId: string, meetingId: string, memberId: string, status: string, userId: string): Promise<void> {
    await tx.query(
      'INSERT INTO savings_attendance (cooperative_id, meeting_id, member_id, status, recorded_by) VALUES ($1, $2, $3, $4, $5)',
      [cooperativeId, meetingId, memberId, status, userId],
    );
  }

  loans(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<LoanRow[]> {
    return tx.query<LoanRow[]>(
      `SELECT id, meeting_id, member_id, principal_minor, to_char(disbursed_on, 'YYYY-MM-DD') AS disbursed_on, term_months,
              service_charge_rate_bp, service_charge_method
         FROM savings_loans WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY disbursed_on, recorded_at, id`,
      [cooperativeId, cycleId],
    );
  }

  async loanIdTaken(tx: EntityManager, cooperativeId: string, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM savings_loans WHERE cooperative_id = $1 AND id = $2', [cooperativeId, id]);
    return rows.length > 0;
  }

  async insertLoan(tx: EntityManager, cooperativeId: string, cycleId: string, row: LoanRow, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_loans (cooperative_id, id, cycle_id, meeting_id, member_id, principal_minor, disbursed_on, term_months,
                                  service_charge_rate_bp, service_charge_method, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [cooperativeId, row.id, cycleId, row.meeting_id, row.member_id, row.principal_minor, row.disbursed_on, row.term_months,
        row.service_charge_rate_bp, row.service_charge_method, userId],
    );
  }

  movements(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<MovementRow[]> {
    return tx.query<MovementRow[]>(
      `SELECT ${MOVEMENT_COLUMNS} FROM savings_movements WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY seq`,
      [cooperativeId, cycleId],
    );
  }

  async insertMovements(tx: EntityManager, cooperativeId: string, cycleId: string, movements: readonly NewMovement[], userId: string): Promise<void> {
    for (const m of movements) {
      await tx.query(
        `INSERT INTO savings_movements (cooperative_id, id, cycle_id, meeting_id, member_id, loan_id, kind, fund, amount_minor, shares,
                                        fine_code, purpose, reverses_movement_id, reason, occurred_on, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [cooperativeId, m.id, cycleId, m.meetingId, m.memberId, m.loanId, m.kind, m.fund, m.amountMinor, m.shares, m.fineCode, m.purpose,
          m.reversesMovementId, m.reason, m.occurredOn, userId],
      );
    }
  }

  cashCounts(tx: EntityManager, cooperativeId: string, meetingId: string): Promise<CashCountRow[]> {
    return tx.query<CashCountRow[]>(
      `SELECT id, meeting_id, fund, expected_minor, counted_minor, difference_minor, outcome, counted_by, recorded_by
         FROM savings_cash_counts WHERE cooperative_id = $1 AND meeting_id = $2 ORDER BY recorded_at, fund`,
      [cooperativeId, meetingId],
    );
  }

  async insertCashCount(
    tx: EntityManager,
    cooperativeId: string,
    row: { meetingId: string; fund: Fund; expectedMinor: number; countedMinor: number; differenceMinor: number; outcome: string; countedBy: string },
    userId: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO savings_cash_counts (cooperative_id, meeting_id, fund, expected_minor, counted_minor, difference_minor, outcome, counted_by, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [cooperativeId, row.meetingId, row.fund, row.expectedMinor, row.countedMinor, row.differenceMinor, row.outcome, row.countedBy, userId],
    );
  }

  async shareOut(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<{ share_out_on: string; result: unknown } | undefined> {
    const [row] = await tx.query<{ share_out_on: string; result: unknown }[]>(
      `SELECT to_char(share_out_on, 'YYYY-MM-DD') AS share_out_on, result FROM savings_share_outs WHERE cooperative_id = $1 AND cycle_id = $2`,
      [cooperativeId, cycleId],
    );
    return row;
  }

  async insertShareOut(tx: EntityManager, cooperativeId: string, cycleId: string, on: string, result: unknown, userId: string): Promise<void> {
    await tx.query(
      'INSERT INTO savings_share_outs (cooperative_id, cycle_id, share_out_on, result, confirmed_by) VALUES ($1, $2, $3, $4, $5)',
      [cooperativeId, cycleId, on, JSON.stringify(result), userId],
    );
  }

  async insertCarriedDebt(tx: EntityManager, cooperativeId: string, cycleId: string, memberId: string, amountMinor: number, userId: string): Promise<void> {
    await tx.query(
      'INSERT INTO savings_carried_debts (cooperative_id, cycle_id, member_id, amount_minor, recorded_by) VALUES ($1, $2, $3, $4, $5)',
      [cooperativeId, cycleId, memberId, amountMinor, userId],
    );
  }

  carriedDebts(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<{ member_id: string; amount_minor: string }[]> {
    return tx.query<{ member_id: string; amount_minor: string }[]>(
      'SELECT member_id, amount_minor FROM savings_carried_debts WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY member_id',
      [cooperativeId, cycleId],
    );
  }
}
