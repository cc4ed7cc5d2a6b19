import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only trigger as the foundation migration wrote it; down() puts it back. */
const ORIGINAL_FORBID_UPDATE_DELETE = `
  CREATE OR REPLACE FUNCTION forbid_update_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END $$`;

/**
 * Erasure of a person who never became a member (issue 3). The audit trail and the card and
 * status histories stay append-only for the API role: the only way through is
 * erase_never_member(), a SECURITY DEFINER function owned by the schema owner that checks the
 * caller's tenant and the never-a-member rule itself, then raises a transaction-local flag
 * naming the one miner the append-only trigger may let go, for as long as it runs.
 *
 * The function filters every statement by cooperative explicitly: when the owner is a
 * superuser, row-level security does not apply to it.
 */
export class PersonalDataErasure1763901000000 implements MigrationInterface {
  name = 'PersonalDataErasure1763901000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION forbid_update_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        erasing text := nullif(current_setting('app.erasure', true), '');
        owner_name name;
      BEGIN
        IF erasing IS NOT NULL AND TG_LEVEL = 'ROW' THEN
          SELECT r.rolname INTO owner_name FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = TG_RELID;
          IF current_user = owner_name THEN
            IF TG_TABLE_NAME IN ('miner_cards', 'miner_status_changes') AND TG_OP = 'DELETE' THEN
              IF OLD.miner_id::text = erasing THEN
                RETURN OLD;
              END IF;
            ELSIF TG_TABLE_NAME = 'audit_log' AND TG_OP = 'UPDATE' THEN
              IF OLD.entity = 'miner' AND OLD.entity_id = erasing
                 AND NEW.before = '{"erased": true}'::jsonb AND NEW.after = '{"erased": true}'::jsonb
                 AND (to_jsonb(NEW) - 'before' - 'after') = (to_jsonb(OLD) - 'before' - 'after') THEN
                RETURN NEW;
              END IF;
            END IF;
          END IF;
        END IF;
        RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);

    // Which kinds of records still point at a miner; empty when the person may be erased.
    await db.query(`
      CREATE FUNCTION miner_record_kinds(p_cooperative uuid, p_miner uuid) RETURNS text[]
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

    await db.query(`
      CREATE FUNCTION erase_never_member(p_cooperative uuid, p_miner uuid) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        kinds text[];
        erased integer;
      BEGIN
        IF p_cooperative IS NULL OR p_miner IS NULL OR NOT (p_cooperative = ANY (app_cooperative_ids())) THEN
          RAISE EXCEPTION 'erasure refused: cooperative % is not the caller''s', p_cooperative USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM 1 FROM miners WHERE cooperative_id = p_cooperative AND id = p_miner FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'miner % not found', p_miner USING ERRCODE = 'no_data_found';
        END IF;
        IF EXISTS (SELECT 1 FROM miners WHERE cooperative_id = p_cooperative AND id = p_miner AND status NOT IN ('applicant', 'exited'))
           OR EXISTS (SELECT 1 FROM miner_status_changes WHERE cooperative_id = p_cooperative AND miner_id = p_miner
                        AND (to_status IN ('active', 'suspended') OR from_status IN ('active', 'suspended'))) THEN
          RAISE EXCEPTION 'miner % was a member', p_miner USING ERRCODE = 'UE409', HINT = 'MINER_WAS_A_MEMBER';
        END IF;
        kinds := miner_record_kinds(p_cooperative, p_miner);
        IF cardinality(kinds) > 0 THEN
          RAISE EXCEPTION 'miner % has records', p_miner
            USING ERRCODE = 'UE410', HINT = 'MINER_HAS_RECORDS', DETAIL = array_to_string(kinds, ',');
        END IF;

        PERFORM set_config('app.erasure', p_miner::text, true);
        DELETE FROM miner_photos WHERE cooperative_id = p_cooperative AND miner_id = p_miner;
        DELETE FROM miner_cards WHERE cooperative_id = p_cooperative AND miner_id = p_miner;
        DELETE FROM miner_status_changes WHERE cooperative_id = p_cooperative AND miner_id = p_miner;
        DELETE FROM miners WHERE cooperative_id = p_cooperative AND id = p_miner;
        GET DIAGNOSTICS erased = ROW_COUNT;
        IF erased <> 1 THEN
          RAISE EXCEPTION 'miner % could not be erased', p_miner USING ERRCODE = 'no_data_found';
        END IF;
        UPDATE audit_log SET before = '{"erased": true}'::jsonb, after = '{"erased": true}'::jsonb
         WHERE cooperative_id = p_cooperative AND entity = 'miner' AND entity_id = p_miner::text;
        PERFORM set_config('app.erasure', '', true);
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION erase_never_member(uuid, uuid) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION erase_never_member(uuid, uuid) TO ushirika_api`);
    await db.query(`REVOKE ALL ON FUNCTION miner_record_kinds(uuid, uuid) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION miner_record_kinds(uuid, uuid) TO ushirika_api`);

    // Lets the schema owner (and so the function above) redact the trail when it is not a
    // superuser, for which forced row-level security would otherwise match no row. The API
    // role holds no UPDATE privilege on audit_log, so this opens nothing to it.
    await db.query(`
      CREATE POLICY audit_erasure ON audit_log FOR UPDATE TO CURRENT_USER
        USING (cooperative_id = ANY (app_cooperative_ids())) WITH CHECK (cooperative_id = ANY (app_cooperative_ids()))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP POLICY audit_erasure ON audit_log`);
    await db.query(`DROP FUNCTION erase_never_member(uuid, uuid)`);
    await db.query(`DROP FUNCTION miner_record_kinds(uuid, uuid)`);
    await db.query(ORIGINAL_FORBID_UPDATE_DELETE);
  }
}
