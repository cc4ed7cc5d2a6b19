import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A community monitor's report names the organisation they report for: the column existed
 * before the organisations did (both landed together), now it points at them.
 */
export class IncidentReportOrganisations1764002000000 implements MigrationInterface {
  name = 'IncidentReportOrganisations1764002000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incident_reports ADD CONSTRAINT incident_reports_observer_organisation_fkey
      FOREIGN KEY (observer_organisation_id) REFERENCES organisations (id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incident_reports DROP CONSTRAINT incident_reports_observer_organisation_fkey`);
  }
}
