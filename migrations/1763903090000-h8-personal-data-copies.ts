import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seeAllCooperatives } from './support/all-cooperatives.js';

/** The registry fields whose values stay in audit rows: none of them is personal data. */
const KEPT = ['memberNumber', 'status', 'membershipDate', 'homeSiteId'];

/**
 * Personal data in copies the registry does not show.
 *
 * - Audit rows of `miner.registered` and `miner.updated` held the ID number, phones, address
 *   and next of kin of the person. From now on they name the fields only (miners.service);
 *   the rows already written are rewritten here the same way (their trigger is suspended for
 *   this one statement, inside the migration's transaction).
 * - Erasing a person (erase_never_member) left the registration answer, and any other answer
 *   naming the miner, in the idempotency store. erase_miner_copies() deletes those rows of
 *   the cooperative, whoever's they are: a SECURITY DEFINER function the API calls right after
 *   erase_never_member, which refuses while the miner still exists. The owner-only policy it
 *   needs is open only while `app.erasure` names the miner being erased.
 */
export class H8PersonalDataCopies1763903090000 implements MigrationInterface {
  name = 'H8PersonalDataCopies1763903090000';

  async up(db: QueryRunner): Promise<void> {
    const done = await seeAllCooperatives(db);
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await db.query(
      `UPDATE audit_log a
          SET before = NULL,
              after = (SELECT coalesce(jsonb_object_agg(k, a.after -> k), '{}'::jsonb) FROM jsonb_object_keys(a.after) k WHERE k = ANY ($1::text[]))
                      || jsonb_build_object('fields', coalesce((SELECT jsonb_agg(k ORDER BY k) FROM jsonb_object_keys(a.after) k WHERE NOT (k = ANY ($1::text[])) AND a.after -> k <> 'null'::jsonb), '[]'::jsonb))
        WHERE a.action = 'miner.registered' AND jsonb_typeof(a.after) = 'object' AND NOT (a.after ? 'fields')`,
      [KEPT],
    );
    await db.query(
      `UPDATE audit_log a
          SET before = NULL,
              after = jsonb_build_object('changed', coalesce((SELECT jsonb_agg(k ORDER BY k) FROM jsonb_object_keys(a.after) k), '[]'::jsonb))
        WHERE a.action = 'miner.updated' AND jsonb_typeof(a.after) = 'object' AND NOT (a.after ? 'changed')`,
    );
    await db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await done();

    await db.query(`
      CREATE POLICY idempotency_erasure ON idempotency_keys FOR ALL TO CURRENT_USER
        USING (nullif(current_setting('app.erasure', true), '') IS NOT NULL)`);
    await db.query(`
      CREATE FUNCTION erase_miner_copies(p_cooperative uuid, p_miner uuid) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        removed integer;
      BEGIN
        IF p_cooperative IS NULL OR p_miner IS NULL OR NOT (p_cooperative = ANY (app_cooperative_ids())) THEN
          RAISE EXCEPTION 'erasure refused: cooperative % is not the caller''s', p_cooperative USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF EXISTS (SELECT 1 FROM miners WHERE cooperative_id = p_cooperative AND id = p_miner) THEN
          RAISE EXCEPTION 'miner % is not erased', p_miner USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM set_config('app.erasure', p_miner::text, true);
        DELETE FROM idempotency_keys
         WHERE path LIKE '/api/v1/cooperatives/' || p_cooperative::text || '/%'
           AND (strpos(path, p_miner::text) > 0 OR strpos(coalesce(response::text, ''), p_miner::text) > 0);
        GET DIAGNOSTICS removed = ROW_COUNT;
        PERFORM set_config('app.erasure', '', true);
        RETURN removed;
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION erase_miner_copies(uuid, uuid) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION erase_miner_copies(uuid, uuid) TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION erase_miner_copies(uuid, uuid)`);
    await db.query(`DROP POLICY idempotency_erasure ON idempotency_keys`);
  }
}
