import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { IsoDate, LegalForm, MemberStatus } from './rules/index.js';

export interface CooperativeRow {
  name: string;
  legal_form: LegalForm;
  registration_number: string;
  province: string;
  timezone: string;
}

export interface MemberRow {
  id: string;
  member_number: string;
  first_name: string;
  last_name: string;
  membership_date: string;
  /** Null when no status decision was effective yet on that date. */
  status_on: MemberStatus | null;
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

/**
 * What governance reads of the cooperative and its members: its identity and legal form on a
 * date, and who was a member (and in which status) on a date.
 */
@Injectable()
export class StandingRepository {
  async cooperative(tx: TenantTx): Promise<CooperativeRow | undefined> {
    const [row] = await tx.query<CooperativeRow[]>('SELECT name, legal_form, registration_number, province, timezone FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return row;
  }

  /**
   * The legal form in force on a date by the recorded changes: the latest change effective by
   * then, else the form before the first later change; undefined when none was ever recorded.
   */
  async legalFormOn(tx: TenantTx, on: IsoDate): Promise<LegalForm | undefined> {
    const [row] = await tx.query<{ legal_form: LegalForm }[]>(
      `SELECT coalesce(
         (SELECT to_form FROM cooperative_legal_form_changes WHERE cooperative_id = $1 AND effective_on <= $2::date ORDER BY effective_on DESC, recorded_at DESC LIMIT 1),
         (SELECT from_form FROM cooperative_legal_form_changes WHERE cooperative_id = $1 AND effective_on > $2::date ORDER BY effective_on, recorded_at LIMIT 1)
       ) AS legal_form`,
      [tx.cooperativeId, on],
    );
    return row?.legal_form ?? undefined;
  }

  async activeMemberIdsOn(tx: TenantTx, on: IsoDate): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(`SELECT id FROM (${MEMBER_STATUS_ON}) x WHERE status_on = 'active' ORDER BY id`, [tx.cooperativeId, on]);
    return rows.map((r) => r.id);
  }

  async membersOn(tx: TenantTx, on: IsoDate, ids: readonly string[]): Promise<MemberRow[]> {
    return tx.query<MemberRow[]>(`SELECT * FROM (${MEMBER_STATUS_ON}) x WHERE id = ANY ($3::uuid[])`, [tx.cooperativeId, on, ids]);
  }

  /** Those of the ids that are members (of any status) of this cooperative. */
  async memberIdsAmong(tx: TenantTx, ids: readonly string[]): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>('SELECT id FROM miners WHERE cooperative_id = $1 AND id = ANY ($2::uuid[])', [tx.cooperativeId, ids]);
    return rows.map((r) => r.id);
  }
}
