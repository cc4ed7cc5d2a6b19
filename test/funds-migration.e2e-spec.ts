import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrateAndPrepare, revertLastMigration } from '../src/database/migrate.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';

const MIGRATION = 'H7FundSpendingApproval1763903700000';

/**
 * Spending recorded before approvals were a separate action named its approver in
 * approved_by and counted at once: after the migration it is an approved spending by that
 * approver, so no balance or statement moves.
 */
describe('fund spending approval migration', () => {
  it('turns each earlier spending with an approver into an approved decision by that approver', async () => {
    const database = await createTestDatabase();
    const url = database.target.ownerUrl;
    try {
      for (let reverted = await revertLastMigration(url); reverted !== MIGRATION; reverted = await revertLastMigration(url)) {
        if (reverted === undefined) throw new Error(`${MIGRATION} was never applied`);
      }
      const coop = randomUUID();
      const [recorder, approver] = [randomUUID(), randomUUID()];
      const spending = randomUUID();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.cooperative_ids', $1, true), set_config('app.operator', 'on', true)`, [coop]);
        await client.query(
          `INSERT INTO cooperatives (id, name, legal_form, registration_number, country, province, default_currency, timezone, language)
           VALUES ($1, 'Ancienne', 'SCOOPS', $2, 'CD', 'Lualaba', 'USD', 'Africa/Lubumbashi', 'fr')`,
          [coop, `RCCM-${coop.slice(0, 8)}`],
        );
        for (const [id, name] of [[recorder, 'Agent'], [approver, 'Présidente']]) {
          await client.query(`INSERT INTO users (id, login, login_kind, password_hash, name) VALUES ($1, $2, 'email', 'x', $3)`, [id, `${id}@test.ushirika.org`, name]);
        }
        await client.query(
          `INSERT INTO fund_spending (cooperative_id, id, fund_code, purpose, amount_minor, currency, spent_on, approved_by, recorded_by)
           VALUES ($1, $2, 'COMMUNITY', 'Pompe', 500, 'USD', '2026-01-10', $3, $4)`,
          [coop, spending, approver, recorder],
        );
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
      await migrateAndPrepare(url, database.target.appUser, database.target.appPassword);
      const decisions = await adminQuery<{ decision: string; decided_by: string }>(
        url,
        `SELECT decision, decided_by FROM fund_spending_decisions WHERE spending_id = $1 AND cooperative_id = $2`,
        [spending, coop],
      );
      expect(decisions).toEqual([{ decision: 'approved', decided_by: approver }]);
    } finally {
      await database.drop();
    }
  });
});
