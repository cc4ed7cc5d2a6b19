import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * A cooperative's legal form changes only through the platform operator, and each change is
 * kept with the date it takes effect: quorum and majority rules differ between SCOOPS and
 * COOP_CA, and an assembly is held under the form in force on its date. Append-only.
 */
export class H5CooperativeLegalFormChanges1763903070000 implements MigrationInterface {
  name = 'H5CooperativeLegalFormChanges1763903070000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cooperative_legal_form_changes (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        from_form text NOT NULL CHECK (from_form IN ('SCOOPS', 'COOP_CA')),
        to_form text NOT NULL CHECK (to_form IN ('SCOOPS', 'COOP_CA')),
        effective_on date NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (cooperative_id, id),
        CHECK (from_form <> to_form)
      )`);
    await db.query(`CREATE INDEX cooperative_legal_form_changes_effective ON cooperative_legal_form_changes (cooperative_id, effective_on)`);
    await db.query(`
      CREATE TRIGGER cooperative_legal_form_changes_append_only BEFORE UPDATE OR DELETE ON cooperative_legal_form_changes
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    await enableTenantRowSecurity(db, ['cooperative_legal_form_changes']);
    await db.query(`GRANT SELECT, INSERT ON cooperative_legal_form_changes TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE cooperative_legal_form_changes`);
  }
}
