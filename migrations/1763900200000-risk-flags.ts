import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Risk flags (raised by hand or by the automatic rules of src/risk/rules/auto-rules.ts),
 * their append-only history of transitions, corrective actions, case-management partners,
 * child-labour cases and their append-only follow-up visits.
 *
 * - site_id has no foreign key yet: the sites table lands with the sites module.
 * - (cooperative_id, dedupe_key) is unique, so one event never raises the same flag twice;
 *   manual flags have no dedupe key.
 * - An anonymous flag keeps no reporter: the check forbids one.
 */
const TENANT_TABLES = [
  'risk_flags',
  'risk_flag_transitions',
  'corrective_actions',
  'case_partners',
  'child_labour_cases',
  'child_labour_case_visits',
];

export class RiskFlags1763900200000 implements MigrationInterface {
  name = 'RiskFlags1763900200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE risk_flags (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        category text NOT NULL CHECK (category IN (
          'worst_forms_child_labour', 'forced_labour', 'torture_cruel_treatment', 'human_rights_abuse_sexual_violence',
          'armed_group_support', 'security_forces', 'bribery_fraud_origin', 'money_laundering', 'non_payment_taxes',
          'accident', 'injury', 'fatality', 'pregnant_woman_on_site', 'missing_ppe', 'mercury_explosives',
          'environmental_damage', 'weight_grade_discrepancy', 'illegal_taxation', 'armed_presence', 'other')),
        severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        state text NOT NULL DEFAULT 'open'
          CHECK (state IN ('open', 'acknowledged', 'in_remediation', 'resolved', 'closed', 'dismissed')),
        site_id uuid,
        people jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(people) = 'array'),
        description text CHECK (length(description) BETWEEN 1 AND 4000),
        description_key text,
        description_params jsonb,
        source text NOT NULL CHECK (source IN ('manual', 'minor_at_gate', 'minor_registration_attempt',
          'pregnancy_at_forbidden_zone', 'unknown_apparent_minor_at_gate', 'buyer_discrepancy')),
        source_type text CHECK (source_type IN ('gate_attempt', 'registration_attempt', 'sale_reconciliation', 'sale')),
        source_id text CHECK (length(source_id) BETWEEN 1 AND 200),
        dedupe_key text,
        anonymous boolean NOT NULL DEFAULT false,
        reporter_user_id uuid REFERENCES users (id),
        occurred_at timestamptz NOT NULL,
        raised_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        state_changed_at timestamptz NOT NULL DEFAULT now(),
        dismissal_reason text,
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, dedupe_key),
        CHECK (description IS NOT NULL OR description_key IS NOT NULL),
        CHECK ((source = 'manual') = (dedupe_key IS NULL)),
        CHECK ((source_type IS NULL) = (source_id IS NULL)),
        CHECK (NOT anonymous OR reporter_user_id IS NULL)
      )`);
    await db.query(`CREATE INDEX risk_flags_state ON risk_flags (cooperative_id, state, raised_at DESC)`);
    await db.query(`CREATE INDEX risk_flags_site ON risk_flags (cooperative_id, site_id)`);

    await db.query(`
      CREATE TABLE risk_flag_transitions (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        flag_id uuid NOT NULL,
        from_state text NOT NULL,
        to_state text NOT NULL,
        reason text CHECK (length(reason) BETWEEN 1 AND 2000),
        actor_user_id uuid NOT NULL REFERENCES users (id),
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, flag_id) REFERENCES risk_flags (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX risk_flag_transitions_flag ON risk_flag_transitions (cooperative_id, flag_id, at)`);

    await db.query(`
      CREATE TABLE corrective_actions (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        flag_id uuid NOT NULL,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        owner_user_id uuid NOT NULL REFERENCES users (id),
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
        note text CHECK (length(note) BETWEEN 1 AND 2000),
        created_by_user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_by_user_id uuid REFERENCES users (id),
        completed_at timestamptz,
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, flag_id) REFERENCES risk_flags (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX corrective_actions_flag ON corrective_actions (cooperative_id, flag_id)`);
    await db.query(`CREATE INDEX corrective_actions_open ON corrective_actions (cooperative_id, due_on) WHERE status = 'open'`);

    await db.query(`
      CREATE TABLE case_partners (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('ngo', 'school', 'childrens_home', 'government', 'other')),
        contact text CHECK (length(contact) BETWEEN 1 AND 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id)
      )`);

    await db.query(`
      CREATE TABLE child_labour_cases (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        flag_id uuid NOT NULL,
        site_id uuid,
        state text NOT NULL DEFAULT 'identified'
          CHECK (state IN ('identified', 'referred', 'plan_in_progress', 'follow_up', 'closed')),
        outcome text CHECK (outcome IN ('returned_to_school', 'vocational_training', 'family_reunited', 'moved_away', 'lost_contact', 'other')),
        outcome_reason text,
        identified_on date NOT NULL,
        closed_on date,
        case_officer_user_ids uuid[] NOT NULL DEFAULT '{}',
        child_name text NOT NULL CHECK (length(child_name) BETWEEN 1 AND 200),
        child_sex text NOT NULL CHECK (child_sex IN ('female', 'male')),
        child_birth_date date,
        child_age_years integer CHECK (child_age_years BETWEEN 0 AND 17),
        child_school text,
        child_village text,
        guardian jsonb,
        partner_id uuid,
        referred_on date,
        plan_items jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(plan_items) = 'array'),
        created_by_user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, flag_id) REFERENCES risk_flags (cooperative_id, id),
        FOREIGN KEY (cooperative_id, partner_id) REFERENCES case_partners (cooperative_id, id),
        CHECK ((partner_id IS NULL) = (referred_on IS NULL)),
        CHECK ((state = 'closed') = (outcome IS NOT NULL AND closed_on IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX child_labour_cases_flag ON child_labour_cases (cooperative_id, flag_id)`);
    await db.query(`CREATE INDEX child_labour_cases_state ON child_labour_cases (cooperative_id, state)`);

    await db.query(`
      CREATE TABLE child_labour_case_visits (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        visited_on date NOT NULL,
        visited_by_user_id uuid NOT NULL REFERENCES users (id),
        notes text NOT NULL CHECK (length(notes) BETWEEN 1 AND 4000),
        child_attending_school boolean,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, case_id) REFERENCES child_labour_cases (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX child_labour_case_visits_case ON child_labour_case_visits (cooperative_id, case_id, visited_on)`);

    for (const table of ['risk_flag_transitions', 'child_labour_case_visits']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }

    await enableTenantRowSecurity(db, TENANT_TABLES);

    await db.query(`GRANT SELECT, INSERT, UPDATE ON risk_flags TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON risk_flag_transitions TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON corrective_actions TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON case_partners TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON child_labour_cases TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON child_labour_case_visits TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES].reverse()) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
