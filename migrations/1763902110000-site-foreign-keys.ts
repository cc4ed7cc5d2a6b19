import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seeAllCooperatives } from './support/all-cooperatives.js';

/**
 * The site columns written before the sites table existed get their foreign keys, each
 * through (cooperative_id, site_id) so that a row can never name another cooperative's site.
 *
 * - Added NOT VALID (new rows are checked at once, no long lock on the existing ones), then
 *   validated. Until now the API accepted any uuid there, so a database may hold rows naming
 *   no site: append-only rows (purchase_ledger) cannot be corrected, and clearing a site id
 *   on the others would lose what was reported. Such a constraint is then left NOT VALID,
 *   with a warning counting the rows, for a later migration to validate once they are
 *   reconciled; VALIDATE only reads, so adding it to the append-only ledger changes no row.
 * - No ON DELETE: sites are closed, never deleted.
 */
const SITE_REFERENCES: readonly { table: string; column: string }[] = [
  { table: 'risk_flags', column: 'site_id' },
  { table: 'child_labour_cases', column: 'site_id' },
  { table: 'miners', column: 'home_site_id' },
  { table: 'miner_registration_attempts', column: 'home_site_id' },
  { table: 'purchase_ledger', column: 'site_id' },
];

const constraintOf = (reference: { table: string; column: string }): string => `${reference.table}_${reference.column}_fkey`;

export class SiteForeignKeys1763902110000 implements MigrationInterface {
  name = 'SiteForeignKeys1763902110000';

  async up(db: QueryRunner): Promise<void> {
    const restoreScope = await seeAllCooperatives(db);
    for (const reference of SITE_REFERENCES) {
      const { table, column } = reference;
      await db.query(`
        ALTER TABLE ${table} ADD CONSTRAINT ${constraintOf(reference)}
          FOREIGN KEY (cooperative_id, ${column}) REFERENCES sites (cooperative_id, id) NOT VALID`);
      const [orphans] = (await db.query(
        `SELECT count(*)::int AS count FROM ${table} t
          WHERE t.${column} IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.cooperative_id = t.cooperative_id AND s.id = t.${column})`,
      )) as { count: number }[];
      if (orphans.count === 0) {
        await db.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraintOf(reference)}`);
      } else {
        await db.query(`DO $$ BEGIN RAISE WARNING '%', ${escapeLiteral(`${table}.${column}: ${orphans.count} row(s) name no site; ${constraintOf(reference)} left NOT VALID`)}; END $$`);
      }
    }
    await restoreScope();
  }

  async down(db: QueryRunner): Promise<void> {
    for (const reference of [...SITE_REFERENCES].reverse()) {
      await db.query(`ALTER TABLE ${reference.table} DROP CONSTRAINT ${constraintOf(reference)}`);
    }
  }
}

function escapeLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
