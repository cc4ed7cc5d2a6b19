import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { PendingCarriedDebt } from './rules/carried-debts.js';
import type { AmendmentRow, CycleRow, MemberExitRow } from './savings-rows.js';

const CYCLE_COLUMNS = `id, group_id, rules, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(planned_end_on, 'YYYY-MM-DD') AS planned_end_on,
  status, to_char(closed_on, 'YYYY-MM-DD') AS closed_on`;

/** Cycles and what closes or changes one: rule amendments, member exits, the share-out and the debts it carries. Each method reads the cooperative from the transaction. */
@Injectable()
export class SavingsCyclesRepository {
  cyclesOfGroup(tx: TenantTx, groupId: string): Promise<CycleRow[]> {
    return tx.query<CycleRow[]>(
      `SELECT ${CYCLE_COLUMNS}
         FROM savings_cycles WHERE cooperative_id = $1 AND group_id = $2 ORDER BY starts_on DESC, id`,
      [tx.cooperativeId, groupId],
    );
  }

  /** The cycle, locked until the transaction ends when `lock` is set: writers of one cycle queue here. */
  async cycleOfGroup(tx: TenantTx, groupId: string, cycleId: string, lock = false): Promise<CycleRow | undefined> {
    const [row] = await tx.query<CycleRow[]>(
      `SELECT ${CYCLE_COLUMNS}
         FROM savings_cycles WHERE cooperative_id = $1 AND group_id = $2 AND id = $3 ${lock ? 'FOR UPDATE' : ''}`,
      [tx.cooperativeId, groupId, cycleId],
    );
    return row;
  }

  async cycleIdTaken(tx: TenantTx, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM savings_cycles WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, id]);
    return rows.length > 0;
  }

  async hasOpenCycle(tx: TenantTx, groupId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `SELECT 1 FROM savings_cycles WHERE cooperative_id = $1 AND group_id = $2 AND status = 'open'`,
      [tx.cooperativeId, groupId],
    );
    return rows.length > 0;
  }

  async insertCycle(
    tx: TenantTx,
    row: { id: string; groupId: string; rules: unknown; startsOn: string; plannedEndOn: string },
    userId: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO savings_cycles (cooperative_id, id, group_id, rules, starts_on, planned_end_on, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tx.cooperativeId, row.id, row.groupId, JSON.stringify(row.rules), row.startsOn, row.plannedEndOn, userId],
    );
  }

  async closeCycle(tx: TenantTx, cycleId: string, closedOn: string, userId: string): Promise<void> {
    await tx.query(
      `UPDATE savings_cycles SET status = 'closed', closed_on = $3, closed_by = $4 WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, cycleId, closedOn, userId],
    );
  }

  amendmentsOfCycle(tx: TenantTx, cycleId: string): Promise<AmendmentRow[]> {
    return tx.query<AmendmentRow[]>(
      `SELECT id, meeting_id, to_char(voted_on, 'YYYY-MM-DD') AS voted_on, votes_for, votes_against, votes_abstaining, changes, rules_after,
              reason, recorded_by
         FROM savings_rule_amendments WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY voted_on, recorded_at, id`,
      [tx.cooperativeId, cycleId],
    );
  }

  async insertAmendment(tx: TenantTx, cycleId: string, row: Omit<AmendmentRow, 'recorded_by'>, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_rule_amendments (cooperative_id, id, cycle_id, meeting_id, voted_on, votes_for, votes_against, votes_abstaining,
                                            changes, rules_after, reason, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [tx.cooperativeId, row.id, cycleId, row.meeting_id, row.voted_on, row.votes_for, row.votes_against, row.votes_abstaining,
        JSON.stringify(row.changes), JSON.stringify(row.rules_after), row.reason, userId],
    );
  }

  memberExitsOfCycle(tx: TenantTx, cycleId: string): Promise<MemberExitRow[]> {
    return tx.query<MemberExitRow[]>(
      `SELECT member_id, to_char(exited_on, 'YYYY-MM-DD') AS exited_on, reason, result, recorded_by
         FROM savings_member_exits WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY exited_on, member_id`,
      [tx.cooperativeId, cycleId],
    );
  }

  async insertMemberExit(tx: TenantTx, cycleId: string, row: Omit<MemberExitRow, 'recorded_by'>, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_member_exits (cooperative_id, cycle_id, member_id, exited_on, reason, result, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tx.cooperativeId, cycleId, row.member_id, row.exited_on, row.reason, JSON.stringify(row.result), userId],
    );
  }

  async shareOutOfCycle(tx: TenantTx, cycleId: string): Promise<{ share_out_on: string; result: unknown } | undefined> {
    const [row] = await tx.query<{ share_out_on: string; result: unknown }[]>(
      `SELECT to_char(share_out_on, 'YYYY-MM-DD') AS share_out_on, result FROM savings_share_outs WHERE cooperative_id = $1 AND cycle_id = $2`,
      [tx.cooperativeId, cycleId],
    );
    return row;
  }

  async insertShareOut(tx: TenantTx, cycleId: string, on: string, result: unknown, userId: string): Promise<void> {
    await tx.query(
      'INSERT INTO savings_share_outs (cooperative_id, cycle_id, share_out_on, result, confirmed_by) VALUES ($1, $2, $3, $4, $5)',
      [tx.cooperativeId, cycleId, on, JSON.stringify(result), userId],
    );
  }

  async insertCarriedDebt(tx: TenantTx, cycleId: string, memberId: string, amountMinor: number, userId: string): Promise<void> {
    await tx.query(
      'INSERT INTO savings_carried_debts (cooperative_id, cycle_id, member_id, amount_minor, recorded_by) VALUES ($1, $2, $3, $4, $5)',
      [tx.cooperativeId, cycleId, memberId, amountMinor, userId],
    );
  }

  /**
   * The debts carried out of the group's closed cycles that no cycle has brought in yet, oldest
   * first, each with the day of the settlement that carried it (the exit's, else the share-out's).
   */
  pendingCarriedDebtsOfGroup(tx: TenantTx, groupId: string): Promise<PendingCarriedDebt[]> {
    return tx.query<PendingCarriedDebt[]>(
      `SELECT d.id, d.cycle_id AS "fromCycleId", d.member_id AS "memberId", d.amount_minor::float8 AS "amountMinor",
              to_char(coalesce(x.exited_on, s.share_out_on, c.closed_on), 'YYYY-MM-DD') AS "carriedOn"
         FROM savings_cycles c
         JOIN savings_carried_debts d ON d.cooperative_id = c.cooperative_id AND d.cycle_id = c.id
         LEFT JOIN savings_member_exits x ON x.cooperative_id = d.cooperative_id AND x.cycle_id = d.cycle_id AND x.member_id = d.member_id
         LEFT JOIN savings_share_outs s ON s.cooperative_id = d.cooperative_id AND s.cycle_id = d.cycle_id
        WHERE c.cooperative_id = $1 AND c.group_id = $2 AND c.status = 'closed'
          AND NOT EXISTS (SELECT 1 FROM savings_loans l WHERE l.cooperative_id = d.cooperative_id AND l.carried_debt_id = d.id)
        ORDER BY c.starts_on, d.recorded_at, d.id`,
      [tx.cooperativeId, groupId],
    );
  }
}
