import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Spending from the cooperative's benefit-sharing funds. A fund is named by the code its fee
 * rules credit (fee_rules.fund_code); credits are the fee lines of the purchase ledger, so
 * only what leaves a fund needs a table. Append-only like the ledger: a spending is never
 * edited or deleted. The approver is another user than the recorder (checked here too).
 */
export class FundSpending1763902300000 implements MigrationInterface {
  name = 'FundSpending1763902300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE fund_spending (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL,
        fund_code text NOT NULL CHECK (fund_code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
        purpose text NOT NULL CHECK (length(trim(purpose)) BETWEEN 1 AND 500),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL,
        spent_on date NOT NULL,
        approved_by uuid NOT NULL REFERENCES users (id),
        recorded_by uuid NOT NULL REFERENCES users (id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        CHECK (approved_by <> recorded_by)
      )`);
    await db.query(`CREATE INDEX fund_spending_fund ON fund_spending (cooperative_id, fund_code, currency, spent_on)`);
    await db.query(`
      CREATE TRIGGER fund_spending_append_only BEFORE UPDATE OR DELETE ON fund_spending
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    await enableTenantRowSecurity(db, ['fund_spending']);
    await db.query(`GRANT SELECT, INSERT ON fund_spending TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE fund_spending`);
  }
}
