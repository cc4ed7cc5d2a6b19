import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Regulator reports: each generation is kept for good (append-only) with its JSON content,
 * the SHA-256 of that content and a version number per cooperative and period, so that a
 * report handed to a supervisor can always be checked against what the system produced.
 */
export class Reports1763900800000 implements MigrationInterface {
  name = 'Reports1763900800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reports (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('regulator')),
        period_key text NOT NULL CHECK (length(period_key) BETWEEN 4 AND 40),
        period_from date NOT NULL,
        period_to date NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        content jsonb NOT NULL,
        content_hash char(64) NOT NULL,
        changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'array'),
        ledger_ok boolean,
        generated_by uuid NOT NULL,
        generated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, kind, period_from, period_to, version),
        CHECK (period_to >= period_from)
      )`);
    await db.query(`CREATE INDEX reports_generated ON reports (cooperative_id, generated_at DESC)`);
    await db.query(`
      CREATE TRIGGER reports_append_only BEFORE UPDATE OR DELETE ON reports
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    await enableTenantRowSecurity(db, ['reports']);
    await db.query(`GRANT SELECT, INSERT ON reports TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reports`);
  }
}
