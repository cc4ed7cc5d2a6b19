import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Artisanal miner's card fees the cooperative collects for the provincial division of mines
 * (DOMAIN.md, "Miners"), with the paper receipt's number, so that the regulator's report can
 * list fees collected by date, receipt and amount. Append-only, like every money record.
 */
export class MinerCardFees1763902010000 implements MigrationInterface {
  name = 'MinerCardFees1763902010000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE miner_card_fees (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        miner_id uuid NOT NULL,
        card_id uuid,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        paid_on date NOT NULL,
        receipt_number text NOT NULL CHECK (length(trim(receipt_number)) BETWEEN 1 AND 60),
        payment_method text NOT NULL CHECK (payment_method IN ('cash', 'mobile_money')),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, receipt_number),
        FOREIGN KEY (cooperative_id, miner_id) REFERENCES miners (cooperative_id, id),
        FOREIGN KEY (cooperative_id, card_id) REFERENCES miner_cards (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX miner_card_fees_paid ON miner_card_fees (cooperative_id, paid_on, id)`);
    await db.query(`CREATE INDEX miner_card_fees_miner ON miner_card_fees (cooperative_id, miner_id)`);
    await db.query(`
      CREATE TRIGGER miner_card_fees_append_only BEFORE UPDATE OR DELETE ON miner_card_fees
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    await enableTenantRowSecurity(db, ['miner_card_fees']);
    await db.query(`GRANT SELECT, INSERT ON miner_card_fees TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE miner_card_fees`);
  }
}
