import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Governance, second part:
 * - `assembly_demands`: members' demand for an assembly (a quarter of members may demand one),
 *   with its signatories and the check made when it was recorded. Append-only; an assembly
 *   convened to answer it points at it (`assemblies.demand_id`, at most one).
 * - `election_lot_draws`: the draw that breaks a tie when the bylaws say 'lot', recorded once
 *   per position (a public seed read out, or the order names were drawn by hand).
 * - `elections.previous_election_id`/`round`: a second round is an election of its own, on the
 *   seats the first round left undecided, linked to the first.
 */
const TABLES = ['assembly_demands', 'election_lot_draws'] as const;

export class GovernanceDemandsRounds1763902600000 implements MigrationInterface {
  name = 'GovernanceDemandsRounds1763902600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE assembly_demands (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        received_on date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('ordinary', 'extraordinary')),
        purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
        agenda jsonb NOT NULL,
        signatories uuid[] NOT NULL CHECK (cardinality(signatories) >= 1),
        valid boolean NOT NULL,
        "check" jsonb NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX assembly_demands_received ON assembly_demands (cooperative_id, received_on DESC)`);
    await db.query(`ALTER TABLE assemblies ADD COLUMN demand_id uuid`);
    await db.query(`
      ALTER TABLE assemblies
        ADD CONSTRAINT assemblies_demand_fk FOREIGN KEY (cooperative_id, demand_id) REFERENCES assembly_demands (cooperative_id, id),
        ADD CONSTRAINT assemblies_demand_once UNIQUE (cooperative_id, demand_id)`);

    await db.query(`ALTER TABLE elections ADD COLUMN previous_election_id uuid, ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round >= 1)`);
    await db.query(`
      ALTER TABLE elections
        ADD CONSTRAINT elections_previous_fk FOREIGN KEY (cooperative_id, previous_election_id) REFERENCES elections (cooperative_id, id),
        ADD CONSTRAINT elections_previous_once UNIQUE (cooperative_id, previous_election_id),
        ADD CONSTRAINT elections_round_link CHECK ((round = 1) = (previous_election_id IS NULL))`);

    await db.query(`
      CREATE TABLE election_lot_draws (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        election_id uuid NOT NULL,
        position_id uuid NOT NULL,
        seed text CHECK (length(seed) BETWEEN 1 AND 200),
        draw_order uuid[],
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, election_id, position_id),
        FOREIGN KEY (cooperative_id, election_id) REFERENCES elections (cooperative_id, id),
        FOREIGN KEY (cooperative_id, position_id) REFERENCES election_positions (cooperative_id, id),
        CHECK ((seed IS NULL) <> (draw_order IS NULL))
      )`);

    for (const table of TABLES) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }
    await enableTenantRowSecurity(db, TABLES);
    await db.query(`GRANT SELECT, INSERT ON assembly_demands, election_lot_draws TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE election_lot_draws`);
    await db.query(`ALTER TABLE elections DROP CONSTRAINT elections_round_link, DROP CONSTRAINT elections_previous_once, DROP CONSTRAINT elections_previous_fk`);
    await db.query(`ALTER TABLE elections DROP COLUMN round, DROP COLUMN previous_election_id`);
    await db.query(`ALTER TABLE assemblies DROP CONSTRAINT assemblies_demand_once, DROP CONSTRAINT assemblies_demand_fk, DROP COLUMN demand_id`);
    await db.query(`DROP TABLE assembly_demands`);
  }
}
