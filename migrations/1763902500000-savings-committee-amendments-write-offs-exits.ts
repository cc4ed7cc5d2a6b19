import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Savings groups, second part: the elected management committee with the key-holders and the
 * box-keeper (a new election is a new term, history kept), cycle-rule amendments voted by the
 * group, loan write-offs decided by the group, and members leaving mid-cycle. All four are
 * append-only: what the group decided is never edited.
 */
export class SavingsCommitteeAmendmentsWriteOffsExits1763902500000 implements MigrationInterface {
  name = 'SavingsCommitteeAmendmentsWriteOffsExits1763902500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE savings_committee_terms (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL,
        elected_on date NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, group_id) REFERENCES savings_groups (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX savings_committee_terms_group ON savings_committee_terms (cooperative_id, group_id, elected_on)`);

    // One row per seat. A member holds one seat at most, except that the box-keeper may also
    // sit on the committee; key-holders are never committee members (and the rule says why).
    await db.query(`
      CREATE TABLE savings_committee_posts (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        term_id uuid NOT NULL,
        post text NOT NULL CHECK (post IN ('president', 'secretary', 'treasurer', 'counter', 'key_holder', 'box_keeper')),
        seat smallint NOT NULL,
        member_id uuid NOT NULL,
        PRIMARY KEY (cooperative_id, term_id, post, seat),
        FOREIGN KEY (cooperative_id, term_id) REFERENCES savings_committee_terms (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES savings_group_members (cooperative_id, id),
        CHECK (seat >= 1 AND seat <= CASE post WHEN 'counter' THEN 2 WHEN 'key_holder' THEN 3 ELSE 1 END)
      )`);
    await db.query(`
      CREATE UNIQUE INDEX savings_committee_posts_one_seat ON savings_committee_posts (cooperative_id, term_id, member_id)
        WHERE post <> 'box_keeper'`);

    await db.query(`
      CREATE TABLE savings_rule_amendments (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL,
        meeting_id uuid NOT NULL,
        voted_on date NOT NULL,
        votes_for integer NOT NULL CHECK (votes_for >= 0),
        votes_against integer NOT NULL CHECK (votes_against >= 0),
        votes_abstaining integer NOT NULL DEFAULT 0 CHECK (votes_abstaining >= 0),
        changes jsonb NOT NULL,
        rules_after jsonb NOT NULL,
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id),
        FOREIGN KEY (cooperative_id, meeting_id) REFERENCES savings_meetings (cooperative_id, id),
        CHECK (votes_for > votes_against)
      )`);
    await db.query(`CREATE INDEX savings_rule_amendments_cycle ON savings_rule_amendments (cooperative_id, cycle_id, voted_on)`);

    await db.query(`
      CREATE TABLE savings_loan_write_offs (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        loan_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        meeting_id uuid NOT NULL,
        written_off_on date NOT NULL,
        principal_minor bigint NOT NULL CHECK (principal_minor >= 0),
        service_charge_minor bigint NOT NULL CHECK (service_charge_minor >= 0),
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        decision_ref text,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, loan_id),
        FOREIGN KEY (cooperative_id, loan_id) REFERENCES savings_loans (cooperative_id, id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id),
        FOREIGN KEY (cooperative_id, meeting_id) REFERENCES savings_meetings (cooperative_id, id),
        CHECK (principal_minor + service_charge_minor > 0)
      )`);
    await db.query(`CREATE INDEX savings_loan_write_offs_cycle ON savings_loan_write_offs (cooperative_id, cycle_id)`);

    await db.query(`
      CREATE TABLE savings_member_exits (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        cycle_id uuid NOT NULL,
        member_id uuid NOT NULL,
        exited_on date NOT NULL,
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        result jsonb NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, cycle_id, member_id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES savings_group_members (cooperative_id, id)
      )`);

    for (const table of TABLES) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }
    await enableTenantRowSecurity(db, TABLES);
    await db.query(`GRANT SELECT, INSERT ON ${TABLES.join(', ')} TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await db.query(`DROP TABLE ${table}`);
  }
}

const TABLES = [
  'savings_committee_terms',
  'savings_committee_posts',
  'savings_rule_amendments',
  'savings_loan_write_offs',
  'savings_member_exits',
];
