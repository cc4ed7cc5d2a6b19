import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LedgerLoan, LedgerMovement } from './ledger.js';

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

/** The columns of a loan row the pure ledger reads (the reports read them too). */
export type LedgerLoanColumns = Pick<LoanRow, 'id' | 'member_id' | 'principal_minor' | 'disbursed_on' | 'term_months' | 'service_charge_rate_bp' | 'service_charge_method'>;

/** The pure ledger's view of a loan row. */
export function ledgerLoanOf(row: LedgerLoanColumns): LedgerLoan {
  return {
    id: row.id,
    memberId: row.member_id,
    terms: {
      principalMinor: Number(row.principal_minor),
      disbursedOn: row.disbursed_on,
      termMonths: row.term_months,
      serviceChargeRateBpPerMonth: row.service_charge_rate_bp,
      serviceChargeMethod: row.service_charge_method,
    },
  };
}

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
export function ledgerMovementOf(m: LedgerMovementColumns): LedgerMovement {
  return {
    id: m.id, kind: m.kind, fund: m.fund, memberId: m.member_id, loanId: m.loan_id, amountMinor: Number(m.amount_minor),
    shares: m.shares, occurredOn: m.occurred_on, reversesMovementId: m.reverses_movement_id,
  };
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

  /** The cooperative's groups; only those assigned to `treasurerId` when one is given. */
  groups(tx: EntityManager, cooperativeId: string, treasurerId: string | null = null): Promise<GroupRow[]> {
    return tx.query<GroupRow[]>(
      `SELECT id, name, meeting_place, frequency, meeting_weekday, created_at FROM savings_groups g
        WHERE cooperative_id = $1
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM savings_group_treasurers t WHERE t.cooperative_id = g.cooperative_id AND t.group_id = g.id AND t.user_id = $2))
        ORDER BY name, id`,
      [cooperativeId, treasurerId],
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

  async insertAttendance(
    tx: EntityManager,
    cooperativeId: string,
    meetingId: string,
    rows: readonly { memberId: string; status: string }[],
    userId: string,
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO savings_attendance (cooperative_id, meeting_id, member_id, status, recorded_by)
       SELECT $1, $2, member_id, status, $3 FROM unnest($4::uuid[], $5::text[]) AS a(member_id, status)`,
      [cooperativeId, meetingId, userId, rows.map((row) => row.memberId), rows.map((row) => row.status)],
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

  /** One INSERT for the whole batch; `seq` follows the order given (a meeting's movements keep their order). */
  async insertMovements(tx: EntityManager, cooperativeId: string, cycleId: string, movements: readonly NewMovement[], userId: string): Promise<void> {
    if (movements.length === 0) return;
    const column = <K extends keyof NewMovement>(key: K): NewMovement[K][] => movements.map((m) => m[key]);
    await tx.query(
      `INSERT INTO savings_movements (cooperative_id, id, cycle_id, meeting_id, member_id, loan_id, kind, fund, amount_minor, shares,
                                      fine_code, purpose, reverses_movement_id, reason, occurred_on, recorded_by)
       SELECT $1, id, $2, meeting_id, member_id, loan_id, kind, fund, amount_minor, shares, fine_code, purpose, reverses_movement_id, reason, occurred_on, $3
         FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::bigint[], $11::integer[], $12::text[], $13::text[],
                     $14::uuid[], $15::text[], $16::date[])
              WITH ORDINALITY AS m(id, meeting_id, member_id, loan_id, kind, fund, amount_minor, shares, fine_code, purpose, reverses_movement_id, reason,
                                   occurred_on, position)
        ORDER BY position`,
      [cooperativeId, cycleId, userId, column('id'), column('meetingId'), column('memberId'), column('loanId'), column('kind'), column('fund'),
        column('amountMinor'), column('shares'), column('fineCode'), column('purpose'), column('reversesMovementId'), column('reason'), column('occurredOn')],
    );
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

  // ---- committee, amendments, write-offs, exits ------------------------------------------------

  /** The seats of the group's latest election, empty when none was recorded. */
  latestCommittee(tx: EntityManager, cooperativeId: string, groupId: string): Promise<CommitteeSeatRow[]> {
    return tx.query<CommitteeSeatRow[]>(
      `WITH latest AS (
         SELECT id, elected_on FROM savings_committee_terms WHERE cooperative_id = $1 AND group_id = $2
          ORDER BY elected_on DESC, recorded_at DESC, id LIMIT 1)
       SELECT p.term_id, to_char(latest.elected_on, 'YYYY-MM-DD') AS elected_on, p.post, p.seat, p.member_id
         FROM savings_committee_posts p JOIN latest ON p.term_id = latest.id
        WHERE p.cooperative_id = $1 ORDER BY p.post, p.seat`,
      [cooperativeId, groupId],
    );
  }

  async insertCommittee(
    tx: EntityManager,
    cooperativeId: string,
    term: { id: string; groupId: string; electedOn: string },
    seats: readonly { post: string; seat: number; memberId: string }[],
    userId: string,
  ): Promise<void> {
    await tx.query(
      'INSERT INTO savings_committee_terms (cooperative_id, id, group_id, elected_on, recorded_by) VALUES ($1, $2, $3, $4, $5)',
      [cooperativeId, term.id, term.groupId, term.electedOn, userId],
    );
    await tx.query(
      `INSERT INTO savings_committee_posts (cooperative_id, term_id, post, seat, member_id)
       SELECT $1, $2, post, seat, member_id FROM unnest($3::text[], $4::smallint[], $5::uuid[]) AS s(post, seat, member_id)`,
      [cooperativeId, term.id, seats.map((seat) => seat.post), seats.map((seat) => seat.seat), seats.map((seat) => seat.memberId)],
    );
  }

  amendments(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<AmendmentRow[]> {
    return tx.query<AmendmentRow[]>(
      `SELECT id, meeting_id, to_char(voted_on, 'YYYY-MM-DD') AS voted_on, votes_for, votes_against, votes_abstaining, changes, rules_after,
              reason, recorded_by
         FROM savings_rule_amendments WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY voted_on, recorded_at, id`,
      [cooperativeId, cycleId],
    );
  }

  async insertAmendment(tx: EntityManager, cooperativeId: string, cycleId: string, row: Omit<AmendmentRow, 'recorded_by'>, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_rule_amendments (cooperative_id, id, cycle_id, meeting_id, voted_on, votes_for, votes_against, votes_abstaining,
                                            changes, rules_after, reason, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [cooperativeId, row.id, cycleId, row.meeting_id, row.voted_on, row.votes_for, row.votes_against, row.votes_abstaining,
        JSON.stringify(row.changes), JSON.stringify(row.rules_after), row.reason, userId],
    );
  }

  writeOffs(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<WriteOffRow[]> {
    return tx.query<WriteOffRow[]>(
      `SELECT loan_id, meeting_id, to_char(written_off_on, 'YYYY-MM-DD') AS written_off_on, principal_minor, service_charge_minor, reason,
              decision_ref, recorded_by
         FROM savings_loan_write_offs WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY written_off_on, loan_id`,
      [cooperativeId, cycleId],
    );
  }

  async insertWriteOff(tx: EntityManager, cooperativeId: string, cycleId: string, row: Omit<WriteOffRow, 'recorded_by'>, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_loan_write_offs (cooperative_id, loan_id, cycle_id, meeting_id, written_off_on, principal_minor, service_charge_minor,
                                            reason, decision_ref, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [cooperativeId, row.loan_id, cycleId, row.meeting_id, row.written_off_on, row.principal_minor, row.service_charge_minor, row.reason,
        row.decision_ref, userId],
    );
  }

  memberExits(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<MemberExitRow[]> {
    return tx.query<MemberExitRow[]>(
      `SELECT member_id, to_char(exited_on, 'YYYY-MM-DD') AS exited_on, reason, result, recorded_by
         FROM savings_member_exits WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY exited_on, member_id`,
      [cooperativeId, cycleId],
    );
  }

  async insertMemberExit(tx: EntityManager, cooperativeId: string, cycleId: string, row: Omit<MemberExitRow, 'recorded_by'>, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_member_exits (cooperative_id, cycle_id, member_id, exited_on, reason, result, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [cooperativeId, cycleId, row.member_id, row.exited_on, row.reason, JSON.stringify(row.result), userId],
    );
  }
}
