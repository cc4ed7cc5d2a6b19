import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { FundCount } from './rules/meeting-batch.js';
import type { CashCountRow, MeetingRow, MovementRow, NewMovement } from './savings-rows.js';

const MOVEMENT_COLUMNS = `id, meeting_id, member_id, loan_id, kind, fund, amount_minor, shares, fine_code, purpose,
  reverses_movement_id, reason, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, recorded_by`;

/** Meetings and their books: attendance, the append-only movements, cash counts. Each method reads the cooperative from the transaction. */
@Injectable()
export class SavingsMeetingsRepository {
  async meetingById(tx: TenantTx, meetingId: string): Promise<MeetingRow | undefined> {
    const [row] = await tx.query<MeetingRow[]>(
      `SELECT id, cycle_id, to_char(held_on, 'YYYY-MM-DD') AS held_on, status, recorded_by, closed_by, closed_at
         FROM savings_meetings WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, meetingId],
    );
    return row;
  }

  meetingsOfCycle(tx: TenantTx, cycleId: string): Promise<MeetingRow[]> {
    return tx.query<MeetingRow[]>(
      `SELECT id, cycle_id, to_char(held_on, 'YYYY-MM-DD') AS held_on, status, recorded_by, closed_by, closed_at
         FROM savings_meetings WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY held_on, recorded_at, id`,
      [tx.cooperativeId, cycleId],
    );
  }

  async insertMeeting(tx: TenantTx, row: { id: string; cycleId: string; heldOn: string }, userId: string): Promise<void> {
    await tx.query(
      'INSERT INTO savings_meetings (cooperative_id, id, cycle_id, held_on, recorded_by) VALUES ($1, $2, $3, $4, $5)',
      [tx.cooperativeId, row.id, row.cycleId, row.heldOn, userId],
    );
  }

  async closeMeeting(tx: TenantTx, meetingId: string, userId: string): Promise<void> {
    await tx.query(
      `UPDATE savings_meetings SET status = 'closed', closed_by = $3, closed_at = now() WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, meetingId, userId],
    );
  }

  attendanceOfMeeting(tx: TenantTx, meetingId: string): Promise<{ member_id: string; status: string }[]> {
    return tx.query<{ member_id: string; status: string }[]>(
      'SELECT member_id, status FROM savings_attendance WHERE cooperative_id = $1 AND meeting_id = $2 ORDER BY member_id',
      [tx.cooperativeId, meetingId],
    );
  }

  async insertAttendance(
    tx: TenantTx,
    meetingId: string,
    rows: readonly { memberId: string; status: string }[],
    userId: string,
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO savings_attendance (cooperative_id, meeting_id, member_id, status, recorded_by)
       SELECT $1, $2, member_id, status, $3 FROM unnest($4::uuid[], $5::text[]) AS a(member_id, status)`,
      [tx.cooperativeId, meetingId, userId, rows.map((row) => row.memberId), rows.map((row) => row.status)],
    );
  }

  movementsOfCycle(tx: TenantTx, cycleId: string): Promise<MovementRow[]> {
    return tx.query<MovementRow[]>(
      `SELECT ${MOVEMENT_COLUMNS} FROM savings_movements WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY seq`,
      [tx.cooperativeId, cycleId],
    );
  }

  /** One INSERT for the whole batch; `seq` follows the order given (a meeting's movements keep their order). */
  async insertMovements(tx: TenantTx, cycleId: string, movements: readonly NewMovement[], userId: string): Promise<void> {
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
      [tx.cooperativeId, cycleId, userId, column('id'), column('meetingId'), column('memberId'), column('loanId'), column('kind'), column('fund'),
        column('amountMinor'), column('shares'), column('fineCode'), column('purpose'), column('reversesMovementId'), column('reason'), column('occurredOn')],
    );
  }

  /** The cooperative compared as text: see savings-balances.repository.ts (the index is chosen by the meeting). */
  cashCountsOfMeeting(tx: TenantTx, meetingId: string): Promise<CashCountRow[]> {
    return tx.query<CashCountRow[]>(
      `SELECT id, meeting_id, fund, expected_minor, counted_minor, difference_minor, outcome, counted_by, recorded_by
         FROM savings_cash_counts WHERE cooperative_id::text = $1 AND meeting_id = $2 ORDER BY recorded_at, fund`,
      [tx.cooperativeId, meetingId],
    );
  }

  async insertCashCounts(tx: TenantTx, meetingId: string, counts: readonly FundCount[], countedBy: string, userId: string): Promise<void> {
    for (const { fund, reconciliation: r } of counts) {
      await tx.query(
        `INSERT INTO savings_cash_counts (cooperative_id, meeting_id, fund, expected_minor, counted_minor, difference_minor, outcome, counted_by, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [tx.cooperativeId, meetingId, fund, r.expectedMinor, r.countedMinor, r.differenceMinor, r.outcome, countedBy, userId],
      );
    }
  }

  /** Attendance taken at every meeting of a cycle, one row per member and meeting. */
  attendanceOfCycle(tx: TenantTx, cycleId: string): Promise<{ meeting_id: string; member_id: string; status: string }[]> {
    return tx.query<{ meeting_id: string; member_id: string; status: string }[]>(
      `SELECT a.meeting_id, a.member_id, a.status
         FROM savings_attendance a JOIN savings_meetings m ON m.cooperative_id = a.cooperative_id AND m.id = a.meeting_id
        WHERE a.cooperative_id = $1 AND m.cycle_id = $2`,
      [tx.cooperativeId, cycleId],
    );
  }

}
