import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seeAllCooperatives } from './support/all-cooperatives.js';

/** Each zone's headcount counted from the presence table: the backfill (the bench and a test reuse it). */
export const ZONE_HEADCOUNTS_FROM_PRESENCE = `
      UPDATE site_zones z SET headcount = (SELECT count(*) FROM gate_presence p
                                            WHERE p.cooperative_id = z.cooperative_id AND p.site_id = z.site_id AND p.zone_id = z.id)`;

/**
 * A gate scan writes in one call once the pure rule (src/sites/rules/gate-decision.ts) has
 * decided on the facts it read in one statement.
 *
 * - site_zones.headcount is how many people gate_presence puts in the zone, kept in place by
 *   the gate: an entry that takes a place adds one with `headcount < capacity` in the UPDATE's
 *   own condition, so PostgreSQL re-checks it on the latest row when concurrent entries queue
 *   on the zone, and 50 parallel entries can never exceed the capacity. The zone row is held
 *   only from this call to the commit, instead of for the whole scan.
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
    await db.query(`ALTER TABLE site_zones ADD COLUMN headcount integer NOT NULL DEFAULT 0 CHECK (headcount >= 0)`);
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
            UPDATE site_zones z SET headcount = z.headcount + 1
             WHERE z.cooperative_id = p_cooperative AND z.site_id = p_site AND z.id = p_to_zone
               AND (p_to_zone <> p_zone OR p_direction <> 'in' OR z.capacity IS NULL OR z.headcount < z.capacity);
            IF NOT FOUND THEN RETURN; END IF;
          END IF;
          IF p_from_zone IS NOT NULL THEN
            UPDATE site_zones z SET headcount = greatest(z.headcount - 1, 0)
             WHERE z.cooperative_id = p_cooperative AND z.site_id = p_site AND z.id = p_from_zone;
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
    await db.query(`ALTER TABLE site_zones DROP COLUMN headcount`);
  }
}
