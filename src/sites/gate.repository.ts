import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { TenantTx } from '../database/tx.js';
import type { GateMemberFacts } from '../miners/gate-members.reader.js';
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
  readonly site: { status: 'open' | 'closed'; closed_reason: string | null; authorisations_expire_on: string | null } | null;
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

/**
 * The SQL of the gate: its events and who is inside (a scan's registry rows come with its facts
 * from gate_scan_facts, the others from miners' GateMembersReader).
 */
@Injectable()
export class GateRepository {
  /**
   * The facts of one scan in one statement, nothing locked: the site, the zone with its
   * headcount, the cooperative's time zone, whether the event is already recorded, the member
   * it names with their papers, and their presence (see ScanFacts). The query is the function
   * gate_scan_facts (see its migration): PostgreSQL caches its plan per connection, and an
   * ordinary parameterised call works through a transaction-mode pooler.
   */
  async scanFacts(tx: TenantTx, keys: ScanKeys): Promise<ScanFacts> {
    const [row] = await tx.query<ScanFactsRow[]>(
      'SELECT site, zone, timezone, recorded, member, events, present, allowed_events FROM gate_scan_facts($1, $2, $3, $4, $5, $6, $7)',
      [tx.cooperativeId, keys.siteId, keys.zoneId, keys.eventId, keys.minerId, keys.memberNumber, keys.capturedAt],
    );
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
