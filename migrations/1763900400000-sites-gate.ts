import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Sites, their zones and the gate: every scan at a site entrance, allowed or denied, is a
 * row of gate_events (append-only); who is inside is folded from those rows.
 *
 * - GPS points are integers of micro-degrees (no floating point); the boundary is a GeoJSON
 *   polygon kept as jsonb, its shape checked by the API.
 * - gate_events points at its zone through (cooperative_id, site_id, zone_id), so an event can
 *   never name a zone of another site.
 */
export class SitesGate1763900400000 implements MigrationInterface {
  name = 'SitesGate1763900400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sites (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
        code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
        latitude_e6 integer NOT NULL CHECK (latitude_e6 BETWEEN -90000000 AND 90000000),
        longitude_e6 integer NOT NULL CHECK (longitude_e6 BETWEEN -180000000 AND 180000000),
        boundary jsonb,
        concession_ref text,
        authorisation_ref text,
        minerals text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_reason text,
        closed_on date,
        reopens_on date,
        closing_time text CHECK (closing_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, code),
        CHECK (status = 'open' OR (closed_reason IS NOT NULL AND length(trim(closed_reason)) > 0 AND closed_on IS NOT NULL)),
        CHECK (reopens_on IS NULL OR closed_on IS NULL OR reopens_on >= closed_on)
      )`);
    await db.query(`CREATE INDEX sites_name ON sites (cooperative_id, name, id)`);

    await db.query(`
      CREATE TABLE site_zones (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL,
        name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
        hazardous boolean NOT NULL DEFAULT false,
        ppe_required text[] NOT NULL DEFAULT '{}',
        forbids_pregnancy boolean NOT NULL DEFAULT false,
        capacity integer CHECK (capacity >= 0),
        trainings_required text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, site_id, id),
        UNIQUE (cooperative_id, site_id, name),
        FOREIGN KEY (cooperative_id, site_id) REFERENCES sites (cooperative_id, id)
      )`);

    await db.query(`
      CREATE TABLE gate_events (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL,
        zone_id uuid NOT NULL,
        miner_id uuid,
        identified_by text NOT NULL CHECK (identified_by IN ('qr', 'member_number', 'none')),
        member_number_entered text,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        captured_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        allowed boolean NOT NULL,
        reasons jsonb NOT NULL,
        warnings jsonb NOT NULL,
        flags jsonb NOT NULL,
        declarations jsonb NOT NULL,
        unknown_person jsonb,
        recorded_by uuid NOT NULL,
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, site_id, zone_id) REFERENCES site_zones (cooperative_id, site_id, id),
        FOREIGN KEY (cooperative_id, miner_id) REFERENCES miners (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX gate_events_site_captured ON gate_events (cooperative_id, site_id, captured_at, id)`);
    await db.query(`CREATE INDEX gate_events_site_miner ON gate_events (cooperative_id, site_id, miner_id) WHERE allowed AND miner_id IS NOT NULL`);
    await db.query(`
      CREATE TRIGGER gate_events_append_only BEFORE UPDATE OR DELETE ON gate_events
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);

    await enableTenantRowSecurity(db, ['sites', 'site_zones', 'gate_events']);

    await db.query(`GRANT SELECT, INSERT, UPDATE ON sites TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON site_zones TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON gate_events TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['gate_events', 'site_zones', 'sites']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
