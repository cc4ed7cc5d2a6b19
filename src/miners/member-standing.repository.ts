import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../common/calendar-date.js';
import type { TenantTx } from '../database/tx.js';
import type { MembershipStatus } from './rules/lifecycle.js';

/** A member as they stood on a date. */
export interface MemberOnDate {
  id: string;
  member_number: string;
  first_name: string;
  last_name: string;
  membership_date: string;
  /** Null when no status decision was effective yet on that date. */
  status_on: MembershipStatus | null;
}

/**
 * Status of each member on a date: the latest status decision effective on or before it
 * (later decision wins on the same day), and only for members who had joined by then.
 */
const MEMBER_STATUS_ON = `
  SELECT m.id, m.member_number, m.first_name, m.last_name, to_char(m.membership_date, 'YYYY-MM-DD') AS membership_date,
         (SELECT s.to_status FROM miner_status_changes s
           WHERE s.cooperative_id = m.cooperative_id AND s.miner_id = m.id AND s.effective_on <= $2::date
           ORDER BY s.effective_on DESC, s.decided_at DESC LIMIT 1) AS status_on
    FROM miners m
   WHERE m.cooperative_id = $1 AND m.membership_date <= $2::date`;

/** Who was a member of the transaction's cooperative, and in which status, on a date (exported for governance). */
@Injectable()
export class MemberStandingRepository {
  async activeMemberIdsOn(tx: TenantTx, on: IsoDate): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(`SELECT id FROM (${MEMBER_STATUS_ON}) x WHERE status_on = 'active' ORDER BY id`, [tx.cooperativeId, on]);
    return rows.map((r) => r.id);
  }

  async membersOn(tx: TenantTx, on: IsoDate, ids: readonly string[]): Promise<MemberOnDate[]> {
    return tx.query<MemberOnDate[]>(`SELECT * FROM (${MEMBER_STATUS_ON}) x WHERE id = ANY ($3::uuid[])`, [tx.cooperativeId, on, ids]);
  }

  /** Those of the ids that are members (of any status) of this cooperative. */
  async memberIdsAmong(tx: TenantTx, ids: readonly string[]): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>('SELECT id FROM miners WHERE cooperative_id = $1 AND id = ANY ($2::uuid[])', [tx.cooperativeId, ids]);
    return rows.map((r) => r.id);
  }
}
