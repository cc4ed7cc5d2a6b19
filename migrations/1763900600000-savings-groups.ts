import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Savings groups (AVEC / VSLA): groups and their members, the treasurers allowed to record
 * for them, cycles with rules fixed at their start, meetings, loans, the append-only ledger
 * of movements (balances are derived from it), the counted cash of each meeting with its
 * difference, debts carried past a share-out and the confirmed share-outs.
 */
export class SavingsGroups1763900600000 implements MigrationInterface {
  name = 'SavingsGroups1763900600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE savings_groups (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
        meeting_place text NOT NULL CHECK (length(trim(meeting_place)) BETWEEN 1 AND 200),
        frequency text NOT NULL CHECK (frequency IN ('weekly', 'fortnightly')),
        meeting_weekday integer NOT NULL CHECK (meeting_weekday BETWEEN 1 AND 7),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, name)
      )`);

    await db.query(`
      CREATE TABLE savings_group_treasurers (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        group_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id),
        assigned_by uuid NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, group_id, user_id),
        FOREIGN KEY (cooperative_id, group_id) REFERENCES savings_groups (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX savings_group_treasurers_user ON savings_group_treasurers (cooperative_id, user_id)`);

    await db.query(`
      CREATE TABLE savings_group_members (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL,
        miner_id uuid,
        first_name text NOT NULL CHECK (length(trim(first_name)) BETWEEN 1 AND 100),
        last_name text NOT NULL CHECK (length(trim(last_name)) BETWEEN 1 AND 100),
        sex char(1) NOT NULL CHECK (sex IN ('F', 'M')),
        phone text,
        joined_on date NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, group_id, miner_id),
        FOREIGN KEY (cooperative_id, group_id) REFERENCES savings_groups (cooperative_id, id),
        FOREIGN KEY (cooperative_id, miner_id) REFERENCES miners (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX savings_group_members_group ON savings_group_members (cooperative_id, group_id, last_name, first_name)`);

    await db.query(`
      CREATE TABLE savings_cycles (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL,
        rules jsonb NOT NULL,
        starts_on date NOT NULL,
        planned_end_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_on date,
        closed_by uuid,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, group_id) REFERENCES savings_groups (cooperative_id, id),
        CHECK (planned_end_on > starts_on),
        CHECK ((status = 'open') = (closed_on IS NULL))
      )`);
    await db.query(`CREATE INDEX savings_cycles_group ON savings_cycles (cooperative_id, group_id, starts_on)`);
    await db.query(`CREATE UNIQUE INDEX savings_cycles_one_open ON savings_cycles (cooperative_id, group_id) WHERE status = 'open'`);

    await db.query(`
      CREATE TABLE savings_meetings (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL,
        held_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        closed_by uuid,
        closed_at timestamptz,
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id),
        CHECK ((status = 'open') = (closed_at IS NULL))
      )`);
    await db.query(`CREATE INDEX savings_meetings_cycle ON savings_meetings (cooperative_id, cycle_id, held_on)`);

    await db.query(`
      CREATE TABLE savings_attendance (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        meeting_id uuid NOT NULL,
        member_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('present', 'late', 'absent_with_leave', 'absent', 'represented')),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, meeting_id, member_id),
        FOREIGN KEY (cooperative_id, meeting_id) REFERENCES savings_meetings (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES savings_group_members (cooperative_id, id)
      )`);

    await db.query(`
      CREATE TABLE savings_loans (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL,
        meeting_id uuid NOT NULL,
        member_id uuid NOT NULL,
        principal_minor bigint NOT NULL CHECK (principal_minor > 0),
        disbursed_on date NOT NULL,
        term_months integer NOT NULL CHECK (term_months > 0),
        service_charge_rate_bp integer NOT NULL CHECK (service_charge_rate_bp >= 0),
        service_charge_method text NOT NULL CHECK (service_charge_method IN ('flat', 'declining')),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id),
        FOREIGN KEY (cooperative_id, meeting_id) REFERENCES savings_meetings (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES savings_group_members (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX savings_loans_cycle ON savings_loans (cooperative_id, cycle_id, member_id)`);

    await db.query(`
      CREATE TABLE savings_movements (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        cycle_id uuid NOT NULL,
        meeting_id uuid,
        member_id uuid,
        loan_id uuid,
        kind text NOT NULL CHECK (kind IN ('share_purchase', 'social_fund_contribution', 'loan_disbursement', 'loan_repayment',
          'fine', 'social_fund_grant', 'share_out_payout', 'social_fund_payout', 'reversal')),
        fund text NOT NULL CHECK (fund IN ('loan_fund', 'social_fund')),
        amount_minor bigint NOT NULL,
        shares integer NOT NULL DEFAULT 0,
        fine_code text,
        purpose text,
        reverses_movement_id uuid,
        reason text,
        occurred_on date NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, reverses_movement_id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id),
        FOREIGN KEY (cooperative_id, meeting_id) REFERENCES savings_meetings (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES savings_group_members (cooperative_id, id),
        FOREIGN KEY (cooperative_id, loan_id) REFERENCES savings_loans (cooperative_id, id),
        FOREIGN KEY (cooperative_id, reverses_movement_id) REFERENCES savings_movements (cooperative_id, id),
        CHECK ((kind = 'reversal') = (reverses_movement_id IS NOT NULL)),
        CHECK (kind <> 'reversal' OR length(trim(reason)) > 0)
      )`);
    await db.query(`CREATE INDEX savings_movements_cycle ON savings_movements (cooperative_id, cycle_id, seq)`);
    await db.query(`CREATE INDEX savings_movements_meeting ON savings_movements (cooperative_id, meeting_id)`);

    await db.query(`
      CREATE TABLE savings_cash_counts (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        fund text NOT NULL CHECK (fund IN ('loan_fund', 'social_fund')),
        expected_minor bigint NOT NULL,
        counted_minor bigint NOT NULL CHECK (counted_minor >= 0),
        difference_minor bigint NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('balanced', 'surplus', 'shortage')),
        counted_by text NOT NULL CHECK (length(trim(counted_by)) > 0),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, meeting_id) REFERENCES savings_meetings (cooperative_id, id),
        CHECK (difference_minor = counted_minor - expected_minor)
      )`);
    await db.query(`CREATE INDEX savings_cash_counts_meeting ON savings_cash_counts (cooperative_id, meeting_id)`);

    await db.query(`
      CREATE TABLE savings_share_outs (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        cycle_id uuid NOT NULL,
        share_out_on date NOT NULL,
        result jsonb NOT NULL,
        confirmed_by uuid NOT NULL,
        confirmed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, cycle_id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id)
      )`);

    await db.query(`
      CREATE TABLE savings_carried_debts (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL,
        member_id uuid NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, cycle_id) REFERENCES savings_cycles (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES savings_group_members (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX savings_carried_debts_member ON savings_carried_debts (cooperative_id, member_id)`);

    for (const table of APPEND_ONLY) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }

    await enableTenantRowSecurity(db, TABLES);

    await db.query(`GRANT SELECT, INSERT ON savings_groups, savings_group_members TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON savings_group_treasurers TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON savings_cycles, savings_meetings TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON ${APPEND_ONLY.join(', ')} TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await db.query(`DROP TABLE ${table}`);
  }
}

const APPEND_ONLY = ['savings_attendance', 'savings_loans', 'savings_movements', 'savings_cash_counts', 'savings_share_outs', 'savings_carried_debts'];

const TABLES = [
  'savings_groups',
  'savings_group_treasurers',
  'savings_group_members',
  'savings_cycles',
  'savings_meetings',
  'savings_attendance',
  'savings_loans',
  'savings_movements',
  'savings_cash_counts',
  'savings_share_outs',
  'savings_carried_debts',
];
