import { Injectable } from '@nestjs/common';
import { scopeToCooperatives } from '../database/db.js';
import type { Tx } from '../database/tx.js';

export interface CooperativeFiguresRow {
  id: string; name: string; country: string; province: string; timezone: string;
  open_critical: string; overdue: string; last_report_at: Date | null; ledger_ok: boolean | null;
}

export interface ActiveCardRow { cooperative_id: string; miner_id: string; card_number: string; issued_on: string; expires_on: string }

/** The supervisor's dashboard: headline figures of the cooperatives their jurisdiction reaches. */
@Injectable()
export class SupervisionRepository {
  /**
   * The cooperatives policy alone decides which ones the jurisdiction reaches; the tenant
   * tables are then opened to exactly those for the rest of the (read-only) transaction.
   */
  async openVisibleCooperatives(tx: Tx): Promise<string[]> {
    const visible = await tx.query<{ id: string }[]>('SELECT id FROM cooperatives ORDER BY id');
    const ids = visible.map((row) => row.id);
    await scopeToCooperatives(tx, ids);
    return ids;
  }

  async cooperativeFigures(tx: Tx, cooperativeIds: readonly string[]): Promise<CooperativeFiguresRow[]> {
    return tx.query<CooperativeFiguresRow[]>(
      `SELECT c.id, c.name, c.country, c.province, c.timezone,
              (SELECT count(*) FROM risk_flags f WHERE f.cooperative_id = c.id AND f.severity = 'critical'
                  AND f.state IN ('open', 'acknowledged', 'in_remediation'))::text AS open_critical,
              (SELECT count(DISTINCT f.id) FROM risk_flags f
                 LEFT JOIN corrective_actions a ON a.cooperative_id = f.cooperative_id AND a.flag_id = f.id AND a.status = 'open'
                    AND a.due_on < (now() AT TIME ZONE c.timezone)::date
                WHERE f.cooperative_id = c.id AND f.state IN ('open', 'acknowledged', 'in_remediation')
                  AND (a.flag_id IS NOT NULL OR (f.severity = 'critical' AND f.state = 'open' AND f.raised_at < now() - make_interval(hours => coalesce((SELECT s.critical_ack_hours FROM risk_settings s WHERE s.cooperative_id = f.cooperative_id), 24)))))::text AS overdue,
              r.generated_at AS last_report_at, r.ledger_ok
         FROM cooperatives c
         LEFT JOIN LATERAL (SELECT generated_at, ledger_ok FROM reports WHERE cooperative_id = c.id ORDER BY generated_at DESC LIMIT 1) r ON true
        WHERE c.id = ANY ($1::uuid[])`,
      [[...cooperativeIds]],
    );
  }

  /** The cards of active members of every cooperative open in the transaction, oldest recorded first. */
  async activeMembersCards(tx: Tx): Promise<ActiveCardRow[]> {
    return tx.query<ActiveCardRow[]>(
      `SELECT k.cooperative_id, k.miner_id, k.card_number, k.issued_on::text, k.expires_on::text
         FROM miner_cards k JOIN miners m ON m.cooperative_id = k.cooperative_id AND m.id = k.miner_id
        WHERE m.status = 'active' ORDER BY k.recorded_at, k.id`,
    );
  }
}
