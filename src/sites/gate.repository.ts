import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { TenantTx } from '../database/tx.js';
import { type GateMemberFacts, GateMembersReader } from '../miners/gate-members.reader.js';
import type { GateEventFlag, GateDeclarationsRecord, IdentifiedBy, UnknownPersonRecord } from './gate-event.entity.js';
import type { GateDirection, GateReason, GateWarning } from './rules/gate-decision.js';
import type { ZoneRules } from './rules/gate-scan.js';
import type { GateEvent as PresenceEvent, PresenceWrite, PresentMember } from './rules/presence.js';

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

const EVENT_COLUMNS = `id, site_id, zone_id, miner_id, identified_by, member_number_entered, direction, captured_at, recorded_at,
  allowed, reasons, warnings, flags, declarations, unknown_person, recorded_by`;
/** A page's sort key: capture instant (epoch milliseconds) and event id, newest first. */
export type GateEventKey = readonly [capturedAtMs: number, id: string];

/** What the gate read of a zone for a scan: its rules and how many people are inside it now. */
export interface ScanZoneFacts extends ZoneRules {
  readonly headcount: number;
}

/** Everything one scan is decided on, read in one statement (scanFacts). */
export interface ScanFacts {
  readonly site: { status: 'open' | 'closed'; closed_reason: string | null } | null;
  readonly zone: ScanZoneFacts | null;
  readonly timezone: string;
  /** An event with the scan's id is already recorded (a re-sent scan). */
  readonly recorded: boolean;
  readonly member: GateMemberFacts | null;
  /**
   * The member's allowed events at the site from their latest exit as of the capture time
   * (that exit included) onwards: folding them as of the capture time says where the member
   * was then, folding them all (with the new event) where the member is once it is recorded.
   */
  readonly presenceEvents: PresenceEvent[];
  /** The member's presence row as the table holds it now. */
  readonly present: PresentMember | null;
  /** How many allowed events of the member the site has: what gate_record checks has not changed. */
  readonly allowedEvents: number;
}

export interface ScanKeys {
  readonly siteId: string;
  readonly zoneId: string;
  readonly eventId: string | null;
  readonly minerId: string | null;
  readonly memberNumber: string | null;
  readonly capturedAt: Date;
}

interface ScanFactsRow {
  site: ScanFacts['site'];
  zone: ScanZoneFacts | null;
  timezone: string | null;
  recorded: boolean;
  member: GateMemberFacts | null;
  events: { zoneId: string; direction: GateDirection; capturedAt: string }[] | null;
  present: { zoneId: string; enteredAt: string } | null;
  allowed_events: number;
}

/** SQLSTATE gate_record raises when the event id is taken. */
const EVENT_ID_TAKEN = 'UG409';

/** The SQL of the gate: its events and who is inside (the registry rows come from miners' GateMembersReader). */
@Injectable()
export class GateRepository {
  private readonly scanFactsSql: string;

  constructor(members: GateMembersReader) {
    this.scanFactsSql = `
      WITH member AS (${members.gateMemberFactsSql({ cooperativeId: '$1', minerId: '$5::uuid', memberNumber: '$6::text' })}),
      last_exit AS (
        SELECT coalesce(max(e.captured_at), '-infinity') AS at FROM gate_events e, member m
         WHERE e.cooperative_id = $1 AND e.site_id = $2 AND e.miner_id = m.id AND e.allowed AND e.miner_id IS NOT NULL
           AND e.direction = 'out' AND e.captured_at <= $7)
      SELECT (SELECT json_build_object('status', s.status, 'closed_reason', s.closed_reason) FROM sites s WHERE s.cooperative_id = $1 AND s.id = $2) AS site,
             (SELECT row_to_json(z) FROM (
                SELECT z.id, z.hazardous, z.ppe_required, z.forbids_pregnancy, z.capacity, z.trainings_required,
                       (z.arrivals - coalesce((SELECT d.departures FROM gate_zone_departures d
                                                WHERE d.cooperative_id = z.cooperative_id AND d.site_id = z.site_id AND d.zone_id = z.id), 0))::int AS headcount
                  FROM site_zones z WHERE z.cooperative_id = $1 AND z.site_id = $2 AND z.id = $3) z) AS zone,
             (SELECT timezone FROM cooperatives WHERE id = $1) AS timezone,
             $4::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM gate_events WHERE cooperative_id = $1 AND id = $4::uuid) AS recorded,
             (SELECT row_to_json(m) FROM member m) AS member,
             (SELECT json_agg(json_build_object('zoneId', e.zone_id, 'direction', e.direction, 'capturedAt', e.captured_at))
                FROM gate_events e, member m, last_exit x
               WHERE e.cooperative_id = $1 AND e.site_id = $2 AND e.miner_id = m.id AND e.allowed AND e.miner_id IS NOT NULL
                 AND e.captured_at >= x.at) AS events,
             (SELECT json_build_object('zoneId', p.zone_id, 'enteredAt', p.entered_at) FROM gate_presence p, member m
               WHERE p.cooperative_id = $1 AND p.site_id = $2 AND p.miner_id = m.id) AS present,
             (SELECT count(*)::int FROM gate_events e, member m
               WHERE e.cooperative_id = $1 AND e.site_id = $2 AND e.miner_id = m.id AND e.allowed AND e.miner_id IS NOT NULL) AS allowed_events`;
  }

