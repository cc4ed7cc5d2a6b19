import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groundwork every tenant table relies on: the role the API runs as, the functions that
 * row-level security policies read the current tenant from, and the trigger that makes
 * ledgers append-only.
 */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // Roles are cluster-wide: several databases (or test databases) share this one.
    await db.query(`
      DO $$ BEGIN
        CREATE ROLE ushirika_api NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ushirika_api`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ushirika_api`);

    await db.query(`
      CREATE FUNCTION app_cooperative_ids() RETURNS uuid[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce(string_to_array(nullif(current_setting('app.cooperative_ids', true), ''), ',')::uuid[], '{}'::uuid[])
      $$`);
    await db.query(`
      CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT nullif(current_setting('app.user_id', true), '')::uuid
      $$`);
    await db.query(`
      CREATE FUNCTION app_is_operator() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce(current_setting('app.operator', true), '') = 'on'
      $$`);
    await db.query(`
      CREATE FUNCTION forbid_update_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION forbid_update_delete()`);
    await db.query(`DROP FUNCTION app_is_operator()`);
    await db.query(`DROP FUNCTION app_user_id()`);
    await db.query(`DROP FUNCTION app_cooperative_ids()`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ushirika_api`);
    await db.query(`REVOKE USAGE ON SCHEMA public FROM ushirika_api`);
    // The role is left in place: other databases of the cluster may still use it.
  }
}
