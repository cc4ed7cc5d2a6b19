import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Evidence attached to risk flags (photos and documents, size-limited by the API) and the
 * per-cooperative risk settings (the delay within which a critical flag must be acknowledged).
 *
 * - risk_flag_evidence is append-only: a wrong file is left in place and a right one added.
 * - uploaded_by is NULL for evidence on an anonymous flag, so the reporter stays unknown.
 * - risk_settings has at most one row per cooperative; no row means the defaults.
 */
export class RiskEvidence1763900900000 implements MigrationInterface {
  name = 'RiskEvidence1763900900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE risk_flag_evidence (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        flag_id uuid NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
        byte_size integer NOT NULL CHECK (byte_size BETWEEN 1 AND 2097152),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        original_name text CHECK (length(original_name) BETWEEN 1 AND 255),
        uploaded_by uuid REFERENCES users (id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, flag_id) REFERENCES risk_flags (cooperative_id, id),
        CHECK (octet_length(content) = byte_size)
      )`);
    await db.query(`CREATE INDEX risk_flag_evidence_flag ON risk_flag_evidence (cooperative_id, flag_id, uploaded_at)`);
    await db.query(`
      CREATE TRIGGER risk_flag_evidence_append_only BEFORE UPDATE OR DELETE ON risk_flag_evidence
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);

    await db.query(`
      CREATE TABLE risk_settings (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        critical_ack_hours integer NOT NULL DEFAULT 24 CHECK (critical_ack_hours BETWEEN 1 AND 720),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id)
      )`);

    await enableTenantRowSecurity(db, ['risk_flag_evidence', 'risk_settings']);

    await db.query(`GRANT SELECT, INSERT ON risk_flag_evidence TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON risk_settings TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE risk_settings`);
    await db.query(`DROP TABLE risk_flag_evidence`);
  }
}
