import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts get a lifecycle (issue 16, items 13 and 15):
 * - `users.session_epoch` is copied into every access token; raising it (disable, password
 *   change or reset, "log out everywhere") makes the guard refuse every token issued before,
 *   in the same statement that already resolves the caller's access.
 * - `password_reset_codes`: one-time codes an admin hands over; only their SHA-256 is kept,
 *   each expires and is used once.
 * - `invitations`: an existing login joins another cooperative only by accepting.
 * - `app_user_reaches_beyond(user, cooperative)`: whether a member of the caller's cooperative
 *   also holds a role elsewhere, a supervisor's jurisdiction or the operator's rights; such an
 *   account is not the cooperative's alone, so its admin may neither rename it nor reset its
 *   password. Row-level security hides those rows from the admin: the function lets them be
 *   counted (never read) by looking as that user for one statement, then restores the context.
 */
export class H4AccountsLifecycle1763903400000 implements MigrationInterface {
  name = 'H4AccountsLifecycle1763903400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0`);
    // A refresh token minted under an older epoch is refused even if a rotation raced the revocation.
    await db.query(`ALTER TABLE refresh_tokens ADD COLUMN session_epoch integer NOT NULL DEFAULT 0`);

    await db.query(`
      CREATE TABLE password_reset_codes (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash text NOT NULL UNIQUE,
        cooperative_id uuid REFERENCES cooperatives (id),
        issued_by uuid REFERENCES users (id),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX password_reset_codes_user ON password_reset_codes (user_id)`);
    // Issued in a cooperative by its admin; redeemed (looked up by hash) in the operator's scope.
    await db.query(`ALTER TABLE password_reset_codes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY reset_codes_visible ON password_reset_codes FOR SELECT
        USING (cooperative_id = ANY (app_cooperative_ids()) OR app_is_operator())`);
    await db.query(`
      CREATE POLICY reset_codes_issued ON password_reset_codes FOR INSERT
        WITH CHECK (cooperative_id = ANY (app_cooperative_ids()) OR app_is_operator())`);
    await db.query(`
      CREATE POLICY reset_codes_spent ON password_reset_codes FOR UPDATE
        USING (cooperative_id = ANY (app_cooperative_ids()) OR app_is_operator())
        WITH CHECK (cooperative_id = ANY (app_cooperative_ids()) OR app_is_operator())`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON password_reset_codes TO ushirika_api`);

    await db.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY,
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('admin', 'officer', 'treasurer', 'auditor')),
        invited_by uuid REFERENCES users (id),
        expires_at timestamptz NOT NULL,
        answered_at timestamptz,
        answer text CHECK (answer IN ('accepted', 'declined', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((answer IS NULL) = (answered_at IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX invitations_one_pending ON invitations (cooperative_id, user_id, role) WHERE answer IS NULL`);
    await db.query(`CREATE INDEX invitations_user ON invitations (user_id) WHERE answer IS NULL`);
    await db.query(`ALTER TABLE invitations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY invitations_visible ON invitations FOR SELECT
        USING (cooperative_id = ANY (app_cooperative_ids()) OR user_id = app_user_id() OR app_is_operator())`);
    await db.query(`
      CREATE POLICY invitations_written ON invitations FOR INSERT
        WITH CHECK (cooperative_id = ANY (app_cooperative_ids()))`);
    await db.query(`
      CREATE POLICY invitations_answered ON invitations FOR UPDATE
        USING (cooperative_id = ANY (app_cooperative_ids()) OR user_id = app_user_id())
        WITH CHECK (cooperative_id = ANY (app_cooperative_ids()) OR user_id = app_user_id())`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON invitations TO ushirika_api`);

    await db.query(`
      CREATE FUNCTION app_user_reaches_beyond(p_user uuid, p_cooperative uuid) RETURNS boolean
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      DECLARE
        previous text := coalesce(current_setting('app.user_id', true), '');
        result boolean;
      BEGIN
        IF p_cooperative IS NULL OR NOT (p_cooperative = ANY (app_cooperative_ids())) THEN
          RAISE EXCEPTION 'cooperative % is not the caller''s', p_cooperative USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM set_config('app.user_id', p_user::text, true);
        SELECT u.is_operator
               OR EXISTS (SELECT 1 FROM supervisor_jurisdictions j WHERE j.user_id = u.id)
               OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.cooperative_id <> p_cooperative)
          INTO result FROM users u WHERE u.id = p_user;
        PERFORM set_config('app.user_id', previous, true);
        RETURN coalesce(result, false);
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION app_user_reaches_beyond(uuid, uuid) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION app_user_reaches_beyond(uuid, uuid) TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION app_user_reaches_beyond(uuid, uuid)`);
    await db.query(`DROP TABLE invitations`);
    await db.query(`DROP TABLE password_reset_codes`);
    await db.query(`ALTER TABLE refresh_tokens DROP COLUMN session_epoch`);
    await db.query(`ALTER TABLE users DROP COLUMN session_epoch`);
  }
}
