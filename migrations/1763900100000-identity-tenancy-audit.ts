import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cooperatives (the tenants), people and their roles, supervisors' jurisdictions, refresh
 * tokens, the append-only audit trail and idempotency records for offline phones.
 * Row-level security is enabled and forced on every table that holds a cooperative's data.
 */
export class IdentityTenancyAudit1763900100000 implements MigrationInterface {
  name = 'IdentityTenancyAudit1763900100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        login text NOT NULL UNIQUE CHECK (login = lower(login) AND length(login) BETWEEN 3 AND 254),
        login_kind text NOT NULL CHECK (login_kind IN ('email', 'phone')),
        password_hash text NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        is_operator boolean NOT NULL DEFAULT false,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE supervisor_jurisdictions (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        country char(2) NOT NULL,
        province text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, country, province)
      )`);

    await db.query(`
      CREATE TABLE cooperatives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        legal_form text NOT NULL CHECK (legal_form IN ('SCOOPS', 'COOP_CA')),
        registration_number text NOT NULL,
        approval_number text,
        country char(2) NOT NULL,
        province text NOT NULL,
        territory text,
        minerals text[] NOT NULL DEFAULT '{}',
        default_currency char(3) NOT NULL,
        timezone text NOT NULL,
        language text NOT NULL CHECK (language IN ('fr', 'en')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (country, registration_number)
      )`);
    await db.query(`CREATE INDEX cooperatives_province ON cooperatives (country, province)`);

    await db.query(`
      CREATE TABLE user_roles (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        user_id uuid NOT NULL REFERENCES users (id),
        role text NOT NULL CHECK (role IN ('admin', 'officer', 'treasurer', 'auditor')),
        granted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, user_id, role)
      )`);
    await db.query(`CREATE INDEX user_roles_user ON user_roles (user_id)`);

    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`);

    await db.query(`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        failures integer NOT NULL
      )`);

    await db.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY,
        cooperative_id uuid REFERENCES cooperatives (id),
        actor_user_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        request_id text,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id)
      )`);
    await db.query(`CREATE INDEX audit_log_cooperative_at ON audit_log (cooperative_id, at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_log_entity ON audit_log (cooperative_id, entity, entity_id)`);
    await db.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    await db.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_update_delete()`);

    await db.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);

    // Row-level security: the second wall behind the services' own tenant filters.
    await db.query(`ALTER TABLE cooperatives ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY cooperatives_visible ON cooperatives FOR SELECT USING (
        id = ANY (app_cooperative_ids()) OR app_is_operator()
        OR EXISTS (SELECT 1 FROM supervisor_jurisdictions j
                    WHERE j.user_id = app_user_id() AND j.country = cooperatives.country AND j.province = cooperatives.province))`);
    await db.query(`CREATE POLICY cooperatives_created ON cooperatives FOR INSERT WITH CHECK (app_is_operator())`);
    await db.query(`
      CREATE POLICY cooperatives_updated ON cooperatives FOR UPDATE
        USING (id = ANY (app_cooperative_ids()) OR app_is_operator())
        WITH CHECK (id = ANY (app_cooperative_ids()) OR app_is_operator())`);

    await db.query(`ALTER TABLE user_roles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY user_roles_visible ON user_roles FOR SELECT
        USING (cooperative_id = ANY (app_cooperative_ids()) OR user_id = app_user_id())`);
    await db.query(`
      CREATE POLICY user_roles_written ON user_roles FOR INSERT
        WITH CHECK (cooperative_id = ANY (app_cooperative_ids()))`);
    await db.query(`
      CREATE POLICY user_roles_removed ON user_roles FOR DELETE
        USING (cooperative_id = ANY (app_cooperative_ids()))`);

    await db.query(`ALTER TABLE supervisor_jurisdictions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY jurisdictions_visible ON supervisor_jurisdictions FOR SELECT
        USING (user_id = app_user_id() OR app_is_operator())`);
    await db.query(`
      CREATE POLICY jurisdictions_managed ON supervisor_jurisdictions FOR ALL
        USING (app_is_operator()) WITH CHECK (app_is_operator())`);

    await db.query(`ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY audit_visible ON audit_log FOR SELECT
        USING (cooperative_id = ANY (app_cooperative_ids()) OR (cooperative_id IS NULL AND app_is_operator()))`);
    await db.query(`
      CREATE POLICY audit_written ON audit_log FOR INSERT
        WITH CHECK (cooperative_id = ANY (app_cooperative_ids()) OR app_is_operator())`);

    await db.query(`ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY idempotency_own ON idempotency_keys FOR ALL
        USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id())`);

    await db.query(`GRANT SELECT, INSERT, UPDATE ON users TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON cooperatives TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON user_roles TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON supervisor_jurisdictions TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON refresh_tokens TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON audit_log TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'audit_log', 'login_throttle', 'refresh_tokens', 'user_roles', 'cooperatives', 'supervisor_jurisdictions', 'users']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
