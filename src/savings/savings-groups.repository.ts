import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { GroupRow, MemberRow, CommitteeSeatRow } from './savings-rows.js';

/** Groups, their members, treasurers and committees, and the few registry reads they need. Each method reads the cooperative from the transaction. */
@Injectable()
export class SavingsGroupsRepository {
  /** The cooperative's name and time zone (its today decides default dates). */
  async cooperative(tx: TenantTx): Promise<{ name: string; timezone: string }> {
    const [row] = await tx.query<{ name: string; timezone: string }[]>('SELECT name, timezone FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return row ?? { name: '', timezone: 'UTC' };
  }

  /** The cooperative compared as text, here and in membersOfGroup: see savings-balances.repository.ts (the index is chosen by the group). */
  async groupById(tx: TenantTx, groupId: string): Promise<GroupRow | undefined> {
    const [row] = await tx.query<GroupRow[]>(
      `SELECT id, name, meeting_place, frequency, meeting_weekday, created_at FROM savings_groups WHERE cooperative_id::text = $1 AND id = $2`,
      [tx.cooperativeId, groupId],
    );
    return row;
  }

  /** The cooperative's groups; only those assigned to `treasurerId` when one is given. */
  groupsOf(tx: TenantTx, treasurerId: string | null = null): Promise<GroupRow[]> {
    return tx.query<GroupRow[]>(
      `SELECT id, name, meeting_place, frequency, meeting_weekday, created_at FROM savings_groups g
        WHERE cooperative_id = $1
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM savings_group_treasurers t WHERE t.cooperative_id = g.cooperative_id AND t.group_id = g.id AND t.user_id = $2))
        ORDER BY name, id`,
      [tx.cooperativeId, treasurerId],
    );
  }

  async groupNameTaken(tx: TenantTx, name: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM savings_groups WHERE cooperative_id = $1 AND name = $2', [tx.cooperativeId, name]);
    return rows.length > 0;
  }

  async insertGroup(tx: TenantTx, row: Omit<GroupRow, 'created_at'>, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_groups (cooperative_id, id, name, meeting_place, frequency, meeting_weekday, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tx.cooperativeId, row.id, row.name, row.meeting_place, row.frequency, row.meeting_weekday, userId],
    );
  }

  async treasurerIds(tx: TenantTx, groupId: string): Promise<string[]> {
    const rows = await tx.query<{ user_id: string }[]>(
      'SELECT user_id FROM savings_group_treasurers WHERE cooperative_id = $1 AND group_id = $2 ORDER BY user_id',
      [tx.cooperativeId, groupId],
    );
    return rows.map((row) => row.user_id);
  }

  async isTreasurerOf(tx: TenantTx, groupId: string, userId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      'SELECT 1 FROM savings_group_treasurers WHERE cooperative_id = $1 AND group_id = $2 AND user_id = $3',
      [tx.cooperativeId, groupId, userId],
    );
    return rows.length > 0;
  }

  async usersHoldingTreasurerRole(tx: TenantTx, userIds: readonly string[]): Promise<string[]> {
    const rows = await tx.query<{ user_id: string }[]>(
      `SELECT user_id FROM user_roles WHERE cooperative_id = $1 AND role = 'treasurer' AND user_id = ANY ($2::uuid[])`,
      [tx.cooperativeId, userIds],
    );
    return rows.map((row) => row.user_id);
  }

  async replaceTreasurers(tx: TenantTx, groupId: string, userIds: readonly string[], assignedBy: string): Promise<void> {
    await tx.query('DELETE FROM savings_group_treasurers WHERE cooperative_id = $1 AND group_id = $2', [tx.cooperativeId, groupId]);
    for (const userId of userIds) {
      await tx.query(
        'INSERT INTO savings_group_treasurers (cooperative_id, group_id, user_id, assigned_by) VALUES ($1, $2, $3, $4)',
        [tx.cooperativeId, groupId, userId, assignedBy],
      );
    }
  }

  membersOfGroup(tx: TenantTx, groupId: string): Promise<MemberRow[]> {
    return tx.query<MemberRow[]>(
      `SELECT id, group_id, miner_id, first_name, last_name, sex, phone, to_char(joined_on, 'YYYY-MM-DD') AS joined_on
         FROM savings_group_members WHERE cooperative_id::text = $1 AND group_id = $2 ORDER BY last_name, first_name, id`,
      [tx.cooperativeId, groupId],
    );
  }

  async memberIdTaken(tx: TenantTx, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM savings_group_members WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, id]);
    return rows.length > 0;
  }

  async minerInGroup(tx: TenantTx, groupId: string, minerId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      'SELECT 1 FROM savings_group_members WHERE cooperative_id = $1 AND group_id = $2 AND miner_id = $3',
      [tx.cooperativeId, groupId, minerId],
    );
    return rows.length > 0;
  }

  async minerIdentity(
    tx: TenantTx,
    minerId: string,
  ): Promise<{ first_name: string; last_name: string; sex: 'F' | 'M'; phone: string | null } | undefined> {
    const [row] = await tx.query<{ first_name: string; last_name: string; sex: 'F' | 'M'; phone: string | null }[]>(
      'SELECT first_name, last_name, sex, phone FROM miners WHERE cooperative_id = $1 AND id = $2',
      [tx.cooperativeId, minerId],
    );
    return row;
  }

  async insertMember(tx: TenantTx, row: MemberRow, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_group_members (cooperative_id, id, group_id, miner_id, first_name, last_name, sex, phone, joined_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [tx.cooperativeId, row.id, row.group_id, row.miner_id, row.first_name, row.last_name, row.sex, row.phone, row.joined_on, userId],
    );
  }

  /** The seats of the group's latest election, empty when none was recorded. */
  latestCommittee(tx: TenantTx, groupId: string): Promise<CommitteeSeatRow[]> {
    return tx.query<CommitteeSeatRow[]>(
      `WITH latest AS (
         SELECT cooperative_id, id, elected_on FROM savings_committee_terms WHERE cooperative_id = $1 AND group_id = $2
          ORDER BY elected_on DESC, recorded_at DESC, id LIMIT 1)
       SELECT p.term_id, to_char(latest.elected_on, 'YYYY-MM-DD') AS elected_on, p.post, p.seat, p.member_id
         FROM savings_committee_posts p JOIN latest ON latest.cooperative_id = p.cooperative_id AND p.term_id = latest.id
        WHERE p.cooperative_id = $1 ORDER BY p.post, p.seat`,
      [tx.cooperativeId, groupId],
    );
  }

  async insertCommittee(
    tx: TenantTx,
    term: { id: string; groupId: string; electedOn: string },
    seats: readonly { post: string; seat: number; memberId: string }[],
    userId: string,
  ): Promise<void> {
    await tx.query(
      'INSERT INTO savings_committee_terms (cooperative_id, id, group_id, elected_on, recorded_by) VALUES ($1, $2, $3, $4, $5)',
      [tx.cooperativeId, term.id, term.groupId, term.electedOn, userId],
    );
    await tx.query(
      `INSERT INTO savings_committee_posts (cooperative_id, term_id, post, seat, member_id)
       SELECT $1, $2, post, seat, member_id FROM unnest($3::text[], $4::smallint[], $5::uuid[]) AS s(post, seat, member_id)`,
      [tx.cooperativeId, term.id, seats.map((seat) => seat.post), seats.map((seat) => seat.seat), seats.map((seat) => seat.memberId)],
    );
  }
}
