import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Sales of purchase lots to buyers, the buyers' own measurements of what they received, and
 * the per-cooperative tolerance beyond which a difference is a discrepancy.
 *
 * - sale_lots is keyed by (cooperative_id, purchase_id): a lot belongs to at most one sale,
 *   and two sales racing for one lot cannot both commit.
 * - sales, sale_lots and sale_buyer_measurements are append-only. A measurement is corrected
 *   by a new row that names the one it corrects; each is corrected at most once and a sale
 *   has one first measurement, so a sale's measurements form one line of history.
 * - The measurement row keeps the figures it was judged on (our totals, the tolerance in
 *   force, the differences) so that a later change of settings never rewrites the past.
 * - sale_reconciliation_settings has at most one row per cooperative; no row means the
 *   defaults (2 % of mass, 0.5 grade points).
 */
const TENANT_TABLES = ['buyers', 'sales', 'sale_lots', 'sale_buyer_measurements', 'sale_reconciliation_settings'];

export class Sales1763902200000 implements MigrationInterface {
  name = 'Sales1763902200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE buyers (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
        licence_number text NOT NULL CHECK (length(trim(licence_number)) BETWEEN 1 AND 100),
        type text NOT NULL CHECK (type IN ('comptoir', 'processor', 'egc', 'other')),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, licence_number)
      )`);

    await db.query(`
      CREATE TABLE sales (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL,
        buyer_id uuid NOT NULL,
        sold_on date NOT NULL,
        mineral text NOT NULL,
        lot_count integer NOT NULL CHECK (lot_count >= 1),
        net_mg bigint NOT NULL CHECK (net_mg > 0),
        grade_bp integer CHECK (grade_bp BETWEEN 0 AND 10000),
        unit_price_minor bigint CHECK (unit_price_minor > 0),
        price_unit text CHECK (price_unit IN ('kg', 'g', 't', 'ct')),
        price_basis text CHECK (price_basis IN ('per_unit_net_mass', 'per_unit_contained_metal')),
        currency char(3) NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        exchange_rate text,
        exchange_rate_base char(3),
        reporting_currency char(3) NOT NULL,
        amount_reporting_minor bigint NOT NULL CHECK (amount_reporting_minor >= 0),
        reference text CHECK (length(reference) BETWEEN 1 AND 100),
        recorded_by uuid NOT NULL REFERENCES users (id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, buyer_id) REFERENCES buyers (cooperative_id, id),
        CHECK ((unit_price_minor IS NULL) = (price_unit IS NULL) AND (unit_price_minor IS NULL) = (price_basis IS NULL)),
        CHECK ((exchange_rate IS NULL) = (exchange_rate_base IS NULL))
      )`);
    await db.query(`CREATE INDEX sales_sold_on ON sales (cooperative_id, sold_on, recorded_at)`);
    await db.query(`CREATE INDEX sales_buyer ON sales (cooperative_id, buyer_id, sold_on)`);

    await db.query(`
      CREATE TABLE sale_lots (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        purchase_id uuid NOT NULL,
        sale_id uuid NOT NULL,
        PRIMARY KEY (cooperative_id, purchase_id),
        FOREIGN KEY (cooperative_id, sale_id) REFERENCES sales (cooperative_id, id),
        FOREIGN KEY (cooperative_id, purchase_id) REFERENCES purchase_ledger (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX sale_lots_sale ON sale_lots (cooperative_id, sale_id)`);

    await db.query(`
      CREATE TABLE sale_buyer_measurements (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL,
        sale_id uuid NOT NULL,
        corrects_id uuid,
        reason text CHECK (length(trim(reason)) BETWEEN 1 AND 1000),
        measured_on date NOT NULL,
        net_mg bigint NOT NULL CHECK (net_mg > 0),
        grade_bp integer CHECK (grade_bp BETWEEN 0 AND 10000),
        moisture_bp integer CHECK (moisture_bp BETWEEN 0 AND 10000),
        reference text CHECK (length(reference) BETWEEN 1 AND 100),
        our_net_mg bigint NOT NULL CHECK (our_net_mg > 0),
        our_grade_bp integer CHECK (our_grade_bp BETWEEN 0 AND 10000),
        mass_diff_mg bigint NOT NULL,
        mass_diff_bp bigint NOT NULL,
        grade_diff_bp integer,
        mass_tolerance_bp integer NOT NULL CHECK (mass_tolerance_bp BETWEEN 0 AND 10000),
        grade_tolerance_bp integer NOT NULL CHECK (grade_tolerance_bp BETWEEN 0 AND 10000),
        exceeds boolean NOT NULL,
        reasons jsonb NOT NULL CHECK (jsonb_typeof(reasons) = 'array'),
        risk_flag_id uuid,
        recorded_by uuid NOT NULL REFERENCES users (id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, sale_id) REFERENCES sales (cooperative_id, id),
        FOREIGN KEY (cooperative_id, corrects_id) REFERENCES sale_buyer_measurements (cooperative_id, id),
        FOREIGN KEY (cooperative_id, risk_flag_id) REFERENCES risk_flags (cooperative_id, id),
        UNIQUE (cooperative_id, corrects_id),
        CHECK ((corrects_id IS NULL) = (reason IS NULL)),
        CHECK (exceeds = (jsonb_array_length(reasons) > 0)),
        CHECK (NOT exceeds OR risk_flag_id IS NOT NULL)
      )`);
    await db.query(`CREATE UNIQUE INDEX sale_buyer_measurements_first ON sale_buyer_measurements (cooperative_id, sale_id) WHERE corrects_id IS NULL`);
    await db.query(`CREATE INDEX sale_buyer_measurements_sale ON sale_buyer_measurements (cooperative_id, sale_id, recorded_at)`);

    await db.query(`
      CREATE TABLE sale_reconciliation_settings (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        mass_tolerance_bp integer NOT NULL DEFAULT 200 CHECK (mass_tolerance_bp BETWEEN 0 AND 10000),
        grade_tolerance_bp integer NOT NULL DEFAULT 50 CHECK (grade_tolerance_bp BETWEEN 0 AND 10000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id)
      )`);

    for (const table of ['sales', 'sale_lots', 'sale_buyer_measurements']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }

    await enableTenantRowSecurity(db, TENANT_TABLES);

    for (const table of ['buyers', 'sales', 'sale_lots', 'sale_buyer_measurements']) {
      await db.query(`GRANT SELECT, INSERT ON ${table} TO ushirika_api`);
    }
    await db.query(`GRANT SELECT, INSERT, UPDATE ON sale_reconciliation_settings TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES].reverse()) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
