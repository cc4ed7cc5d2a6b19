import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Secret ballots that cannot be linked to their voter, not even by PostgreSQL's own columns.
 *
 * Before, one transaction wrote the voter's register row and the ballot, so
 * `election_voters.xmin = election_ballots.xmin` paired them, and heap order (what a backup or
 * an ORDER-less SELECT reads) was voting order in both tables.
 *
 * Now, while the poll is open:
 * - a vote writes the register row and a sealed ballot (`election_sealed_ballots`: no voter,
 *   no time) in one transaction, through `election_cast_sealed_ballot`, which then rewrites
 *   every sealed ballot of the election in random order: all live sealed rows share the
 *   latest vote's xmin and their heap order is random. Neither the register nor the sealed
 *   store is readable by the API role (no SELECT): it only calls the functions.
 * At close (`election_close_poll`, one transaction):
 * - every sealed ballot (and any ballot an election open before this migration had put in the
 *   box) is moved into `election_ballots` in random order with new random ids, the sealed
 *   store of the election is emptied, and the register is rewritten in random order, so all
 *   ballots and all register rows of the election share the close transaction's xmin and
 *   neither heap order says anything about voting order;
 * - the box must hold exactly one ballot per register row, or nothing is closed.
 *
 * What remains (documented in the README): the owner role can read the sealed store and the
 * register's xmin while the poll is open; dead tuples keep old versions until VACUUM; WAL and
 * physical backups keep the insert records; with track_commit_timestamp on, the register's
 * commit times are readable until close.
 */
export class H5SealedBallots1763903050000 implements MigrationInterface {
  name = 'H5SealedBallots1763903050000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE elections DROP CONSTRAINT elections_status_check`);
    await db.query(`ALTER TABLE elections ADD CONSTRAINT elections_status_check CHECK (status IN ('open', 'closed', 'certified'))`);
    await db.query(`ALTER TABLE elections ADD COLUMN turnout integer CHECK (turnout >= 0), ADD COLUMN closed_at timestamptz`);
    await db.query(`ALTER TABLE elections ADD CONSTRAINT elections_closed_turnout CHECK (status <> 'closed' OR (turnout IS NOT NULL AND closed_at IS NOT NULL))`);

    await db.query(`
      CREATE TABLE election_sealed_ballots (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        election_id uuid NOT NULL,
        choices jsonb NOT NULL,
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, election_id) REFERENCES elections (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX election_sealed_ballots_election ON election_sealed_ballots (cooperative_id, election_id)`);
    await enableTenantRowSecurity(db, ['election_sealed_ballots']);

