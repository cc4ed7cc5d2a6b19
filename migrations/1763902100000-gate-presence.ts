import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seeAllCooperatives } from './support/all-cooperatives.js';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/** Who is inside, folded from every allowed gate event in SQL: the backfill (a test compares it with the rule). */
export const PRESENCE_FOLDED_FROM_EVENTS = `
      WITH ordered AS (
        SELECT cooperative_id, site_id, miner_id, zone_id, direction, captured_at,
               row_number() OVER member AS position,
               last_value(zone_id) OVER (member ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_zone,
               last_value(direction) OVER (member ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_direction
          FROM gate_events
         WHERE allowed AND miner_id IS NOT NULL
        WINDOW member AS (PARTITION BY cooperative_id, site_id, miner_id ORDER BY captured_at, (direction = 'in'), zone_id)
      ), run AS (
        SELECT cooperative_id, site_id, miner_id, last_zone, captured_at, position,
               max(position) FILTER (WHERE NOT (direction = 'in' AND zone_id = last_zone))
                 OVER (PARTITION BY cooperative_id, site_id, miner_id) AS last_break
          FROM ordered
         WHERE last_direction = 'in'
      )
      SELECT cooperative_id, site_id, miner_id, last_zone AS zone_id, min(captured_at) AS entered_at
        FROM run
       WHERE position > coalesce(last_break, 0)
       GROUP BY cooperative_id, site_id, miner_id, last_zone`;

/**
 * Who is inside each site now, kept as one row per member inside instead of being folded
 * from every gate event of the site at each scan (a site with 10,000 people inside made
 * every decision read its whole history).
 *
 * - gate_presence is derived from gate_events, never the other way round: the gate rewrites
 *   a member's row in the transaction that records one of their allowed events, from that
 *   member's own events since their latest exit, with the same fold as before (capture
 *   order, so an event synced late and out of order still lands in its place). A member not
 *   inside has no row.
 * - The per-member event index lets that fold and the "inside as of the capture time" check
 *   read a handful of rows; it supersedes gate_events_site_miner.
 * - The backfill replays the same fold in SQL, in one pass of window functions: order by
 *   capture time, an exit before an entry at the same instant, then zone id; the member is
 *   inside when the last event is an entry, since the first of the unbroken run of entries
 *   at that zone that ends it.
 */
export class GatePresence1763902100000 implements MigrationInterface {
  name = 'GatePresence1763902100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE gate_presence (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        site_id uuid NOT NULL,
        miner_id uuid NOT NULL,
        zone_id uuid NOT NULL,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (cooperative_id, site_id, miner_id),
        FOREIGN KEY (cooperative_id, site_id, zone_id) REFERENCES site_zones (cooperative_id, site_id, id),
        FOREIGN KEY (cooperative_id, miner_id) REFERENCES miners (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX gate_presence_zone ON gate_presence (cooperative_id, site_id, zone_id)`);
    await db.query(`
      CREATE INDEX gate_events_member_captured ON gate_events (cooperative_id, site_id, miner_id, captured_at)
        INCLUDE (zone_id, direction) WHERE allowed AND miner_id IS NOT NULL`);
    await db.query(`DROP INDEX gate_events_site_miner`);

    await enableTenantRowSecurity(db, ['gate_presence']);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON gate_presence TO ushirika_api`);

    const restoreScope = await seeAllCooperatives(db);
    await db.query(`INSERT INTO gate_presence (cooperative_id, site_id, miner_id, zone_id, entered_at) ${PRESENCE_FOLDED_FROM_EVENTS}`);
    await restoreScope();
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX gate_events_site_miner ON gate_events (cooperative_id, site_id, miner_id) WHERE allowed AND miner_id IS NOT NULL`);
    await db.query(`DROP INDEX gate_events_member_captured`);
    await db.query(`DROP TABLE gate_presence`);
  }
}
