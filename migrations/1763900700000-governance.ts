import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Governance: bylaw versions, general assemblies with their agenda, attendance and
 * resolutions, and elections. Secret ballot: `election_ballots` holds choices only (random
 * UUID, no voter, no timestamp) and `election_voters` records who voted (one row per member
 * and election) with nothing that points at a ballot, so the two cannot be joined.
 */
const TABLES = [
  'assemblies',
  'assembly_agenda_items',
  'assembly_attendance',
  'assembly_resolutions',
  'bylaw_versions',
  'elections',
  'election_positions',
  'election_candidacies',
  'election_ballots',
  'election_voters',
  'mandates',
] as const;

export class Governance1763900700000 implements MigrationInterface {
  name = 'Governance1763900700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE assemblies (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('constitutive', 'ordinary', 'extraordinary')),
        held_on date NOT NULL,
        place text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
        call_number smallint NOT NULL CHECK (call_number IN (1, 2)),
        first_call_assembly_id uuid,
        notice_on date NOT NULL,
        notice_rule text NOT NULL,
        status text NOT NULL CHECK (status IN ('convened', 'open')),
        quorum jsonb,
        quorum_reached boolean,
        opened_by uuid,
        opened_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, first_call_assembly_id) REFERENCES assemblies (cooperative_id, id),
        CHECK ((call_number = 1) = (first_call_assembly_id IS NULL)),
        CHECK ((status = 'open') = (quorum IS NOT NULL AND quorum_reached IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX assemblies_held_on ON assemblies (cooperative_id, held_on)`);

    await db.query(`
      CREATE TABLE assembly_agenda_items (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        assembly_id uuid NOT NULL,
        position integer NOT NULL CHECK (position >= 1),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        decision_kind text NOT NULL CHECK (decision_kind IN ('ordinary', 'bylaw_amendment', 'dissolution', 'merger')),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, assembly_id, position),
        FOREIGN KEY (cooperative_id, assembly_id) REFERENCES assemblies (cooperative_id, id)
      )`);

    await db.query(`
      CREATE TABLE assembly_attendance (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        assembly_id uuid NOT NULL,
        member_id uuid NOT NULL,
        mode text NOT NULL CHECK (mode IN ('present', 'represented')),
        proxy_holder_id uuid,
        PRIMARY KEY (cooperative_id, assembly_id, member_id),
        FOREIGN KEY (cooperative_id, assembly_id) REFERENCES assemblies (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES miners (cooperative_id, id),
        FOREIGN KEY (cooperative_id, proxy_holder_id) REFERENCES miners (cooperative_id, id),
        CHECK ((mode = 'represented') = (proxy_holder_id IS NOT NULL))
      )`);

    await db.query(`
      CREATE TABLE assembly_resolutions (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        assembly_id uuid NOT NULL,
        agenda_item_id uuid NOT NULL,
        decision_kind text NOT NULL CHECK (decision_kind IN ('ordinary', 'bylaw_amendment', 'dissolution', 'merger')),
        votes_for integer NOT NULL CHECK (votes_for >= 0),
        votes_against integer NOT NULL CHECK (votes_against >= 0),
        votes_abstain integer NOT NULL CHECK (votes_abstain >= 0),
        adopted boolean NOT NULL,
        rule text NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, agenda_item_id),
        FOREIGN KEY (cooperative_id, assembly_id) REFERENCES assemblies (cooperative_id, id),
        FOREIGN KEY (cooperative_id, agenda_item_id) REFERENCES assembly_agenda_items (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX assembly_resolutions_assembly ON assembly_resolutions (cooperative_id, assembly_id)`);

    await db.query(`
      CREATE TABLE bylaw_versions (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        version integer NOT NULL CHECK (version >= 1),
        body text NOT NULL CHECK (length(body) >= 1),
        settings jsonb NOT NULL,
        resolution_id uuid,
        adopted_on date NOT NULL,
        declared_on date,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, version),
        UNIQUE (cooperative_id, resolution_id),
        FOREIGN KEY (cooperative_id, resolution_id) REFERENCES assembly_resolutions (cooperative_id, id),
        CHECK (version = 1 OR resolution_id IS NOT NULL),
        CHECK (declared_on IS NULL OR declared_on >= adopted_on)
      )`);

    await db.query(`
      CREATE TABLE elections (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        assembly_id uuid NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        status text NOT NULL CHECK (status IN ('open', 'certified')),
        results jsonb,
        certified_by uuid,
        certified_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, assembly_id) REFERENCES assemblies (cooperative_id, id),
        CHECK ((status = 'certified') = (results IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX elections_assembly ON elections (cooperative_id, assembly_id)`);

    await db.query(`
      CREATE TABLE election_positions (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        election_id uuid NOT NULL,
        position integer NOT NULL CHECK (position >= 1),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        seats integer NOT NULL CHECK (seats >= 1),
        term_months integer NOT NULL CHECK (term_months >= 1),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, election_id, position),
        FOREIGN KEY (cooperative_id, election_id) REFERENCES elections (cooperative_id, id)
      )`);

    await db.query(`
      CREATE TABLE election_candidacies (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        election_id uuid NOT NULL,
        position_id uuid NOT NULL,
        member_id uuid NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, election_id, member_id),
        FOREIGN KEY (cooperative_id, election_id) REFERENCES elections (cooperative_id, id),
        FOREIGN KEY (cooperative_id, position_id) REFERENCES election_positions (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES miners (cooperative_id, id)
      )`);

    // No voter, no timestamp, random id: nothing here can be matched to election_voters.
    await db.query(`
      CREATE TABLE election_ballots (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL,
        election_id uuid NOT NULL,
        choices jsonb NOT NULL,
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, election_id) REFERENCES elections (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX election_ballots_election ON election_ballots (cooperative_id, election_id)`);

    await db.query(`
      CREATE TABLE election_voters (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        election_id uuid NOT NULL,
        member_id uuid NOT NULL,
        PRIMARY KEY (cooperative_id, election_id, member_id),
        FOREIGN KEY (cooperative_id, election_id) REFERENCES elections (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES miners (cooperative_id, id)
      )`);

    await db.query(`
      CREATE TABLE mandates (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        election_id uuid NOT NULL,
        position_id uuid NOT NULL,
        member_id uuid NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, position_id, member_id),
        FOREIGN KEY (cooperative_id, election_id) REFERENCES elections (cooperative_id, id),
        FOREIGN KEY (cooperative_id, position_id) REFERENCES election_positions (cooperative_id, id),
        FOREIGN KEY (cooperative_id, member_id) REFERENCES miners (cooperative_id, id),
        CHECK (ends_on > starts_on)
      )`);
    await db.query(`CREATE INDEX mandates_member ON mandates (cooperative_id, member_id)`);

    for (const table of ['assembly_resolutions', 'election_ballots', 'election_voters', 'mandates']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }

    await enableTenantRowSecurity(db, TABLES);

    await db.query(`GRANT SELECT, INSERT, UPDATE ON assemblies, elections TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON assembly_agenda_items, election_positions, election_candidacies TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON assembly_attendance TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON assembly_resolutions, election_ballots, election_voters, mandates TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON bylaw_versions TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}

