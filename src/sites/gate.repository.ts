import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { GateEventFlag, GateDeclarationsRecord, IdentifiedBy, UnknownPersonRecord } from './gate-event.entity.js';
import type { GateDirection, GateReason, GateWarning } from './rules/gate-decision.js';
import type { GateEvent as PresenceEvent, PresentMember } from './rules/presence.js';

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

function toPresenceEvents(rows: { miner_id: string; zone_id: string; direction: GateDirection; captured_at: Date }[]): PresenceEvent[] {
  return rows.map((row) => ({ memberId: row.miner_id, zoneId: row.zone_id, direction: row.direction, capturedAt: row.captured_at, allowed: true }));
}


/** The SQL of the gate: its events and who is inside (the registry rows come from miners' GateMembersReader). */
@Injectable()
export class GateRepository {
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
