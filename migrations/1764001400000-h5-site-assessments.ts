import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

const SOURCES_BEFORE = `'manual', 'minor_at_gate', 'minor_registration_attempt', 'pregnancy_at_forbidden_zone', 'unknown_apparent_minor_at_gate', 'buyer_discrepancy'`;
const SOURCE_TYPES_BEFORE = `'gate_attempt', 'registration_attempt', 'sale_reconciliation', 'sale'`;

/**
 * Site self-assessments against a standard of templates/standards/ (the standard's id and
 * version are stored, the standard itself stays a file), one answer per criterion, evidence
 * files per answer, and the link from a corrective action back to the criterion it answers.
 *
 * - Assessments, answers and evidence are append-only: a re-assessment is a new assessment.
 * - score_bp and level_reached are the pure rules' result, stored so that reports and the
 *   site's history read them without the standard files; per-section scores are recomputed.
 * - A failed "must" criterion opens a corrective action on one risk flag per assessment (new
 *   source 'standard_assessment', source type 'site_assessment'); the action names its
 *   assessment and criterion, at most one action per criterion of an assessment.
 */
export class H5SiteAssessments1764001400000 implements MigrationInterface {
  name = 'H5SiteAssessments1764001400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE site_assessments (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL,
        standard_id text NOT NULL CHECK (standard_id ~ '^[a-z][a-z0-9-]{0,39}$'),
        standard_version text NOT NULL CHECK (standard_version ~ '^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$'),
        assessed_on date NOT NULL,
        assessor_user_id uuid NOT NULL REFERENCES users (id),
        assessor_name text CHECK (length(assessor_name) BETWEEN 1 AND 200),
        summary text CHECK (length(summary) BETWEEN 1 AND 4000),
        score_bp integer CHECK (score_bp BETWEEN 0 AND 10000),
        level_reached text CHECK (length(level_reached) BETWEEN 1 AND 80),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, site_id) REFERENCES sites (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX site_assessments_history ON site_assessments (cooperative_id, site_id, standard_id, assessed_on DESC, created_at DESC)`);

    await db.query(`
      CREATE TABLE site_assessment_criteria (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        assessment_id uuid NOT NULL,
        criterion_id text NOT NULL CHECK (length(criterion_id) BETWEEN 1 AND 80),
        position integer NOT NULL CHECK (position >= 0),
        section_id text NOT NULL CHECK (length(section_id) BETWEEN 1 AND 80),
        must boolean NOT NULL,
        result text NOT NULL CHECK (result IN ('met', 'not_met', 'not_applicable')),
        note text CHECK (length(note) BETWEEN 1 AND 2000),
        PRIMARY KEY (cooperative_id, assessment_id, criterion_id),
        FOREIGN KEY (cooperative_id, assessment_id) REFERENCES site_assessments (cooperative_id, id),
        CHECK (result <> 'not_applicable' OR note IS NOT NULL)
      )`);

    await db.query(`
      CREATE TABLE site_assessment_evidence (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL,
        criterion_id text NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
        byte_size integer NOT NULL CHECK (byte_size BETWEEN 1 AND 2097152),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        original_name text CHECK (length(original_name) BETWEEN 1 AND 255),
        uploaded_by uuid NOT NULL REFERENCES users (id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, assessment_id, criterion_id) REFERENCES site_assessment_criteria (cooperative_id, assessment_id, criterion_id),
        CHECK (octet_length(content) = byte_size)
      )`);
    await db.query(`CREATE INDEX site_assessment_evidence_criterion ON site_assessment_evidence (cooperative_id, assessment_id, criterion_id, uploaded_at)`);

    for (const table of ['site_assessments', 'site_assessment_criteria', 'site_assessment_evidence']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }
    await enableTenantRowSecurity(db, ['site_assessments', 'site_assessment_criteria', 'site_assessment_evidence']);
    await db.query(`GRANT SELECT, INSERT ON site_assessments, site_assessment_criteria, site_assessment_evidence TO ushirika_api`);

    await db.query(`
      ALTER TABLE corrective_actions
        ADD COLUMN assessment_id uuid,
        ADD COLUMN criterion_id text,
        ADD CONSTRAINT corrective_actions_criterion_fk FOREIGN KEY (cooperative_id, assessment_id, criterion_id)
          REFERENCES site_assessment_criteria (cooperative_id, assessment_id, criterion_id),
        ADD CONSTRAINT corrective_actions_criterion_pair CHECK ((assessment_id IS NULL) = (criterion_id IS NULL))`);
    await db.query(`CREATE UNIQUE INDEX corrective_actions_one_per_criterion ON corrective_actions (cooperative_id, assessment_id, criterion_id) WHERE assessment_id IS NOT NULL`);

    await db.query(`ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_source_check, DROP CONSTRAINT risk_flags_source_type_check`);
    await db.query(`
      ALTER TABLE risk_flags
        ADD CONSTRAINT risk_flags_source_check CHECK (source IN (${SOURCES_BEFORE}, 'standard_assessment')),
        ADD CONSTRAINT risk_flags_source_type_check CHECK (source_type IN (${SOURCE_TYPES_BEFORE}, 'site_assessment'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM corrective_actions WHERE assessment_id IS NOT NULL`);
    await db.query(`ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_source_check, DROP CONSTRAINT risk_flags_source_type_check`);
    await db.query(`
      ALTER TABLE risk_flags
        ADD CONSTRAINT risk_flags_source_check CHECK (source IN (${SOURCES_BEFORE})),
        ADD CONSTRAINT risk_flags_source_type_check CHECK (source_type IN (${SOURCE_TYPES_BEFORE}))`);
    await db.query(`DROP INDEX corrective_actions_one_per_criterion`);
    await db.query(`ALTER TABLE corrective_actions DROP COLUMN criterion_id, DROP COLUMN assessment_id`);
    await db.query(`DROP TABLE site_assessment_evidence`);
    await db.query(`DROP TABLE site_assessment_criteria`);
    await db.query(`DROP TABLE site_assessments`);
  }
}
