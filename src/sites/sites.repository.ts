import { Injectable } from '@nestjs/common';
import type { Birth } from '../miners/rules/age.js';
import type { MinerCard } from '../miners/rules/card-status.js';
import type { TrainingAttendance } from '../miners/rules/certifications.js';
import type { MembershipStatus } from '../miners/rules/lifecycle.js';
import type { GateEventFlag, GateDeclarationsRecord, IdentifiedBy, UnknownPersonRecord } from './gate-event.entity.js';
import type { GateDirection, GateReason, GateWarning } from './rules/gate-decision.js';
import type { GateEvent as PresenceEvent, PresentMember } from './rules/presence.js';
import type { GeoJsonPolygon } from './geo.js';
import type { TenantTx } from '../database/tx.js';

export interface SiteRow {
  id: string;
  name: string;
  code: string;
  latitude_e6: number;
  longitude_e6: number;
  boundary: GeoJsonPolygon | null;
  concession_ref: string | null;
  authorisation_ref: string | null;
  minerals: string[];
  status: 'open' | 'closed';
  closed_reason: string | null;
  closed_on: string | null;
  reopens_on: string | null;
  closing_time: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ZoneRow {
  id: string;
  site_id: string;
  name: string;
  hazardous: boolean;
  ppe_required: string[];
  forbids_pregnancy: boolean;
  capacity: number | null;
  trainings_required: string[];
  created_at: Date;
  updated_at: Date;
}

export interface GateMinerRow {
  id: string;
  member_number: string;
  first_name: string;
  last_name: string;
  status: MembershipStatus;
  date_of_birth: string | null;
  birth_year: number | null;
  birth_date_estimated: boolean;
}

export interface GateEventRow {
  id: string;
  site_id: string;
  zone_id: string;
  miner_id: string | null;
  identified_by: IdentifiedBy;
  member_number_entered: string | null;
  direction: GateDirection;
  captured_at: Date;
  recorded_at: Date;
  allowed: boolean;
  reasons: GateReason[];
  warnings: GateWarning[];
  flags: GateEventFlag[];
  declarations: GateDeclarationsRecord;
  unknown_person: UnknownPersonRecord | null;
  recorded_by: string;
}

export interface NewGateEvent {
  id: string;
  siteId: string;
  zoneId: string;
  minerId: string | null;
  identifiedBy: IdentifiedBy;
  memberNumberEntered: string | null;
  direction: GateDirection;
  capturedAt: Date;
  allowed: boolean;
  reasons: readonly GateReason[];
  warnings: readonly GateWarning[];
  flags: readonly GateEventFlag[];
  declarations: GateDeclarationsRecord;
  unknownPerson: UnknownPersonRecord | null;
  recordedBy: string;
}

export interface PresentMinerRow {
  id: string;
  member_number: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
}

export interface PresentPersonRow {
  miner_id: string;
  zone_id: string;
  entered_at: Date;
  member_number: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
}

export interface SnapshotMemberRow extends GateMinerRow {
  middle_name: string | null;
}

export interface EventPageKey {
  readonly capturedAt: string;
  readonly id: string;
}

const SITE_COLUMNS = `id, name, code, latitude_e6, longitude_e6, boundary, concession_ref, authorisation_ref, minerals, status,
  closed_reason, closed_on::text AS closed_on, reopens_on::text AS reopens_on, closing_time, created_at, updated_at`;
const ZONE_COLUMNS = `id, site_id, name, hazardous, ppe_required, forbids_pregnancy, capacity, trainings_required, created_at, updated_at`;
const EVENT_COLUMNS = `id, site_id, zone_id, miner_id, identified_by, member_number_entered, direction, captured_at, recorded_at,
  allowed, reasons, warnings, flags, declarations, unknown_person, recorded_by`;
const GATE_MINER_COLUMNS = `id, member_number, first_name, last_name, status, date_of_birth::text AS date_of_birth, birth_year, birth_date_estimated`;

export function birthOfMiner(row: GateMinerRow): Birth {
  return row.birth_date_estimated && row.birth_year !== null ? { estimated: true, year: row.birth_year } : { estimated: false, date: row.date_of_birth ?? '' };
}

function toPresenceEvents(rows: { miner_id: string; zone_id: string; direction: GateDirection; captured_at: Date }[]): PresenceEvent[] {
  return rows.map((row) => ({ memberId: row.miner_id, zoneId: row.zone_id, direction: row.direction, capturedAt: row.captured_at, allowed: true }));
}

/** Every SQL query of sites, zones and the gate, each named for what it returns. */
@Injectable()
export class SitesRepository {
  async timezone(tx: TenantTx): Promise<string> {
    const [row] = await tx.query<{ timezone: string }[]>('SELECT timezone FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return row?.timezone ?? 'UTC';
  }

  async cooperativeName(tx: TenantTx): Promise<string> {
    const [row] = await tx.query<{ name: string }[]>('SELECT name FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return row?.name ?? '';
  }

  async site(tx: TenantTx, siteId: string, lock = false): Promise<SiteRow | null> {
    const [row] = await tx.query<SiteRow[]>(
      `SELECT ${SITE_COLUMNS} FROM sites WHERE cooperative_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [tx.cooperativeId, siteId],
    );
    return row ?? null;
  }

  async sites(tx: TenantTx): Promise<SiteRow[]> {
    return tx.query<SiteRow[]>(`SELECT ${SITE_COLUMNS} FROM sites WHERE cooperative_id = $1 ORDER BY name, id`, [tx.cooperativeId]);
  }

  async siteIdWithCode(tx: TenantTx, code: string): Promise<string | null> {
    const [row] = await tx.query<{ id: string }[]>('SELECT id FROM sites WHERE cooperative_id = $1 AND lower(code) = lower($2)', [tx.cooperativeId, code]);
    return row?.id ?? null;
  }

  async siteExists(tx: TenantTx, siteId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM sites WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, siteId]);
    return rows.length > 0;
  }

  async insertSite(tx: TenantTx, id: string | null, values: Omit<SiteRow, 'id' | 'created_at' | 'updated_at'>, createdBy: string): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO sites (cooperative_id, id, name, code, latitude_e6, longitude_e6, boundary, concession_ref, authorisation_ref, minerals,
                          status, closed_reason, closed_on, reopens_on, closing_time, created_by)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        tx.cooperativeId, id, values.name, values.code, values.latitude_e6, values.longitude_e6,
        values.boundary === null ? null : JSON.stringify(values.boundary), values.concession_ref, values.authorisation_ref, values.minerals,
        values.status, values.closed_reason, values.closed_on, values.reopens_on, values.closing_time, createdBy,
      ],
    );
    return row?.id ?? '';
  }

  async updateSite(tx: TenantTx, siteId: string, values: Omit<SiteRow, 'id' | 'created_at' | 'updated_at'>): Promise<void> {
    await tx.query(
      `UPDATE sites SET name = $3, code = $4, latitude_e6 = $5, longitude_e6 = $6, boundary = $7, concession_ref = $8, authorisation_ref = $9,
                        minerals = $10, status = $11, closed_reason = $12, closed_on = $13, reopens_on = $14, closing_time = $15, updated_at = now()
        WHERE cooperative_id = $1 AND id = $2`,
      [
        tx.cooperativeId, siteId, values.name, values.code, values.latitude_e6, values.longitude_e6,
        values.boundary === null ? null : JSON.stringify(values.boundary), values.concession_ref, values.authorisation_ref, values.minerals,
        values.status, values.closed_reason, values.closed_on, values.reopens_on, values.closing_time,
      ],
    );
  }

  async zones(tx: TenantTx, siteId: string): Promise<ZoneRow[]> {
    return tx.query<ZoneRow[]>(`SELECT ${ZONE_COLUMNS} FROM site_zones WHERE cooperative_id = $1 AND site_id = $2 ORDER BY name, id`, [tx.cooperativeId, siteId]);
  }

  /** With lock, the zone row is held until commit: gate scans at one zone run one after another. */
  async zone(tx: TenantTx, siteId: string, zoneId: string, lock = false): Promise<ZoneRow | null> {
    const [row] = await tx.query<ZoneRow[]>(
      `SELECT ${ZONE_COLUMNS} FROM site_zones WHERE cooperative_id = $1 AND site_id = $2 AND id = $3 ${lock ? 'FOR UPDATE' : ''}`,
      [tx.cooperativeId, siteId, zoneId],
    );
    return row ?? null;
  }

  async zoneIdWithName(tx: TenantTx, siteId: string, name: string): Promise<string | null> {
    const [row] = await tx.query<{ id: string }[]>(
      'SELECT id FROM site_zones WHERE cooperative_id = $1 AND site_id = $2 AND name = $3',
      [tx.cooperativeId, siteId, name],
    );
    return row?.id ?? null;
  }

  async insertZone(tx: TenantTx, siteId: string, id: string | null, values: Omit<ZoneRow, 'id' | 'site_id' | 'created_at' | 'updated_at'>): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO site_zones (cooperative_id, id, site_id, name, hazardous, ppe_required, forbids_pregnancy, capacity, trainings_required)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT DO NOTHING RETURNING id`,
      [tx.cooperativeId, id, siteId, values.name, values.hazardous, values.ppe_required, values.forbids_pregnancy, values.capacity, values.trainings_required],
    );
    return row?.id ?? '';
  }

  async updateZone(tx: TenantTx, zoneId: string, values: Omit<ZoneRow, 'id' | 'site_id' | 'created_at' | 'updated_at'>): Promise<void> {
    await tx.query(
      `UPDATE site_zones SET name = $3, hazardous = $4, ppe_required = $5, forbids_pregnancy = $6, capacity = $7, trainings_required = $8, updated_at = now()
        WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, zoneId, values.name, values.hazardous, values.ppe_required, values.forbids_pregnancy, values.capacity, values.trainings_required],
    );
  }

  /** The member row is locked so that two scans of one member at two zones see each other. */
  async minerById(tx: TenantTx, minerId: string): Promise<GateMinerRow | null> {
    const [row] = await tx.query<GateMinerRow[]>(`SELECT ${GATE_MINER_COLUMNS} FROM miners WHERE cooperative_id = $1 AND id = $2 FOR UPDATE`, [tx.cooperativeId, minerId]);
    return row ?? null;
  }

  async minerByNumber(tx: TenantTx, memberNumber: string): Promise<GateMinerRow | null> {
    const [row] = await tx.query<GateMinerRow[]>(
      `SELECT ${GATE_MINER_COLUMNS} FROM miners WHERE cooperative_id = $1 AND member_number = $2 FOR UPDATE`,
      [tx.cooperativeId, memberNumber],
    );
    return row ?? null;
  }

  async cards(tx: TenantTx, minerId: string): Promise<MinerCard[]> {
    return tx.query<MinerCard[]>(
      `SELECT card_number AS "cardNumber", issued_on::text AS "issuedOn", expires_on::text AS "expiresOn"
         FROM miner_cards WHERE cooperative_id = $1 AND miner_id = $2 ORDER BY issued_on, recorded_at`,
      [tx.cooperativeId, minerId],
    );
  }

  /**
   * The member's allowed events at the site that still decide where they are (as of `asOf`
   * when given): those captured since their latest exit, that exit included. Everything
   * earlier ends with that exit, so folding these gives the same answer as folding them all.
   */
  async memberPresenceEvents(tx: TenantTx, siteId: string, minerId: string, asOf?: Date): Promise<PresenceEvent[]> {
    const rows = await tx.query<{ miner_id: string; zone_id: string; direction: GateDirection; captured_at: Date }[]>(
      `SELECT miner_id, zone_id, direction, captured_at FROM gate_events
        WHERE cooperative_id = $1 AND site_id = $2 AND miner_id = $3 AND allowed AND captured_at <= $4
          AND captured_at >= coalesce((SELECT max(captured_at) FROM gate_events
                                        WHERE cooperative_id = $1 AND site_id = $2 AND miner_id = $3 AND allowed
                                          AND direction = 'out' AND captured_at <= $4), '-infinity')`,
      [tx.cooperativeId, siteId, minerId, asOf ?? 'infinity'],
    );
    return toPresenceEvents(rows);
  }

  /** Where the member is now, null when not inside: the gate rewrites it with each of their allowed events. */
  async replaceMemberPresence(tx: TenantTx, siteId: string, minerId: string, present: PresentMember | null): Promise<void> {
    if (present === null) {
      await tx.query('DELETE FROM gate_presence WHERE cooperative_id = $1 AND site_id = $2 AND miner_id = $3', [tx.cooperativeId, siteId, minerId]);
      return;
    }
    await tx.query(
      `INSERT INTO gate_presence (cooperative_id, site_id, miner_id, zone_id, entered_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cooperative_id, site_id, miner_id) DO UPDATE SET zone_id = excluded.zone_id, entered_at = excluded.entered_at`,
      [tx.cooperativeId, siteId, minerId, present.zoneId, present.enteredAt],
    );
  }

  async headcountInZone(tx: TenantTx, siteId: string, zoneId: string): Promise<number> {
    const [row] = await tx.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM gate_presence WHERE cooperative_id = $1 AND site_id = $2 AND zone_id = $3',
      [tx.cooperativeId, siteId, zoneId],
    );
    return row?.count ?? 0;
  }

  /** Everyone inside the site now, with their names. */
  async presentPeople(tx: TenantTx, siteId: string): Promise<PresentPersonRow[]> {
    return tx.query<PresentPersonRow[]>(
      `SELECT p.miner_id, p.zone_id, p.entered_at, m.member_number, m.first_name, m.middle_name, m.last_name
         FROM gate_presence p JOIN miners m ON m.cooperative_id = p.cooperative_id AND m.id = p.miner_id
        WHERE p.cooperative_id = $1 AND p.site_id = $2`,
      [tx.cooperativeId, siteId],
    );
  }

  async event(tx: TenantTx, eventId: string): Promise<GateEventRow | null> {
    const [row] = await tx.query<GateEventRow[]>(`SELECT ${EVENT_COLUMNS} FROM gate_events WHERE cooperative_id = $1 AND id = $2`, [tx.cooperativeId, eventId]);
    return row ?? null;
  }

  /** False when an event with this id is already recorded (a re-sent scan). */
  async insertEvent(tx: TenantTx, event: NewGateEvent): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `INSERT INTO gate_events (cooperative_id, id, site_id, zone_id, miner_id, identified_by, member_number_entered, direction, captured_at,
                                allowed, reasons, warnings, flags, declarations, unknown_person, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [
        tx.cooperativeId, event.id, event.siteId, event.zoneId, event.minerId, event.identifiedBy, event.memberNumberEntered, event.direction,
        event.capturedAt, event.allowed, JSON.stringify(event.reasons), JSON.stringify(event.warnings), JSON.stringify(event.flags),
        JSON.stringify(event.declarations), event.unknownPerson === null ? null : JSON.stringify(event.unknownPerson), event.recordedBy,
      ],
    );
    return rows.length > 0;
  }

  /** Newest capture first. */
  async events(
    tx: TenantTx,
    siteId: string,
    filter: { zoneId?: string; allowed?: boolean; after?: EventPageKey; limit: number },
  ): Promise<GateEventRow[]> {
    const params: unknown[] = [tx.cooperativeId, siteId];
    const where = ['cooperative_id = $1', 'site_id = $2'];
    if (filter.zoneId !== undefined) where.push(`zone_id = $${params.push(filter.zoneId)}`);
    if (filter.allowed !== undefined) where.push(`allowed = $${params.push(filter.allowed)}`);
    if (filter.after !== undefined) {
      where.push(`(captured_at, id) < ($${params.push(filter.after.capturedAt)}::timestamptz, $${params.push(filter.after.id)}::uuid)`);
    }
    return tx.query<GateEventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM gate_events WHERE ${where.join(' AND ')} ORDER BY captured_at DESC, id DESC LIMIT $${params.push(filter.limit)}`,
      params,
    );
  }

  // ------------------------------------------------------------ the offline gate snapshot

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

  async presentMiners(tx: TenantTx, minerIds: readonly string[]): Promise<PresentMinerRow[]> {
    if (minerIds.length === 0) return [];
    return tx.query<PresentMinerRow[]>(
      'SELECT id, member_number, first_name, middle_name, last_name FROM miners WHERE cooperative_id = $1 AND id = ANY ($2::uuid[])',
      [tx.cooperativeId, minerIds],
    );
  }
}
