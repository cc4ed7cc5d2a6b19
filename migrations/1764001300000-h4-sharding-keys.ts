import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seeAllCooperatives } from './support/all-cooperatives.js';

/**
 * Ready for sharding by cooperative (issue 23). On a PostgreSQL distributed by
 * `cooperative_id` (Citus) a shard enforces a key only among its own rows, so every primary
 * key, unique constraint and foreign key of a tenant table must include `cooperative_id`;
 * test/sharding-readiness.e2e-spec.ts reads the migrated catalog and fails on any that does
 * not. The schema already kept that rule but for two tables. `invitations` was keyed by `id`
 * alone: its key becomes (cooperative_id, id). No foreign key points at it and no statement
 * names its key in ON CONFLICT, so no function needs recreating; lookups by `id` alone still
 * work (they then read every shard, as an invitation is answered by its invitee, who may not
 * know the cooperative yet).
 *
 * `audit_log` was keyed by `id` and mixed two kinds of rows: the cooperatives' trails and the platform's own
 * entries (account self-service, operators' acts, the command line's), the latter with a NULL
 * `cooperative_id`, which no shard can hold. Those move to `platform_audit_log`, the same
 * columns without a cooperative, append-only, read and written under the operator flag as
 * they were; `audit_log.cooperative_id` becomes NOT NULL and its key (cooperative_id, id).
 * The moved entries keep their ids; new ones are numbered by the new table's own identity.
 *
 * `jobs` and `password_reset_codes` keep a nullable `cooperative_id`: they are server state
 * (a queue claimed across cooperatives, codes redeemed before any cooperative is known), and
 * the test places them, with why, beside the reference and coordinator-local tables.
 */
const AUDIT_COLUMNS = 'actor_user_id, action, entity, entity_id, before, after, request_id, at';

export class H4ShardingKeys1764001300000 implements MigrationInterface {
  name = 'H4ShardingKeys1764001300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE invitations DROP CONSTRAINT invitations_pkey, ADD CONSTRAINT invitations_pkey PRIMARY KEY (cooperative_id, id)`);

    await db.query(`
      CREATE TABLE platform_audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor_user_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        request_id text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX platform_audit_log_entity ON platform_audit_log (entity, entity_id)`);
    await db.query(`CREATE TRIGGER platform_audit_log_append_only BEFORE UPDATE OR DELETE ON platform_audit_log FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    await db.query(`CREATE TRIGGER platform_audit_log_no_truncate BEFORE TRUNCATE ON platform_audit_log FOR EACH STATEMENT EXECUTE FUNCTION forbid_update_delete()`);
    await db.query(`ALTER TABLE platform_audit_log ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY platform_audit_visible ON platform_audit_log FOR SELECT USING (app_is_operator())`);
    await db.query(`CREATE POLICY platform_audit_written ON platform_audit_log FOR INSERT WITH CHECK (app_is_operator())`);
    await db.query(`GRANT SELECT, INSERT ON platform_audit_log TO ushirika_api`);

    const done = await seeAllCooperatives(db);
    await db.query(`
      INSERT INTO platform_audit_log (id, ${AUDIT_COLUMNS}) OVERRIDING SYSTEM VALUE
      SELECT id, ${AUDIT_COLUMNS} FROM audit_log WHERE cooperative_id IS NULL ORDER BY id`);
    await db.query(`SELECT setval(pg_get_serial_sequence('platform_audit_log', 'id'), coalesce((SELECT max(id) FROM platform_audit_log), 0) + 1, false)`);
    // An owner that is not a superuser is bound by the forced row-level security, which has no DELETE policy.
    await db.query(`CREATE POLICY audit_platform_moved ON audit_log FOR DELETE TO CURRENT_USER USING (cooperative_id IS NULL)`);
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await db.query(`DELETE FROM audit_log WHERE cooperative_id IS NULL`);
    await db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await db.query(`DROP POLICY audit_platform_moved ON audit_log`);
    await done();
    await db.query(`ALTER TABLE audit_log ALTER COLUMN cooperative_id SET NOT NULL`);
    await db.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey, ADD CONSTRAINT audit_log_pkey PRIMARY KEY (cooperative_id, id)`);
    await db.query(`DROP POLICY audit_visible ON audit_log`);
    await db.query(`CREATE POLICY audit_visible ON audit_log FOR SELECT USING (cooperative_id = ANY (app_cooperative_ids()))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP POLICY audit_visible ON audit_log`);
    await db.query(`
      CREATE POLICY audit_visible ON audit_log FOR SELECT
        USING (cooperative_id = ANY (app_cooperative_ids()) OR (cooperative_id IS NULL AND app_is_operator()))`);
    await db.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey, ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id)`);
    await db.query(`ALTER TABLE audit_log ALTER COLUMN cooperative_id DROP NOT NULL`);
    // The platform's entries come back after the cooperatives' ones, numbered anew in their order:
    // the two tables' ids overlap once the platform's has numbered its own.
    const done = await seeAllCooperatives(db);
    await db.query(`
      INSERT INTO audit_log (cooperative_id, ${AUDIT_COLUMNS})
      SELECT NULL, ${AUDIT_COLUMNS} FROM platform_audit_log ORDER BY id`);
    await done();
    await db.query(`DROP TABLE platform_audit_log`);

    await db.query(`ALTER TABLE invitations DROP CONSTRAINT invitations_pkey, ADD CONSTRAINT invitations_pkey PRIMARY KEY (id)`);
  }
}