  /**
   * The facts of one scan in one statement, nothing locked: the site, the zone with its
   * headcount, the cooperative's time zone, whether the event is already recorded, the member
   * it names with their papers, and their presence (see ScanFacts).
   */
  async scanFacts(tx: TenantTx, keys: ScanKeys): Promise<ScanFacts> {
    const [row] = await tx.prepared<ScanFactsRow[]>('gate_scan_facts', this.scanFactsSql, [
      tx.cooperativeId, keys.siteId, keys.zoneId, keys.eventId, keys.minerId, keys.memberNumber, keys.capturedAt,
    ]);
    if (row === undefined) throw new Error('the scan facts query returned no row');
    const member = row.member;
    return {
      site: row.site,
      zone: row.zone,
      timezone: row.timezone ?? 'UTC',
      recorded: row.recorded,
      member,
      presenceEvents: member === null ? [] : (row.events ?? []).map((event) => ({
        memberId: member.id, zoneId: event.zoneId, direction: event.direction, capturedAt: new Date(event.capturedAt), allowed: true,
      })),
      present: member === null || row.present === null ? null : { memberId: member.id, zoneId: row.present.zoneId, enteredAt: new Date(row.present.enteredAt) },
      allowedEvents: row.allowed_events,
    };
  }

  /**
   * The decided scan written in one call (gate_record, see its migration): headcounts,
   * presence, event and audit row. Null when what the decision read has changed since: read
   * and decide again. 'taken' when an event with this id is already recorded.
   */
  async record(tx: TenantTx, event: NewGateEvent, presence: PresenceWrite, audit: { requestId: string; after: Record<string, unknown> }): Promise<GateEventRow | null | 'taken'> {
    try {
      const [row] = await tx.query<GateEventRow[]>(
        `SELECT ${EVENT_COLUMNS} FROM gate_record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
        [
          tx.cooperativeId, event.id, event.siteId, event.zoneId, event.minerId, event.identifiedBy, event.memberNumberEntered, event.direction,
          event.capturedAt, event.allowed, JSON.stringify(event.reasons), JSON.stringify(event.warnings), JSON.stringify(event.flags),
          JSON.stringify(event.declarations), event.unknownPerson === null ? null : JSON.stringify(event.unknownPerson), event.recordedBy,
          audit.requestId, JSON.stringify(audit.after),
          presence.allowedEvents, presence.moves, presence.from?.zoneId ?? null, presence.to?.zoneId ?? null, presence.to?.enteredAt ?? null,
        ],
      );
      return row ?? null;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === EVENT_ID_TAKEN) return 'taken';
      throw error;
    }
  }

  async event(tx: TenantTx, eventId: string): Promise<GateEventRow | null> {
    const [row] = await tx.query<GateEventRow[]>(`SELECT ${EVENT_COLUMNS} FROM gate_events WHERE cooperative_id = $1 AND id = $2`, [tx.cooperativeId, eventId]);
    return row ?? null;
  }

  /** Newest capture first. */
  async events(
    tx: TenantTx,
    siteId: string,
    filter: { zoneId?: string; allowed?: boolean; after?: GateEventKey; limit: number },
  ): Promise<GateEventRow[]> {
    const params: unknown[] = [tx.cooperativeId, siteId];
    const where = ['cooperative_id = $1', 'site_id = $2'];
    if (filter.zoneId !== undefined) where.push(`zone_id = $${params.push(filter.zoneId)}`);
    if (filter.allowed !== undefined) where.push(`allowed = $${params.push(filter.allowed)}`);
    if (filter.after !== undefined) {
      where.push(`(captured_at, id) < ($${params.push(new Date(filter.after[0]))}::timestamptz, $${params.push(filter.after[1])}::uuid)`);
    }
    return tx.query<GateEventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM gate_events WHERE ${where.join(' AND ')} ORDER BY captured_at DESC, id DESC LIMIT $${params.push(filter.limit)}`,
      params,
    );
  }
}
