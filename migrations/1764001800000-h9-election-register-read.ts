import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The voting station marks who has already voted (the signed register of a paper poll), so a
 * secretary never hands the phone to a member whose ballot would be refused. The register
 * stays closed to the API role: this function answers only the member ids, sorted by id, so
 * neither row order nor system columns say when anyone voted, and nothing of any ballot.
 */
export class H9ElectionRegisterRead1764001800000 implements MigrationInterface {
  name = 'H9ElectionRegisterRead1764001800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION election_voted_members(p_cooperative uuid, p_election uuid)
      RETURNS uuid[] LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT (p_cooperative = ANY (app_cooperative_ids())) THEN
          RAISE EXCEPTION 'cooperative out of scope' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN (SELECT coalesce(array_agg(member_id ORDER BY member_id), '{}') FROM election_voters
                 WHERE cooperative_id = p_cooperative AND election_id = p_election);
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION election_voted_members(uuid, uuid) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION election_voted_members(uuid, uuid) TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION election_voted_members(uuid, uuid)`);
  }
}
