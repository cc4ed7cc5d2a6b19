import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Trainings (issue 4): sessions on a topic with a trainer, a date and a validity in months
 * (0: never expires), and who attended them. A member's certifications, which the gate
 * reads, are derived from the attendance, so both tables are append-only: a wrong record is
 * not silently edited away from under a gate decision that relied on it.
 */
export class TrainingCertifications1763902000000 implements MigrationInterface {
  name = 'TrainingCertifications1763902000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE training_sessions (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        topic text NOT NULL CHECK (topic IN ('safety_induction', 'site_induction', 'first_aid', 'ppe_use', 'cooperative_governance', 'literacy')),
        held_on date NOT NULL,
        trainer text NOT NULL CHECK (length(trim(trainer)) BETWEEN 1 AND 200),
        validity_months integer NOT NULL CHECK (validity_months BETWEEN 0 AND 120),
        site_id uuid,
        notes text CHECK (length(notes) <= 2000),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, site_id) REFERENCES sites (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX training_sessions_held ON training_sessions (cooperative_id, held_on, id)`);

    await db.query(`
      CREATE TABLE training_attendance (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        session_id uuid NOT NULL,
        miner_id uuid NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, session_id, miner_id),
        FOREIGN KEY (cooperative_id, session_id) REFERENCES training_sessions (cooperative_id, id),
        FOREIGN KEY (cooperative_id, miner_id) REFERENCES miners (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX training_attendance_miner ON training_attendance (cooperative_id, miner_id)`);

    for (const table of ['training_sessions', 'training_attendance']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }
    await enableTenantRowSecurity(db, ['training_sessions', 'training_attendance']);
    await db.query(`GRANT SELECT, INSERT ON training_sessions TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON training_attendance TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE training_attendance`);
    await db.query(`DROP TABLE training_sessions`);
  }
}
