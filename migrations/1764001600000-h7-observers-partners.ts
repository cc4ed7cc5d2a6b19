import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Organisations outside the cooperatives (NGOs, coalition members, donor programmes,
 * child-protection partners) and their people; a cooperative's dated, revocable grants of
 * read access to chosen aggregate views; a cooperative's case partner tied to an organisation,
 * whose social workers then work on the cases referred to it; the opt-in public
 * benefit-sharing statement.
 *
 * An organisation's people see the cooperatives row of a cooperative only while a grant is in
 * force there (observers) or one of its case partners is their organisation (partners).
 *
 * The access function gains two roles, still in its one statement: 'observer' while the
 * caller's organisation holds a grant in force in the cooperative (its local date between
 * valid_from and valid_until, not revoked), 'partner' while a case partner of the cooperative
 * is the caller's organisation. The policies added let the function, which runs as the caller
 * before any cooperative is in scope, see just those rows: grants and case partners of the
 * caller's own organisation, and the cooperatives they name.
 *
 * The public statement is read through one SECURITY DEFINER function that answers figures
 * only (levies received per fund and currency, approved spending per purpose) and only when
 * the cooperative published it; it scopes row-level security to that cooperative for its own
 * duration (the SET clauses restore the caller's settings when it returns).
 */
export class H7ObserversPartners1764001600000 implements MigrationInterface {
  name = 'H7ObserversPartners1764001600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('ngo', 'coalition_member', 'donor_programme', 'child_protection_partner')),
        country char(2) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE organisation_people (
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        user_id uuid NOT NULL REFERENCES users (id),
        role text NOT NULL CHECK (role IN ('observer', 'partner')),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, user_id),
        UNIQUE (user_id)
      )`);
    await db.query(`ALTER TABLE organisations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    // Names and kinds of organisations are public facts: an admin picks one to grant.
    await db.query(`CREATE POLICY organisations_visible ON organisations FOR SELECT USING (true)`);
    await db.query(`CREATE POLICY organisations_created ON organisations FOR INSERT WITH CHECK (app_is_operator())`);
    await db.query(`ALTER TABLE organisation_people ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY organisation_people_own ON organisation_people FOR SELECT USING (user_id = app_user_id() OR app_is_operator())`);
    await db.query(`CREATE POLICY organisation_people_added ON organisation_people FOR INSERT WITH CHECK (app_is_operator())`);

    await db.query(`
      CREATE TABLE observer_grants (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        views text[] NOT NULL CHECK (cardinality(views) BETWEEN 1 AND 4
          AND views <@ ARRAY['benefit_sharing_funds', 'regulator_report', 'incident_statistics', 'standard_assessments']::text[]),
        valid_from date NOT NULL,
        valid_until date CHECK (valid_until IS NULL OR valid_until >= valid_from),
        granted_by uuid NOT NULL REFERENCES users (id),
        granted_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id),
        revoke_reason text CHECK (length(revoke_reason) BETWEEN 1 AND 500),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)),
        PRIMARY KEY (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX observer_grants_organisation ON observer_grants (organisation_id, cooperative_id)`);
    await enableTenantRowSecurity(db, ['observer_grants']);
    await db.query(`
      CREATE POLICY observer_grants_observed ON observer_grants FOR SELECT
        USING (organisation_id IN (SELECT p.organisation_id FROM organisation_people p WHERE p.user_id = app_user_id()))`);

    await db.query(`ALTER TABLE case_partners ADD COLUMN organisation_id uuid REFERENCES organisations (id)`);
    await db.query(`CREATE INDEX case_partners_organisation ON case_partners (organisation_id, cooperative_id) WHERE organisation_id IS NOT NULL`);
    await db.query(`
      CREATE POLICY case_partners_partnered ON case_partners FOR SELECT
        USING (organisation_id IN (SELECT p.organisation_id FROM organisation_people p WHERE p.user_id = app_user_id() AND p.role = 'partner'))`);

    await db.query(`
      CREATE POLICY cooperatives_observed ON cooperatives FOR SELECT USING (
        EXISTS (SELECT 1 FROM observer_grants g WHERE g.cooperative_id = cooperatives.id AND g.revoked_at IS NULL
                   AND (now() AT TIME ZONE cooperatives.timezone)::date BETWEEN g.valid_from AND coalesce(g.valid_until, 'infinity'::date)
                   AND g.organisation_id IN (SELECT p.organisation_id FROM organisation_people p WHERE p.user_id = app_user_id()))
        OR EXISTS (SELECT 1 FROM case_partners cp WHERE cp.cooperative_id = cooperatives.id
                   AND cp.organisation_id IN (SELECT p.organisation_id FROM organisation_people p WHERE p.user_id = app_user_id() AND p.role = 'partner')))`);

    await db.query(`
      CREATE TABLE public_benefit_statements (
        cooperative_id uuid PRIMARY KEY REFERENCES cooperatives (id),
        published boolean NOT NULL,
        changed_by uuid NOT NULL REFERENCES users (id),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await enableTenantRowSecurity(db, ['public_benefit_statements']);

    await db.query(`GRANT SELECT, INSERT ON organisations TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON organisation_people TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON observer_grants TO ushirika_api`);
    await db.query(`GRANT UPDATE (organisation_id) ON case_partners TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON public_benefit_statements TO ushirika_api`);

    await db.query(resolveAccess(true));

    await db.query(`
      CREATE FUNCTION app_public_benefit_statement(p_cooperative uuid, p_from date, p_to date) RETURNS jsonb
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER
      SET search_path = public, pg_temp SET app.cooperative_ids = '' SET app.operator = 'off' SET app.user_id = '' AS $$
      DECLARE
        v_result jsonb;
      BEGIN
        PERFORM set_config('app.cooperative_ids', p_cooperative::text, true);
        IF NOT EXISTS (SELECT 1 FROM public_benefit_statements s WHERE s.cooperative_id = p_cooperative AND s.published) THEN
          RETURN NULL;
        END IF;
        SELECT jsonb_build_object(
          'cooperative', jsonb_build_object('id', c.id, 'name', c.name, 'country', c.country, 'province', c.province, 'timezone', c.timezone),
          'received', coalesce((
            SELECT jsonb_agg(jsonb_build_object('fundCode', fund_code, 'currency', currency, 'amountMinor', amount::text, 'purchases', purchases) ORDER BY fund_code, currency)
              FROM (SELECT f.value->>'fundCode' AS fund_code, p.currency::text AS currency, sum((f.value->>'amountMinor')::bigint) AS amount,
                           count(*) FILTER (WHERE p.kind = 'purchase') - count(*) FILTER (WHERE p.kind = 'reversal') AS purchases
                      FROM purchase_ledger p CROSS JOIN LATERAL jsonb_array_elements(p.fees) AS f(value)
                     WHERE p.cooperative_id = c.id
                       AND (((CASE p.kind WHEN 'reversal' THEN p.recorded_at ELSE coalesce(p.captured_at, p.recorded_at) END) AT TIME ZONE c.timezone)::date
                            BETWEEN p_from AND p_to)
                     GROUP BY 1, 2) lines), '[]'::jsonb),
          'spending', coalesce((
            SELECT jsonb_agg(jsonb_build_object('fundCode', fund_code, 'currency', currency, 'purpose', purpose, 'count', n, 'amountMinor', amount::text) ORDER BY fund_code, currency, amount DESC, purpose)
              FROM (SELECT s.fund_code, s.currency::text AS currency, s.purpose, count(*) AS n, sum(s.amount_minor) AS amount
                      FROM fund_spending s JOIN fund_spending_decisions d
                        ON d.cooperative_id = s.cooperative_id AND d.spending_id = s.id AND d.decision = 'approved'
                     WHERE s.cooperative_id = c.id AND s.spent_on BETWEEN p_from AND p_to
                     GROUP BY 1, 2, 3) spent), '[]'::jsonb))
          INTO v_result
          FROM cooperatives c WHERE c.id = p_cooperative;
        RETURN v_result;
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION app_public_benefit_statement(uuid, date, date) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION app_public_benefit_statement(uuid, date, date) TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION app_public_benefit_statement(uuid, date, date)`);
    await db.query(resolveAccess(false));
    await db.query(`DROP TABLE public_benefit_statements`);
    await db.query(`DROP POLICY cooperatives_observed ON cooperatives`);
    await db.query(`DROP POLICY case_partners_partnered ON case_partners`);
    await db.query(`ALTER TABLE case_partners DROP COLUMN organisation_id`);
    await db.query(`DROP TABLE observer_grants`);
    await db.query(`DROP TABLE organisation_people`);
    await db.query(`DROP TABLE organisations`);
  }
}

/** The access function of AccessInOneStatement, with (or, going down, without) the organisations' roles. */
function resolveAccess(withOrganisations: boolean): string {
  const organisationRoles = `
                   UNION ALL
                   SELECT op.role FROM organisation_people op
                    WHERE op.user_id = u.id AND p_cooperative IS NOT NULL AND (
                      (op.role = 'observer' AND EXISTS (
                         SELECT 1 FROM observer_grants g JOIN cooperatives c ON c.id = g.cooperative_id
                          WHERE g.cooperative_id = p_cooperative AND g.organisation_id = op.organisation_id AND g.revoked_at IS NULL
                            AND (now() AT TIME ZONE c.timezone)::date BETWEEN g.valid_from AND coalesce(g.valid_until, 'infinity'::date)))
                      OR (op.role = 'partner' AND EXISTS (
                         SELECT 1 FROM case_partners cp WHERE cp.cooperative_id = p_cooperative AND cp.organisation_id = op.organisation_id)))`;
  return `
      CREATE OR REPLACE FUNCTION app_resolve_access(p_user uuid, p_cooperative uuid)
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
                 COALESCE((SELECT array_agg(held.role ORDER BY held.role) FROM (
                   SELECT r.role::text AS role FROM user_roles r WHERE r.user_id = u.id AND r.cooperative_id = p_cooperative${withOrganisations ? organisationRoles : ''}
                 ) held), '{}'::text[]),
                 p_cooperative IS NOT NULL AND EXISTS (
                   SELECT 1 FROM supervisor_jurisdictions j JOIN cooperatives c ON c.country = j.country AND c.province = j.province
                    WHERE j.user_id = u.id AND c.id = p_cooperative)
            FROM users u WHERE u.id = p_user;
      END $$`;
}
