import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seeAllCooperatives } from './support/all-cooperatives.js';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Each zone's headcount counted again from the presence table, as arrivals with no departures:
 * the backfill (the bench and a test reuse it).
 */
export const ZONE_HEADCOUNTS_FROM_PRESENCE = `
      WITH counted AS (
        UPDATE site_zones z SET arrivals = (SELECT count(*) FROM gate_presence p
                                             WHERE p.cooperative_id = z.cooperative_id AND p.site_id = z.site_id AND p.zone_id = z.id)
        RETURNING z.cooperative_id, z.site_id, z.id)
      DELETE FROM gate_zone_departures d USING counted c
       WHERE d.cooperative_id = c.cooperative_id AND d.site_id = c.site_id AND d.zone_id = c.id`;

/**
 * A gate scan writes in one call once the pure rule (src/sites/rules/gate-decision.ts) has
 * decided on the facts it read in one statement.
 *
 * - How many people gate_presence puts in a zone is kept in place by the gate, as
 *   site_zones.arrivals minus gate_zone_departures.departures (two rows, so that exits and
 *   entries at one zone do not queue on one row). An entry that takes a place adds one arrival
 *   with `arrivals - departures < capacity` in the UPDATE's own condition, so PostgreSQL
 *   re-checks it on the latest zone row when concurrent entries queue on it, and 50 parallel
 *   entries can never exceed the capacity (a departure committed meanwhile may be missed:
 *   the entry is then read and decided again). The zone row is held only from this call to
 *   the commit, instead of for the whole scan; exits never wait for it.
 * - gate_record applies a decided scan atomically: when what the decision read has changed
 *   (another allowed event of the member was committed since, or the zone filled up) it
 *   writes nothing and returns no row, and the gate reads again and decides again (an
 *   optimistic check: the member row is locked here, not during the read). Otherwise it moves
 *   the headcounts, rewrites the member's presence row, inserts the event and its audit row
 *   and returns the event. A taken event id raises SQLSTATE UG409 (the whole scan rolls back,
 *   as before).
 * - Runs as the caller (SECURITY INVOKER): row-level security applies to every statement.
 */
export class H3GateScanInOneCall1764000300000 implements MigrationInterface {
  name = 'H3GateScanInOneCall1764000300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE site_zones ADD COLUMN arrivals bigint NOT NULL DEFAULT 0`);
    await db.query(`
      CREATE TABLE gate_zone_departures (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        site_id uuid NOT NULL,
        zone_id uuid NOT NULL,
        departures bigint NOT NULL,
        PRIMARY KEY (cooperative_id, site_id, zone_id),
        FOREIGN KEY (cooperative_id, site_id, zone_id) REFERENCES site_zones (cooperative_id, site_id, id)
      )`);
    await enableTenantRowSecurity(db, ['gate_zone_departures']);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON gate_zone_departures TO ushirika_api`);
    const restoreScope = await seeAllCooperatives(db);
    await db.query(ZONE_HEADCOUNTS_FROM_PRESENCE);
    await restoreScope();

    await db.query(`
      CREATE FUNCTION gate_record(
        p_cooperative uuid, p_id uuid, p_site uuid, p_zone uuid, p_miner uuid, p_identified_by text, p_member_number text,
        p_direction text, p_captured_at timestamptz, p_allowed boolean, p_reasons jsonb, p_warnings jsonb, p_flags jsonb,
        p_declarations jsonb, p_unknown_person jsonb, p_recorded_by uuid, p_request_id text, p_audit_after jsonb,
        p_allowed_events integer, p_moves boolean, p_from_zone uuid, p_to_zone uuid, p_entered_at timestamptz)
      RETURNS SETOF gate_events
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      DECLARE
        seen integer;
        recorded gate_events%ROWTYPE;
      BEGIN
        -- The member's allowed events are what the decision read of their presence: if one
        -- was committed since, decide again. The lock makes two scans of one member take turns.
        IF p_allowed_events IS NOT NULL THEN
          PERFORM 1 FROM miners m WHERE m.cooperative_id = p_cooperative AND m.id = p_miner FOR NO KEY UPDATE;
          SELECT count(*) INTO seen FROM gate_events e
           WHERE e.cooperative_id = p_cooperative AND e.site_id = p_site AND e.miner_id = p_miner AND e.allowed AND e.miner_id IS NOT NULL;
          IF seen <> p_allowed_events THEN RETURN; END IF;
        END IF;
        IF p_moves AND p_to_zone IS DISTINCT FROM p_from_zone THEN
          IF p_to_zone IS NOT NULL THEN
            -- An entry at the scanned zone takes a place only while one is free on the latest row.
            UPDATE site_zones z SET arrivals = z.arrivals + 1
             WHERE z.cooperative_id = p_cooperative AND z.site_id = p_site AND z.id = p_to_zone
               AND (p_to_zone <> p_zone OR p_direction <> 'in' OR z.capacity IS NULL
                    OR z.arrivals - coalesce((SELECT d.departures FROM gate_zone_departures d
                                               WHERE d.cooperative_id = z.cooperative_id AND d.site_id = z.site_id AND d.zone_id = z.id), 0)
                       < z.capacity);
            IF NOT FOUND THEN RETURN; END IF;
          END IF;
          IF p_from_zone IS NOT NULL THEN
            INSERT INTO gate_zone_departures AS d (cooperative_id, site_id, zone_id, departures) VALUES (p_cooperative, p_site, p_from_zone, 1)
            ON CONFLICT (cooperative_id, site_id, zone_id) DO UPDATE SET departures = d.departures + 1;
          END IF;
        END IF;
        IF p_moves THEN
          IF p_to_zone IS NULL THEN
            DELETE FROM gate_presence p WHERE p.cooperative_id = p_cooperative AND p.site_id = p_site AND p.miner_id = p_miner;
          ELSE
            INSERT INTO gate_presence AS p (cooperative_id, site_id, miner_id, zone_id, entered_at)
            VALUES (p_cooperative, p_site, p_miner, p_to_zone, p_entered_at)
            ON CONFLICT (cooperative_id, site_id, miner_id) DO UPDATE SET zone_id = excluded.zone_id, entered_at = excluded.entered_at;
          END IF;
        END IF;
        INSERT INTO gate_events AS e (cooperative_id, id, site_id, zone_id, miner_id, identified_by, member_number_entered, direction,
                                      captured_at, allowed, reasons, warnings, flags, declarations, unknown_person, recorded_by)
        VALUES (p_cooperative, p_id, p_site, p_zone, p_miner, p_identified_by, p_member_number, p_direction, p_captured_at, p_allowed,
                p_reasons, p_warnings, p_flags, p_declarations, p_unknown_person, p_recorded_by)
        ON CONFLICT DO NOTHING
        RETURNING e.* INTO recorded;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'gate event % is already recorded', p_id USING ERRCODE = 'UG409';
        END IF;
        INSERT INTO audit_log (cooperative_id, actor_user_id, action, entity, entity_id, before, after, request_id)
        VALUES (p_cooperative, p_recorded_by, 'gate_event.recorded', 'gate_event', p_id::text, NULL, p_audit_after, p_request_id);
        RETURN NEXT recorded;
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION gate_record FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION gate_record TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION gate_record`);
    await db.query(`DROP TABLE gate_zone_departures`);
    await db.query(`ALTER TABLE site_zones DROP COLUMN arrivals`);
  }
}
