import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Cached balances of the savings books, so that a write reads a few rows instead of folding
 * the cycle's whole ledger: the cash of each fund of a cycle (with how many movements and the
 * last day one occurred), the shares each member holds, and per loan whether its disbursement
 * stands and what stands repaid. The movements stay the record: one trigger on
 * savings_movements, statement-level, updates the cache in the inserting transaction (a
 * reversal takes back what the row it reverses did), and `savings:verify-balances` recomputes
 * the cache from the movements with the same fold the reads use.
 *
 * The API role only reads the cache; the trigger's function writes it as the owner (row-level
 * security still binds it to the transaction's cooperative). Existing cycles are backfilled from
 * their movements: a movement stands unless a reversal names it, as the fold says.
 */
export class H4SavingsCachedBalances1764000400000 implements MigrationInterface {
  name = 'H4SavingsCachedBalances1764000400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE savings_fund_balances (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        cycle_id uuid NOT NULL,
        fund text NOT NULL CHECK (fund IN ('loan_fund', 'social_fund')),
        balance_minor bigint NOT NULL,
        movements bigint NOT NULL,
        last_movement_on date NOT NULL,
        PRIMARY KEY (cooperative_id, cycle_id, fund),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id)
      )`);
    await db.query(`
      CREATE TABLE savings_member_balances (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        cycle_id uuid NOT NULL,
        member_id uuid NOT NULL,
        shares integer NOT NULL,
        PRIMARY KEY (cooperative_id, cycle_id, member_id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES savings_group_members (cooperative_id, id)
      )`);
    await db.query(`
      CREATE TABLE savings_loan_balances (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        loan_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        disbursements integer NOT NULL,
        repaid_minor bigint NOT NULL,
        repayments integer NOT NULL,
        PRIMARY KEY (cooperative_id, loan_id),
        FOREIGN KEY (cooperative_id, loan_id) REFERENCES savings_loans (cooperative_id, id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id)
      )`);
    // A loan's repayments, and the settlements outside meetings from a day on (a meeting's closing balances).
    await db.query(`CREATE INDEX savings_movements_loan ON savings_movements (cooperative_id, loan_id) WHERE loan_id IS NOT NULL`);
    await db.query(`CREATE INDEX savings_movements_settlements ON savings_movements (cooperative_id, cycle_id, occurred_on) WHERE meeting_id IS NULL`);

    // The owner is bound by the forced row security of the movements: lifted for the backfill
    // only, inside this migration's transaction.
    await db.query(`ALTER TABLE savings_movements NO FORCE ROW LEVEL SECURITY`);
    await db.query(`
      INSERT INTO savings_fund_balances (cooperative_id, cycle_id, fund, balance_minor, movements, last_movement_on)
      SELECT cooperative_id, cycle_id, fund, sum(amount_minor), count(*), max(occurred_on) FROM savings_movements GROUP BY cooperative_id, cycle_id, fund`);
    await db.query(`
      WITH standing AS (
        SELECT m.* FROM savings_movements m
         WHERE m.kind <> 'reversal'
           AND NOT EXISTS (SELECT 1 FROM savings_movements r WHERE r.cooperative_id = m.cooperative_id AND r.reverses_movement_id = m.id)
      ), shares AS (
        INSERT INTO savings_member_balances (cooperative_id, cycle_id, member_id, shares)
        SELECT cooperative_id, cycle_id, member_id, sum(shares) FROM standing
         WHERE kind = 'share_purchase' AND member_id IS NOT NULL GROUP BY cooperative_id, cycle_id, member_id
      )
      INSERT INTO savings_loan_balances (cooperative_id, loan_id, cycle_id, disbursements, repaid_minor, repayments)
      SELECT cooperative_id, loan_id, cycle_id, count(*) FILTER (WHERE kind = 'loan_disbursement'),
             coalesce(sum(amount_minor) FILTER (WHERE kind = 'loan_repayment'), 0), count(*) FILTER (WHERE kind = 'loan_repayment')
        FROM standing WHERE kind IN ('loan_disbursement', 'loan_repayment') AND loan_id IS NOT NULL GROUP BY cooperative_id, loan_id, cycle_id`);
    await db.query(`ALTER TABLE savings_movements FORCE ROW LEVEL SECURITY`);

    // Every statement that appends movements updates the cache once, grouped by key. A row
    // stands for its own kind; a reversal takes back the shares, the disbursement or the
    // repayment of the row it reverses (a reversal of a reversal takes back nothing, as the
    // fold counts only rows that are not reversals). Cash is the plain sum of every row.
    await db.query(`
      CREATE FUNCTION savings_movements_keep_balances() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO savings_fund_balances AS b (cooperative_id, cycle_id, fund, balance_minor, movements, last_movement_on)
        SELECT cooperative_id, cycle_id, fund, sum(amount_minor), count(*), max(occurred_on) FROM added GROUP BY cooperative_id, cycle_id, fund
        ON CONFLICT (cooperative_id, cycle_id, fund) DO UPDATE
          SET balance_minor = b.balance_minor + EXCLUDED.balance_minor, movements = b.movements + EXCLUDED.movements,
              last_movement_on = GREATEST(b.last_movement_on, EXCLUDED.last_movement_on);
        WITH effect AS (
          SELECT a.cooperative_id, a.cycle_id,
                 CASE WHEN a.kind = 'reversal' THEN -1 ELSE 1 END AS sign,
                 CASE WHEN a.kind = 'reversal' THEN o.kind ELSE a.kind END AS kind,
                 CASE WHEN a.kind = 'reversal' THEN o.member_id ELSE a.member_id END AS member_id,
                 CASE WHEN a.kind = 'reversal' THEN o.loan_id ELSE a.loan_id END AS loan_id,
                 CASE WHEN a.kind = 'reversal' THEN o.shares ELSE a.shares END AS shares,
                 CASE WHEN a.kind = 'reversal' THEN o.amount_minor ELSE a.amount_minor END AS amount_minor
            FROM added a
            LEFT JOIN LATERAL (SELECT o.kind, o.member_id, o.loan_id, o.shares, o.amount_minor FROM savings_movements o
                                WHERE a.kind = 'reversal' AND o.cooperative_id = a.cooperative_id AND o.id = a.reverses_movement_id) o ON true
        ), shares AS (
          INSERT INTO savings_member_balances AS b (cooperative_id, cycle_id, member_id, shares)
          SELECT cooperative_id, cycle_id, member_id, sum(sign * shares) FROM effect
           WHERE kind = 'share_purchase' AND member_id IS NOT NULL GROUP BY cooperative_id, cycle_id, member_id
          ON CONFLICT (cooperative_id, cycle_id, member_id) DO UPDATE SET shares = b.shares + EXCLUDED.shares
        )
        INSERT INTO savings_loan_balances AS b (cooperative_id, loan_id, cycle_id, disbursements, repaid_minor, repayments)
        SELECT cooperative_id, loan_id, cycle_id, coalesce(sum(sign) FILTER (WHERE kind = 'loan_disbursement'), 0),
               coalesce(sum(sign * amount_minor) FILTER (WHERE kind = 'loan_repayment'), 0), coalesce(sum(sign) FILTER (WHERE kind = 'loan_repayment'), 0)
          FROM effect WHERE kind IN ('loan_disbursement', 'loan_repayment') AND loan_id IS NOT NULL GROUP BY cooperative_id, loan_id, cycle_id
        ON CONFLICT (cooperative_id, loan_id) DO UPDATE
          SET disbursements = b.disbursements + EXCLUDED.disbursements, repaid_minor = b.repaid_minor + EXCLUDED.repaid_minor,
              repayments = b.repayments + EXCLUDED.repayments;
        RETURN NULL;
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION savings_movements_keep_balances() FROM PUBLIC`);
    await db.query(`
      CREATE TRIGGER savings_movements_balances AFTER INSERT ON savings_movements
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION savings_movements_keep_balances()`);

    await enableTenantRowSecurity(db, TABLES);
    await db.query(`GRANT SELECT ON ${TABLES.join(', ')} TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER savings_movements_balances ON savings_movements`);
    await db.query(`DROP FUNCTION savings_movements_keep_balances()`);
    await db.query(`DROP INDEX savings_movements_settlements`);
    await db.query(`DROP INDEX savings_movements_loan`);
    for (const table of [...TABLES].reverse()) await db.query(`DROP TABLE ${table}`);
  }
}

const TABLES = ['savings_fund_balances', 'savings_member_balances', 'savings_loan_balances'];
