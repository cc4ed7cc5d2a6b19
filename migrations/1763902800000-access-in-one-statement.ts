import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Everything the access guard needs about a caller, in one statement: whether the user exists
 * and is enabled, is an operator, has a supervisor's jurisdiction, their roles in the
 * cooperative the route names and whether that cooperative lies in their jurisdiction.
 *
 * Before, the guard opened a transaction of its own for three queries (seven round trips) on
 * every request, before the service opened the request's transaction. The function runs as the
 * caller (not SECURITY DEFINER): it sets the row-level-security context for its own statement
 * only (`set_config(..., true)` in the statement's implicit transaction), so the policies still
 * decide what it may read.
 */
export class AccessInOneStatement1763902800000 implements MigrationInterface {
  name = 'AccessInOneStatement1763902800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION app_resolve_access(p_user uuid, p_cooperative uuid)
      RETURNS TABLE (is_operator boolean, disabled boolean, has_jurisdiction boolean, roles text[], supervised boolean)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM set_config('app.user_id', p_user::text, true),
                set_config('app.cooperative_ids', '', true),
                set_config('app.operator', 'off', true);
        RETURN QUERY
          SELECT u.is_operator,
                 u.disabled_at IS NOT NULL,
                 EXISTS (SELECT 1 FROM supervisor_jurisdictions j WHERE j.user_id = u.id),
                 COALESCE((SELECT array_agg(r.role::text ORDER BY r.role) FROM user_roles r
                            WHERE r.user_id = u.id AND r.cooperative_id = p_cooperative), '{}'::text[]),
                 p_cooperative IS NOT NULL AND EXISTS (
                   SELECT 1 FROM supervisor_jurisdictions j JOIN cooperatives c ON c.country = j.country AND c.province = j.province
                    WHERE j.user_id = u.id AND c.id = p_cooperative)
            FROM users u WHERE u.id = p_user;
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION app_resolve_access(uuid, uuid) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION app_resolve_access(uuid, uuid) TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION app_resolve_access(uuid, uuid)`);
  }
}
