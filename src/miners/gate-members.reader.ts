import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantTx } from '../database/tx.js';
import type { Birth } from './rules/age.js';
import type { MinerCard } from './rules/card-status.js';
import type { TrainingAttendance } from './rules/certifications.js';
import type { MembershipStatus } from './rules/lifecycle.js';

/** A member as the gate decides on them: standing and birth. */
export interface GateMemberRow {
  id: string;
  member_number: string;
  first_name: string;
  last_name: string;
  status: MembershipStatus;
  date_of_birth: string | null;
  birth_year: number | null;
  birth_date_estimated: boolean;
}

/** A member as one scan reads them (gate_scan_facts, src/sites): the gate's row, the card credential (null when none), cards and trainings. */
export interface GateMemberFacts extends GateMemberRow {
  credential: { currentTokenId: string | null } | null;
  cards: MinerCard[];
  trainings: TrainingAttendance[];
}

/** A member as the offline snapshot carries them: the gate's row and the middle name. */
export interface SnapshotMemberRow extends GateMemberRow {
  middle_name: string | null;
}

/** The names and member number a gate event or a presence row is shown with. */
export interface MemberNameRow {
  id: string;
  member_number: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
}

/** A member inside a site (as gate_presence holds them) with their registry names. */
export interface MemberInsideRow {
  miner_id: string;
  zone_id: string;
  entered_at: Date;
  member_number: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
}

const GATE_MEMBER_COLUMNS = `id, member_number, first_name, last_name, status, date_of_birth::text AS date_of_birth, birth_year, birth_date_estimated`;

/** The field member-cards.service records in the audited read of a card print. */
const CARD_PRINT_FIELD = 'card.pdf';

export function birthOfMember(row: GateMemberRow): Birth {
  return row.birth_date_estimated && row.birth_year !== null ? { estimated: true, year: row.birth_year } : { estimated: false, date: row.date_of_birth ?? '' };
}

/** The registry as the gate (src/sites) reads it: one member per scan, or the whole cooperative for the offline snapshot. */
@Injectable()
export class GateMembersReader {
  constructor(private readonly audit: AuditService) {}

  /** Names and member numbers of the given members (those an event or a presence row names). */
  async membersIn(tx: TenantTx, minerIds: readonly string[]): Promise<MemberNameRow[]> {
    if (minerIds.length === 0) return [];
    return tx.query<MemberNameRow[]>(
      'SELECT id, member_number, first_name, middle_name, last_name FROM miners WHERE cooperative_id = $1 AND id = ANY ($2::uuid[])',
      [tx.cooperativeId, minerIds],
    );
  }

  /**
   * Everyone inside the site now, with their names. The join with the gate's presence table
   * stays here, filtered by the site, so the headcount keeps reading in one round trip.
   */
  async membersInsideSite(tx: TenantTx, siteId: string): Promise<MemberInsideRow[]> {
    return tx.query<MemberInsideRow[]>(
      `SELECT p.miner_id, p.zone_id, p.entered_at, m.member_number, m.first_name, m.middle_name, m.last_name
         FROM gate_presence p JOIN miners m ON m.cooperative_id = p.cooperative_id AND m.id = p.miner_id
        WHERE p.cooperative_id = $1 AND p.site_id = $2`,
      [tx.cooperativeId, siteId],
    );
  }

  /** Everyone on the registry, whatever their status, by member number. */
  async snapshotMembers(tx: TenantTx): Promise<SnapshotMemberRow[]> {
    return tx.query<SnapshotMemberRow[]>(
      `SELECT ${GATE_MEMBER_COLUMNS}, middle_name FROM miners WHERE cooperative_id = $1 ORDER BY member_number`,
      [tx.cooperativeId],
    );
  }

  /** Every card of the cooperative, oldest first per member. */
  async cardsOfCooperative(tx: TenantTx): Promise<(MinerCard & { minerId: string })[]> {
    return tx.query<(MinerCard & { minerId: string })[]>(
      `SELECT miner_id AS "minerId", card_number AS "cardNumber", issued_on::text AS "issuedOn", expires_on::text AS "expiresOn"
         FROM miner_cards WHERE cooperative_id = $1 ORDER BY issued_on, recorded_at`,
      [tx.cooperativeId],
    );
  }

  /** Every training session attended in the cooperative, as the certification rules read them. */
  async attendancesOfCooperative(tx: TenantTx): Promise<(TrainingAttendance & { minerId: string })[]> {
    return tx.query<(TrainingAttendance & { minerId: string })[]>(
      `SELECT a.miner_id AS "minerId", s.topic, s.held_on::text AS date, s.validity_months AS "validityMonths"
         FROM training_attendance a JOIN training_sessions s ON s.cooperative_id = a.cooperative_id AND s.id = a.session_id
        WHERE a.cooperative_id = $1 ORDER BY s.held_on, s.id`,
      [tx.cooperativeId],
    );
  }

  /**
   * When each member card was printed: printing signs the card's QR token and audits the read
   * of the record in the same transaction (member-cards.service), so the audit trail is the
   * record of which tokens exist.
   */
  async cardPrints(tx: TenantTx): Promise<{ minerId: string; printedAt: Date }[]> {
    const reads = await this.audit.personalDataReadsOf(tx, 'miner', CARD_PRINT_FIELD);
    return reads.map((read) => ({ minerId: read.entityId, printedAt: read.at }));
  }
}
