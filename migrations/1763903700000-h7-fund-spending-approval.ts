import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Two people for every payment out of a fund: a spending is requested by one user (pending)
 * and approved or rejected by another admin in a separate action. The decision is its own
 * append-only row, one per spending, so fund_spending stays append-only too and a pending
 * spending is one without a decision.
 *
 * Existing rows: before this migration a spending was written already approved, naming its
 * approver in approved_by. Each of them gets an `approved` decision by that approver, dated
 * when it was recorded, so balances and statements do not move. New spending leaves
 * approved_by empty (kept only as the record of those earlier rows); the approver is the one
 * in the decision.
 */
export class H7FundSpendingApproval1763903700000 implements MigrationInterface {
  name = 'H7FundSpendingApproval1763903700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE fund_spending ALTER COLUMN approved_by DROP NOT NULL`);
    await db.query(`
      CREATE TABLE fund_spending_decisions (
        cooperative_id uuid NOT NULL,
        spending_id uuid NOT NULL,
        decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
        decided_by uuid NOT NULL REFERENCES users (id),
        reason text CHECK (reason IS NULL OR length(trim(reason)) BETWEEN 1 AND 500),
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, spending_id),
        FOREIGN KEY (cooperative_id, spending_id) REFERENCES fund_spending (cooperative_id, id),
        CHECK (decision = 'approved' OR reason IS NOT NULL)
      )`);
    // Four eyes in the database too: whoever requested a spending never decides it.
    await db.query(`
      CREATE FUNCTION fund_spending_decision_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM fund_spending s
                    WHERE s.cooperative_id = NEW.cooperative_id AND s.id = NEW.spending_id AND s.recorded_by = NEW.decided_by) THEN
          RAISE EXCEPTION 'a spending is decided by another user than the one who requested it'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER fund_spending_decisions_four_eyes BEFORE INSERT ON fund_spending_decisions
        FOR EACH ROW EXECUTE FUNCTION fund_spending_decision_four_eyes()`);
    await db.query(`
      CREATE TRIGGER fund_spending_decisions_append_only BEFORE UPDATE OR DELETE ON fund_spending_decisions
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    // The owner is bound by the forced row security of fund_spending: lifted for the copy
    // only, inside this migration's transaction.
    await db.query(`ALTER TABLE fund_spending NO FORCE ROW LEVEL SECURITY`);
    await db.query(`
      INSERT INTO fund_spending_decisions (cooperative_id, spending_id, decision, decided_by, decided_at)
      SELECT cooperative_id, id, 'approved', approved_by, recorded_at FROM fund_spending WHERE approved_by IS NOT NULL`);
    await db.query(`ALTER TABLE fund_spending FORCE ROW LEVEL SECURITY`);
    await enableTenantRowSecurity(db, ['fund_spending_decisions']);
    await db.query(`GRANT SELECT, INSERT ON fund_spending_decisions TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE fund_spending_decisions`);
    await db.query(`DROP FUNCTION fund_spending_decision_four_eyes()`);
    // Pending and rejected spending cannot be expressed in the earlier schema.
    await db.query(`ALTER TABLE fund_spending ALTER COLUMN approved_by SET NOT NULL`);
  }
}
