import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * The mineral purchase ledger: an append-only, per-cooperative hash chain of purchases and
 * their reversals, the one mutable head row per cooperative that serialises appends, and the
 * dated fee schedule. site_id carries no foreign key on purpose: the sites table lands in a
 * separate migration and the ledger must not depend on its order.
 */
export class PurchaseLedger1763900500000 implements MigrationInterface {
  name = 'PurchaseLedger1763900500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE fee_rules (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        rule_code text NOT NULL CHECK (rule_code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
        fund_code text NOT NULL CHECK (fund_code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
        kind text NOT NULL CHECK (kind IN ('percent', 'per_kg', 'fixed')),
        rate_bp integer CHECK (rate_bp BETWEEN 0 AND 10000),
        amount_minor bigint CHECK (amount_minor >= 0),
        currency char(3),
        valid_from date NOT NULL,
        valid_to date,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CHECK ((kind = 'percent' AND rate_bp IS NOT NULL AND amount_minor IS NULL AND currency IS NULL)
            OR (kind <> 'percent' AND rate_bp IS NULL AND amount_minor IS NOT NULL AND currency IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX fee_rules_period ON fee_rules (cooperative_id, valid_from, rule_code)`);

    await db.query(`
      CREATE TABLE ledger_heads (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        last_sequence integer NOT NULL CHECK (last_sequence >= 0),
        last_hash char(64) NOT NULL,
        PRIMARY KEY (cooperative_id)
      )`);

    await db.query(`
      CREATE TABLE purchase_ledger (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL,
        sequence integer NOT NULL CHECK (sequence >= 1),
        kind text NOT NULL CHECK (kind IN ('purchase', 'reversal')),
        reverses_id uuid,
        lot_number text,
        tag_id text CHECK (length(tag_id) BETWEEN 1 AND 80),
        seller_id uuid,
        site_id uuid,
        mineral text,
        gross_mg bigint,
        net_mg bigint,
        grade_bp integer,
        moisture_bp integer,
        unit_price_minor bigint,
        price_unit text CHECK (price_unit IN ('kg', 'g', 't', 'ct')),
        price_basis text CHECK (price_basis IN ('per_unit_net_mass', 'per_unit_contained_metal')),
        currency char(3),
        exchange_rate text,
        exchange_rate_base char(3),
        reporting_currency char(3),
        amount_minor bigint,
        amount_reporting_minor bigint,
        fees jsonb NOT NULL,
        net_paid_minor bigint,
        payment_method text CHECK (payment_method IN ('cash', 'mobile_money')),
        payment_reference text,
        captured_at timestamptz,
        recorded_at timestamptz NOT NULL,
        officer_id uuid NOT NULL,
        reason text,
        previous_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, sequence),
        FOREIGN KEY (cooperative_id, seller_id) REFERENCES miners (cooperative_id, id),
        FOREIGN KEY (cooperative_id, reverses_id) REFERENCES purchase_ledger (cooperative_id, id),
        CHECK ((kind = 'purchase' AND reverses_id IS NULL AND tag_id IS NOT NULL AND seller_id IS NOT NULL)
            OR (kind = 'reversal' AND reverses_id IS NOT NULL AND length(trim(reason)) > 0))
      )`);
    await db.query(`CREATE UNIQUE INDEX purchase_ledger_tag ON purchase_ledger (cooperative_id, tag_id) WHERE kind = 'purchase'`);
    await db.query(`CREATE UNIQUE INDEX purchase_ledger_reversed_once ON purchase_ledger (cooperative_id, reverses_id) WHERE reverses_id IS NOT NULL`);
    await db.query(`CREATE INDEX purchase_ledger_seller ON purchase_ledger (cooperative_id, seller_id, sequence)`);

    for (const table of ['fee_rules', 'purchase_ledger']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }

    await enableTenantRowSecurity(db, ['fee_rules', 'ledger_heads', 'purchase_ledger']);

    await db.query(`GRANT SELECT, INSERT ON fee_rules TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON purchase_ledger TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON ledger_heads TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['purchase_ledger', 'ledger_heads', 'fee_rules']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
