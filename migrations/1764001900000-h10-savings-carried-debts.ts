import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seeAllCooperatives } from './support/all-cooperatives.js';

/**
 * Debts carried past a settlement (a share-out, or a member's exit) are brought into the
 * group's next cycle as opening debts of their members, so the group never forgets what a
 * member still owes it. A carried debt becomes a loan-like row of the next cycle
 * (`savings_loans.carried_debt_id`, at most one per carried debt: never brought in twice),
 * with no meeting, no service charge and no term: it was due when it was carried
 * (`disbursed_on` is that day, `term_months` 0), so it counts as overdue from then on. Its
 * opening entry is a movement of kind `carried_debt` of zero cash: the receivable enters the
 * books, the loan fund's cash does not change. It is repaid by ordinary repayments, netted at
 * the next share-out, and carried again if still unpaid.
 *
 * The cached balances count a `carried_debt` entry as the loan's standing disbursement (the
 * trigger's function is replaced, the rest of it unchanged). Debts already carried out of a
 * closed cycle whose group has an open cycle are brought into that open cycle here, dated on
 * its start; those of a group with no open cycle wait for its next cycle to start.
 */
export class H10SavingsCarriedDebts1764001900000 implements MigrationInterface {
  name = 'H10SavingsCarriedDebts1764001900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE savings_carried_debts ADD CONSTRAINT savings_carried_debts_cycle_key UNIQUE (cooperative_id, id, cycle_id)`);
    await db.query(`
      ALTER TABLE savings_loans
        ADD COLUMN carried_debt_id uuid,
        ADD COLUMN carried_from_cycle_id uuid,
        ALTER COLUMN meeting_id DROP NOT NULL,
        DROP CONSTRAINT savings_loans_term_months_check,
        ADD CONSTRAINT savings_loans_carried_debt_fkey FOREIGN KEY (cooperative_id, carried_debt_id, carried_from_cycle_id)
          REFERENCES savings_carried_debts (cooperative_id, id, cycle_id),
        ADD CONSTRAINT savings_loans_carried_debt_once UNIQUE (cooperative_id, carried_debt_id),
        ADD CONSTRAINT savings_loans_carried_debt_shape CHECK (
          (carried_debt_id IS NULL AND carried_from_cycle_id IS NULL AND meeting_id IS NOT NULL AND term_months > 0)
          OR (carried_debt_id IS NOT NULL AND carried_from_cycle_id IS NOT NULL AND carried_from_cycle_id <> cycle_id AND meeting_id IS NULL
              AND term_months = 0 AND service_charge_rate_bp = 0))`);
    await db.query(`ALTER TABLE savings_movements DROP CONSTRAINT savings_movements_kind_check`);
    await db.query(`
      ALTER TABLE savings_movements
        ADD CONSTRAINT savings_movements_kind_check CHECK (kind IN ('share_purchase', 'social_fund_contribution', 'loan_disbursement', 'loan_repayment',
          'fine', 'social_fund_grant', 'share_out_payout', 'social_fund_payout', 'reversal', 'carried_debt')),
        ADD CONSTRAINT savings_movements_carried_debt_shape CHECK (
          kind <> 'carried_debt' OR (fund = 'loan_fund' AND amount_minor = 0 AND shares = 0 AND loan_id IS NOT NULL AND member_id IS NOT NULL AND meeting_id IS NULL))`);
    await replaceKeepBalances(db, `kind IN ('loan_disbursement', 'carried_debt')`);

