import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ready for sharding by cooperative (issue 23). On a PostgreSQL distributed by
 * `cooperative_id` (Citus) a shard enforces a key only among its own rows, so every primary
 * key, unique constraint and foreign key of a tenant table must include `cooperative_id`;
 * test/sharding-readiness.e2e-spec.ts reads the migrated catalog and fails on any that does
 * not. The schema already kept that rule but for one table: `invitations` was keyed by `id`
 * alone. Its key becomes (cooperative_id, id). No foreign key points at it and no statement
 * names its key in ON CONFLICT, so no function needs recreating; lookups by `id` alone still
 * work (they then read every shard, as an invitation is answered by its invitee, who may not
 * know the cooperative yet).
 *
 * The tables whose `cooperative_id` may be NULL (audit_log, jobs, password_reset_codes) are
 * not tenant tables in that sense: the test places them, with why, beside the reference and
 * coordinator-local tables.
 */
export class H4ShardingKeys1764001300000 implements MigrationInterface {
  name = 'H4ShardingKeys1764001300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE invitations DROP CONSTRAINT invitations_pkey, ADD CONSTRAINT invitations_pkey PRIMARY KEY (cooperative_id, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE invitations DROP CONSTRAINT invitations_pkey, ADD CONSTRAINT invitations_pkey PRIMARY KEY (id)`);
  }
}