    // The register and the box stay append-only, except for the close function's rewrite.
    await db.query(`
      CREATE FUNCTION election_register_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('ushirika.closing_election', true) = OLD.election_id::text THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['election_ballots', 'election_voters']) {
      await db.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION election_register_guard()`);
    }

    await db.query(`
      CREATE FUNCTION election_cast_sealed_ballot(p_cooperative uuid, p_election uuid, p_member uuid, p_choices jsonb)
      RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        registered integer;
      BEGIN
        IF NOT (p_cooperative = ANY (app_cooperative_ids())) THEN
          RAISE EXCEPTION 'cooperative out of scope' USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM 1 FROM elections WHERE cooperative_id = p_cooperative AND id = p_election AND status = 'open' FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'election is not open' USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        INSERT INTO election_voters (cooperative_id, election_id, member_id) VALUES (p_cooperative, p_election, p_member)
          ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS registered = ROW_COUNT;
        IF registered = 0 THEN
          RETURN false;
        END IF;
        WITH sealed AS (
          DELETE FROM election_sealed_ballots WHERE cooperative_id = p_cooperative AND election_id = p_election RETURNING choices
        )
        INSERT INTO election_sealed_ballots (cooperative_id, election_id, choices)
          SELECT p_cooperative, p_election, choices FROM (SELECT choices FROM sealed UNION ALL SELECT p_choices) mixed ORDER BY random();
        RETURN true;
      END $$`);

    await db.query(`
      CREATE FUNCTION election_close_poll(p_cooperative uuid, p_election uuid)
      RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        boxed jsonb[];
        register uuid[];
        ballots integer;
        voters integer;
      BEGIN
        IF NOT (p_cooperative = ANY (app_cooperative_ids())) THEN
          RAISE EXCEPTION 'cooperative out of scope' USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM 1 FROM elections WHERE cooperative_id = p_cooperative AND id = p_election AND status = 'open' FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'election is not open' USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        PERFORM set_config('ushirika.closing_election', p_election::text, true);

        SELECT coalesce(array_agg(choices), '{}') INTO boxed FROM (
          SELECT choices FROM election_sealed_ballots WHERE cooperative_id = p_cooperative AND election_id = p_election
          UNION ALL
          SELECT choices FROM election_ballots WHERE cooperative_id = p_cooperative AND election_id = p_election
        ) everything;
        DELETE FROM election_sealed_ballots WHERE cooperative_id = p_cooperative AND election_id = p_election;
        DELETE FROM election_ballots WHERE cooperative_id = p_cooperative AND election_id = p_election;
        INSERT INTO election_ballots (cooperative_id, id, election_id, choices)
          SELECT p_cooperative, gen_random_uuid(), p_election, c FROM unnest(boxed) AS c ORDER BY random();
        GET DIAGNOSTICS ballots = ROW_COUNT;

        SELECT coalesce(array_agg(member_id), '{}') INTO register FROM election_voters
         WHERE cooperative_id = p_cooperative AND election_id = p_election;
        DELETE FROM election_voters WHERE cooperative_id = p_cooperative AND election_id = p_election;
        INSERT INTO election_voters (cooperative_id, election_id, member_id)
          SELECT p_cooperative, p_election, m FROM unnest(register) AS m ORDER BY random();
        GET DIAGNOSTICS voters = ROW_COUNT;

        IF ballots <> voters THEN
          RAISE EXCEPTION 'ballot box holds % ballots for % voters', ballots, voters USING ERRCODE = 'data_exception';
        END IF;
        UPDATE elections SET status = 'closed', turnout = voters, closed_at = now()
         WHERE cooperative_id = p_cooperative AND id = p_election;
        PERFORM set_config('ushirika.closing_election', '', true);
        RETURN voters;
      END $$`);

    await db.query(`
      CREATE FUNCTION election_voting_started(p_cooperative uuid, p_election uuid)
      RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT (p_cooperative = ANY (app_cooperative_ids())) THEN
          RAISE EXCEPTION 'cooperative out of scope' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN EXISTS (SELECT 1 FROM election_voters WHERE cooperative_id = p_cooperative AND election_id = p_election);
      END $$`);

    // Erasure asks whether a person ever voted: through a function, as the register is closed.
    await db.query(`
      CREATE FUNCTION election_member_voted(p_cooperative uuid, p_member uuid)
      RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT (p_cooperative = ANY (app_cooperative_ids())) THEN
          RAISE EXCEPTION 'cooperative out of scope' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN EXISTS (SELECT 1 FROM election_voters WHERE cooperative_id = p_cooperative AND member_id = p_member);
      END $$`);
    await db.query(`
      CREATE OR REPLACE FUNCTION miner_record_kinds(p_cooperative uuid, p_miner uuid) RETURNS text[]
        LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
        SELECT array_remove(ARRAY[
          CASE WHEN EXISTS (SELECT 1 FROM purchase_ledger WHERE cooperative_id = p_cooperative AND seller_id = p_miner) THEN 'purchases' END,
          CASE WHEN EXISTS (SELECT 1 FROM savings_group_members WHERE cooperative_id = p_cooperative AND miner_id = p_miner) THEN 'savings_groups' END,
          CASE WHEN EXISTS (SELECT 1 FROM gate_events WHERE cooperative_id = p_cooperative AND miner_id = p_miner) THEN 'gate_events' END,
          CASE WHEN EXISTS (SELECT 1 FROM assembly_attendance WHERE cooperative_id = p_cooperative AND (member_id = p_miner OR proxy_holder_id = p_miner)) THEN 'assembly_attendance' END,
          CASE WHEN EXISTS (SELECT 1 FROM election_candidacies WHERE cooperative_id = p_cooperative AND member_id = p_miner)
                 OR election_member_voted(p_cooperative, p_miner) THEN 'elections' END,
          CASE WHEN EXISTS (SELECT 1 FROM mandates WHERE cooperative_id = p_cooperative AND member_id = p_miner) THEN 'mandates' END,
          CASE WHEN EXISTS (SELECT 1 FROM risk_flags WHERE cooperative_id = p_cooperative AND strpos(people::text, p_miner::text) > 0) THEN 'risk_flags' END
        ], NULL)
      $$`);
    for (const fn of ['election_cast_sealed_ballot(uuid, uuid, uuid, jsonb)', 'election_close_poll(uuid, uuid)', 'election_voting_started(uuid, uuid)', 'election_member_voted(uuid, uuid)']) {
      await db.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await db.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ushirika_api`);
    }
    // The API reaches the register and the sealed store only through the functions above.
    await db.query(`REVOKE ALL ON election_voters FROM ushirika_api`);
    await db.query(`REVOKE ALL ON election_sealed_ballots FROM ushirika_api`);
    await db.query(`REVOKE INSERT ON election_ballots FROM ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`GRANT INSERT ON election_ballots TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON election_voters TO ushirika_api`);
    await db.query(`
      CREATE OR REPLACE FUNCTION miner_record_kinds(p_cooperative uuid, p_miner uuid) RETURNS text[]
        LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
        SELECT array_remove(ARRAY[
          CASE WHEN EXISTS (SELECT 1 FROM purchase_ledger WHERE cooperative_id = p_cooperative AND seller_id = p_miner) THEN 'purchases' END,
          CASE WHEN EXISTS (SELECT 1 FROM savings_group_members WHERE cooperative_id = p_cooperative AND miner_id = p_miner) THEN 'savings_groups' END,
          CASE WHEN EXISTS (SELECT 1 FROM gate_events WHERE cooperative_id = p_cooperative AND miner_id = p_miner) THEN 'gate_events' END,
          CASE WHEN EXISTS (SELECT 1 FROM assembly_attendance WHERE cooperative_id = p_cooperative AND (member_id = p_miner OR proxy_holder_id = p_miner)) THEN 'assembly_attendance' END,
          CASE WHEN EXISTS (SELECT 1 FROM election_candidacies WHERE cooperative_id = p_cooperative AND member_id = p_miner)
                 OR EXISTS (SELECT 1 FROM election_voters WHERE cooperative_id = p_cooperative AND member_id = p_miner) THEN 'elections' END,
          CASE WHEN EXISTS (SELECT 1 FROM mandates WHERE cooperative_id = p_cooperative AND member_id = p_miner) THEN 'mandates' END,
          CASE WHEN EXISTS (SELECT 1 FROM risk_flags WHERE cooperative_id = p_cooperative AND strpos(people::text, p_miner::text) > 0) THEN 'risk_flags' END
        ], NULL)
      $$`);
    await db.query(`DROP FUNCTION election_member_voted(uuid, uuid)`);
    await db.query(`DROP FUNCTION election_voting_started(uuid, uuid)`);
    await db.query(`DROP FUNCTION election_close_poll(uuid, uuid)`);
    await db.query(`DROP FUNCTION election_cast_sealed_ballot(uuid, uuid, uuid, jsonb)`);
    for (const table of ['election_ballots', 'election_voters']) {
      await db.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }
    await db.query(`DROP FUNCTION election_register_guard()`);
    await db.query(`DROP TABLE election_sealed_ballots`);
    await db.query(`ALTER TABLE elections DROP CONSTRAINT elections_closed_turnout, DROP COLUMN closed_at, DROP COLUMN turnout`);
    await db.query(`ALTER TABLE elections DROP CONSTRAINT elections_status_check`);
    await db.query(`ALTER TABLE elections ADD CONSTRAINT elections_status_check CHECK (status IN ('open', 'certified'))`);
  }
}
