import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { MinerCard } from '../miners/rules/card-status.js';
import type { TrainingAttendance } from '../miners/rules/certifications.js';
import { GATE_MINER_COLUMNS, type GateMinerRow } from './gate.repository.js';

export interface SnapshotMemberRow extends GateMinerRow {
  middle_name: string | null;
}


/** The SQL of the offline gate snapshot: the whole registry as the gate reads it. */
@Injectable()
export class GateSnapshotRepository {

  /** Everyone on the registry, whatever their status, by member number. */
  async snapshotMembers(tx: TenantTx): Promise<SnapshotMemberRow[]> {
    return tx.query<SnapshotMemberRow[]>(
      `SELECT ${GATE_MINER_COLUMNS}, middle_name FROM miners WHERE cooperative_id = $1 ORDER BY member_number`,
      [tx.cooperativeId],
    );
  }

  /** Every card of the cooperative, oldest first per member. */
  async snapshotCards(tx: TenantTx): Promise<(MinerCard & { minerId: string })[]> {
    return tx.query<(MinerCard & { minerId: string })[]>(
      `SELECT miner_id AS "minerId", card_number AS "cardNumber", issued_on::text AS "issuedOn", expires_on::text AS "expiresOn"
         FROM miner_cards WHERE cooperative_id = $1 ORDER BY issued_on, recorded_at`,
      [tx.cooperativeId],
    );
  }

  /** Every training session attended in the cooperative, as the certification rules read them. */
  async snapshotTrainings(tx: TenantTx): Promise<(TrainingAttendance & { minerId: string })[]> {
    return tx.query<(TrainingAttendance & { minerId: string })[]>(
      `SELECT a.miner_id AS "minerId", s.topic, s.held_on::text AS date, s.validity_months AS "validityMonths"
         FROM training_attendance a JOIN training_sessions s ON s.cooperative_id = a.cooperative_id AND s.id = a.session_id
        WHERE a.cooperative_id = $1 ORDER BY s.held_on, s.id`,
      [tx.cooperativeId],
    );
  }

  /**
   * When each member card was printed: printing signs the card's QR token and audits the read
   * of the record in the same transaction (miners.service cardPrint), so the audit trail is
   * the record of which tokens exist.
   */
  async cardPrints(tx: TenantTx): Promise<{ minerId: string; printedAt: Date }[]> {
    return tx.query<{ minerId: string; printedAt: Date }[]>(
      `SELECT entity_id AS "minerId", at AS "printedAt" FROM audit_log
        WHERE cooperative_id = $1 AND entity = 'miner' AND action = 'read_personal_data' AND after -> 'fields' @> '["card.pdf"]'`,
      [tx.cooperativeId],
    );
  }
}