    const done = await seeAllCooperatives(db);
    await db.query(`
      WITH pending AS (
        SELECT d.cooperative_id, d.id AS carried_debt_id, d.cycle_id AS from_cycle_id, d.member_id, d.amount_minor, d.recorded_by,
               coalesce(x.exited_on, s.share_out_on, c.closed_on) AS carried_on, target.id AS cycle_id, target.starts_on
          FROM savings_carried_debts d
          JOIN savings_cycles c ON c.cooperative_id = d.cooperative_id AND c.id = d.cycle_id AND c.status = 'closed'
          JOIN savings_cycles target ON target.cooperative_id = c.cooperative_id AND target.group_id = c.group_id AND target.status = 'open'
          LEFT JOIN savings_member_exits x ON x.cooperative_id = d.cooperative_id AND x.cycle_id = d.cycle_id AND x.member_id = d.member_id
          LEFT JOIN savings_share_outs s ON s.cooperative_id = d.cooperative_id AND s.cycle_id = d.cycle_id
         WHERE NOT EXISTS (SELECT 1 FROM savings_loans l WHERE l.cooperative_id = d.cooperative_id AND l.carried_debt_id = d.id)
      ), loans AS (
        INSERT INTO savings_loans (cooperative_id, cycle_id, meeting_id, member_id, principal_minor, disbursed_on, term_months, service_charge_rate_bp,
                                   service_charge_method, recorded_by, carried_debt_id, carried_from_cycle_id)
        SELECT cooperative_id, cycle_id, NULL, member_id, amount_minor, carried_on, 0, 0, 'flat', recorded_by, carried_debt_id, from_cycle_id FROM pending
        RETURNING cooperative_id, id, cycle_id, member_id, carried_debt_id, recorded_by
      )
      INSERT INTO savings_movements (cooperative_id, cycle_id, meeting_id, member_id, loan_id, kind, fund, amount_minor, shares, occurred_on, recorded_by)
      SELECT l.cooperative_id, l.cycle_id, NULL, l.member_id, l.id, 'carried_debt', 'loan_fund', 0, 0, p.starts_on, l.recorded_by
        FROM loans l JOIN pending p ON p.cooperative_id = l.cooperative_id AND p.carried_debt_id = l.carried_debt_id`);
    await done();
  }

  async down(db: QueryRunner): Promise<void> {
    const done = await seeAllCooperatives(db);
    // A carried debt already repaid or written off cannot be taken out without losing that record.
    await db.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM savings_loans l JOIN savings_movements m ON m.cooperative_id = l.cooperative_id AND m.loan_id = l.id
                    WHERE l.carried_debt_id IS NOT NULL AND m.kind <> 'carried_debt')
           OR EXISTS (SELECT 1 FROM savings_loans l JOIN savings_loan_write_offs w ON w.cooperative_id = l.cooperative_id AND w.loan_id = l.id
                       WHERE l.carried_debt_id IS NOT NULL) THEN
          RAISE EXCEPTION 'carried debts brought into a cycle have been repaid or written off since: this migration cannot be reverted';
        END IF;
      END $$`);
    // The brought-in rows are append-only: taken out with the triggers off, and the cache with them.
    await db.query(`ALTER TABLE savings_movements DISABLE TRIGGER USER`);
    await db.query(`ALTER TABLE savings_loans DISABLE TRIGGER USER`);
    await db.query(`DELETE FROM savings_loan_balances b USING savings_loans l WHERE l.cooperative_id = b.cooperative_id AND l.id = b.loan_id AND l.carried_debt_id IS NOT NULL`);
    await db.query(`DELETE FROM savings_movements WHERE kind = 'carried_debt'`);
    // Zero cash: only how many movements each fund holds, and the last day one occurred, change.
    await db.query(`
      UPDATE savings_fund_balances b
         SET movements = coalesce(m.movements, 0), last_movement_on = coalesce(m.last_movement_on, b.last_movement_on)
        FROM savings_fund_balances k
        LEFT JOIN LATERAL (SELECT count(*) AS movements, max(occurred_on) AS last_movement_on FROM savings_movements m
                            WHERE m.cooperative_id = k.cooperative_id AND m.cycle_id = k.cycle_id AND m.fund = k.fund) m ON true
       WHERE k.cooperative_id = b.cooperative_id AND k.cycle_id = b.cycle_id AND k.fund = b.fund`);
    await db.query(`DELETE FROM savings_fund_balances b WHERE movements = 0`);
    await db.query(`DELETE FROM savings_loans WHERE carried_debt_id IS NOT NULL`);
    await db.query(`ALTER TABLE savings_loans ENABLE TRIGGER USER`);
    await db.query(`ALTER TABLE savings_movements ENABLE TRIGGER USER`);
    await done();
    await replaceKeepBalances(db, `kind = 'loan_disbursement'`);
    await db.query(`ALTER TABLE savings_movements DROP CONSTRAINT savings_movements_carried_debt_shape, DROP CONSTRAINT savings_movements_kind_check`);
    await db.query(`
      ALTER TABLE savings_movements ADD CONSTRAINT savings_movements_kind_check CHECK (kind IN ('share_purchase', 'social_fund_contribution',
        'loan_disbursement', 'loan_repayment', 'fine', 'social_fund_grant', 'share_out_payout', 'social_fund_payout', 'reversal'))`);
    await db.query(`
      ALTER TABLE savings_loans
        DROP CONSTRAINT savings_loans_carried_debt_shape, DROP CONSTRAINT savings_loans_carried_debt_once, DROP CONSTRAINT savings_loans_carried_debt_fkey,
        DROP COLUMN carried_from_cycle_id, DROP COLUMN carried_debt_id, ALTER COLUMN meeting_id SET NOT NULL,
        ADD CONSTRAINT savings_loans_term_months_check CHECK (term_months > 0)`);
    await db.query(`ALTER TABLE savings_carried_debts DROP CONSTRAINT savings_carried_debts_cycle_key`);
  }
}

/**
 * The trigger's function of migration 1764000400000, with `standsAsDisbursement` as what counts
 * as a loan's standing disbursement: identical otherwise.
 */
async function replaceKeepBalances(db: QueryRunner, standsAsDisbursement: string): Promise<void> {
  await db.query(`
    CREATE OR REPLACE FUNCTION savings_movements_keep_balances() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
      SELECT cooperative_id, loan_id, cycle_id, coalesce(sum(sign) FILTER (WHERE ${standsAsDisbursement}), 0),
             coalesce(sum(sign * amount_minor) FILTER (WHERE kind = 'loan_repayment'), 0), coalesce(sum(sign) FILTER (WHERE kind = 'loan_repayment'), 0)
        FROM effect WHERE (${standsAsDisbursement} OR kind = 'loan_repayment') AND loan_id IS NOT NULL GROUP BY cooperative_id, loan_id, cycle_id
      ON CONFLICT (cooperative_id, loan_id) DO UPDATE
        SET disbursements = b.disbursements + EXCLUDED.disbursements, repaid_minor = b.repaid_minor + EXCLUDED.repaid_minor,
            repayments = b.repayments + EXCLUDED.repayments;
      RETURN NULL;
    END $$`);
}
