import type { MigrationInterface, QueryRunner } from 'typeorm';
import { H9GateScanFactsFunction1764000310000 } from './1764000310000-h9-gate-scan-facts-function.js';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

const FACTS_SIGNATURE = 'gate_scan_facts(uuid, uuid, uuid, uuid, uuid, text, timestamptz)';

/**
 * Issue 25: community incident reports and site authorisations.
 *
 * - incident_reports: what a community reported (anonymously through the public form, or a
 *   community monitor of an observer organisation), each raising one risk flag whose source
 *   is 'community_report'. An anonymous report keeps no reporter at all (the checks forbid
 *   one); a monitor's keeps their organisation and user. observer_organisation_id has no
 *   foreign key yet: the observer organisations land with another change of issue 25.
 * - public_form_throttle, public_form_challenges_spent: the public form's deployment state.
 *   The throttle's key is a keyed hash of the client address whose key changes every window,
 *   never the address; spent challenge ids are kept until the challenge would have expired.
 * - site_authorisations: a site's permits (ZEA, exploitation authorisation, environmental
 *   obligations…); a renewal is a new row naming the one it renews (renewed at most once),
 *   the current ones are those nobody renewed. site_authorisation_scans: their scanned
 *   documents, append-only like risk evidence, the latest one shown.
 * - sites.authorisations_expire_on: the earliest expiry of the site's current authorisations,
 *   kept by a trigger, so that the gate's one read (gate_scan_facts) tells an expired site
 *   without a further query.
 */
const TENANT_TABLES = ['incident_reports', 'site_authorisations', 'site_authorisation_scans'];

export const INCIDENT_REPORT_CATEGORIES_SQL = `'armed_presence', 'armed_attack', 'illegal_taxation', 'security_forces_extortion', 'violence',
  'sexual_violence', 'forced_labour', 'displacement', 'land_conflict', 'water_pollution', 'environmental_damage', 'mercury_use',
  'child_labour_seen', 'accident', 'other'`;

export class H8CommunityReportsSiteAuthorisations1764001700000 implements MigrationInterface {
  name = 'H8CommunityReportsSiteAuthorisations1764001700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_source_check, ADD CONSTRAINT risk_flags_source_check CHECK (source IN (
      'manual', 'minor_at_gate', 'minor_registration_attempt', 'pregnancy_at_forbidden_zone', 'unknown_apparent_minor_at_gate', 'buyer_discrepancy',
      'standard_assessment', 'kimberley_certificate_discrepancy', 'community_report'))`);
    await db.query(`ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_source_type_check, ADD CONSTRAINT risk_flags_source_type_check CHECK (source_type IN (
      'gate_attempt', 'registration_attempt', 'sale_reconciliation', 'sale', 'site_assessment', 'kimberley_certificate', 'incident_report'))`);

    await db.query(`
      CREATE TABLE incident_reports (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        category text NOT NULL CHECK (category IN (${INCIDENT_REPORT_CATEGORIES_SQL})),
        site_id uuid,
        latitude_e6 integer CHECK (latitude_e6 BETWEEN -90000000 AND 90000000),
        longitude_e6 integer CHECK (longitude_e6 BETWEEN -180000000 AND 180000000),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
        seen_on date NOT NULL,
        received_on date NOT NULL,
        reporter_kind text NOT NULL CHECK (reporter_kind IN ('anonymous', 'monitor')),
        observer_organisation_id uuid,
        reporter_user_id uuid REFERENCES users (id),
        risk_flag_id uuid NOT NULL,
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, risk_flag_id),
        FOREIGN KEY (cooperative_id, site_id) REFERENCES sites (cooperative_id, id),
        FOREIGN KEY (cooperative_id, risk_flag_id) REFERENCES risk_flags (cooperative_id, id),
        CHECK (site_id IS NOT NULL OR latitude_e6 IS NOT NULL),
        CHECK ((latitude_e6 IS NULL) = (longitude_e6 IS NULL)),
        CHECK (seen_on <= received_on),
        CHECK (CASE reporter_kind WHEN 'anonymous' THEN observer_organisation_id IS NULL AND reporter_user_id IS NULL
                                  ELSE observer_organisation_id IS NOT NULL AND reporter_user_id IS NOT NULL END)
      )`);
    await db.query(`CREATE INDEX incident_reports_received ON incident_reports (cooperative_id, received_on DESC, id DESC)`);

    await db.query(`
      CREATE TABLE public_form_throttle (
        address_key text PRIMARY KEY CHECK (address_key ~ '^[0-9a-f]{64}$'),
        window_started_at timestamptz NOT NULL,
        submissions integer NOT NULL CHECK (submissions >= 0)
      )`);
    await db.query(`CREATE INDEX public_form_throttle_window ON public_form_throttle (window_started_at)`);
    await db.query(`
      CREATE TABLE public_form_challenges_spent (
        challenge_id uuid PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX public_form_challenges_spent_expiry ON public_form_challenges_spent (expires_at)`);

    await db.query(`
      CREATE TABLE site_authorisations (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('artisanal_exploitation_zone', 'exploitation_authorisation', 'environmental_obligations',
          'cooperative_approval', 'other')),
        number text NOT NULL CHECK (length(trim(number)) BETWEEN 1 AND 100),
        issuer text NOT NULL CHECK (length(trim(issuer)) BETWEEN 1 AND 200),
        issued_on date NOT NULL,
        expires_on date,
        notes text CHECK (length(notes) BETWEEN 1 AND 2000),
        renews_id uuid,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, renews_id),
        FOREIGN KEY (cooperative_id, site_id) REFERENCES sites (cooperative_id, id),
        FOREIGN KEY (cooperative_id, renews_id) REFERENCES site_authorisations (cooperative_id, id),
        CHECK (expires_on IS NULL OR expires_on >= issued_on),
        CHECK (renews_id IS NULL OR renews_id <> id)
      )`);
    await db.query(`CREATE INDEX site_authorisations_site ON site_authorisations (cooperative_id, site_id, kind)`);

    await db.query(`
      CREATE TABLE site_authorisation_scans (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        authorisation_id uuid NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
        byte_size integer NOT NULL CHECK (byte_size BETWEEN 1 AND 2097152),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users (id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, authorisation_id) REFERENCES site_authorisations (cooperative_id, id),
        CHECK (octet_length(content) = byte_size)
      )`);
    await db.query(`CREATE INDEX site_authorisation_scans_of ON site_authorisation_scans (cooperative_id, authorisation_id, uploaded_at DESC)`);
    await db.query(`
      CREATE TRIGGER site_authorisation_scans_append_only BEFORE UPDATE OR DELETE ON site_authorisation_scans
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);

    await db.query(`ALTER TABLE sites ADD COLUMN authorisations_expire_on date`);
    await db.query(`
      CREATE FUNCTION site_authorisations_expiry_kept() RETURNS trigger
      LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
      BEGIN
        UPDATE sites s SET authorisations_expire_on = (
            SELECT min(a.expires_on) FROM site_authorisations a
             WHERE a.cooperative_id = s.cooperative_id AND a.site_id = s.id
               AND NOT EXISTS (SELECT 1 FROM site_authorisations r WHERE r.cooperative_id = a.cooperative_id AND r.renews_id = a.id))
         WHERE s.cooperative_id = NEW.cooperative_id AND s.id = NEW.site_id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER site_authorisations_expiry AFTER INSERT OR UPDATE ON site_authorisations
        FOR EACH ROW EXECUTE FUNCTION site_authorisations_expiry_kept()`);

    await db.query(`
      CREATE OR REPLACE FUNCTION gate_scan_facts(
        p_cooperative uuid, p_site uuid, p_zone uuid, p_event uuid, p_miner uuid, p_member_number text, p_captured_at timestamptz)
      RETURNS TABLE (site json, zone json, timezone text, recorded boolean, member json, events json, present json, allowed_events integer)
      LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
        WITH member AS (
          SELECT m.id, m.member_number, m.first_name, m.last_name, m.status, m.date_of_birth::text AS date_of_birth, m.birth_year, m.birth_date_estimated,
                 (SELECT json_build_object('currentTokenId', c.current_token_id) FROM miner_card_credentials c
                   WHERE c.cooperative_id = m.cooperative_id AND c.miner_id = m.id) AS credential,
                 coalesce((SELECT json_agg(json_build_object('cardNumber', k.card_number, 'issuedOn', k.issued_on::text, 'expiresOn', k.expires_on::text)
                                    ORDER BY k.issued_on, k.recorded_at)
                             FROM miner_cards k WHERE k.cooperative_id = m.cooperative_id AND k.miner_id = m.id), '[]') AS cards,
                 coalesce((SELECT json_agg(json_build_object('topic', s.topic, 'date', s.held_on::text, 'validityMonths', s.validity_months)
                                    ORDER BY s.held_on, s.id)
                             FROM training_attendance a JOIN training_sessions s ON s.cooperative_id = a.cooperative_id AND s.id = a.session_id
                            WHERE a.cooperative_id = m.cooperative_id AND a.miner_id = m.id), '[]') AS trainings
            FROM miners m
           WHERE m.cooperative_id = p_cooperative AND (m.id = p_miner OR m.member_number = p_member_number)
           LIMIT 1),
        last_exit AS (
          SELECT coalesce(max(e.captured_at), '-infinity') AS at FROM gate_events e, member m
           WHERE e.cooperative_id = p_cooperative AND e.site_id = p_site AND e.miner_id = m.id AND e.allowed AND e.miner_id IS NOT NULL
             AND e.direction = 'out' AND e.captured_at <= p_captured_at)
        SELECT (SELECT json_build_object('status', s.status, 'closed_reason', s.closed_reason, 'authorisations_expire_on', s.authorisations_expire_on::text)
                  FROM sites s WHERE s.cooperative_id = p_cooperative AND s.id = p_site),
               (SELECT row_to_json(z) FROM (
                  SELECT z.id, z.hazardous, z.ppe_required, z.forbids_pregnancy, z.capacity, z.trainings_required,
                         (z.arrivals - coalesce((SELECT d.departures FROM gate_zone_departures d
                                                  WHERE d.cooperative_id = z.cooperative_id AND d.site_id = z.site_id AND d.zone_id = z.id), 0))::int AS headcount
                    FROM site_zones z WHERE z.cooperative_id = p_cooperative AND z.site_id = p_site AND z.id = p_zone) z),
               (SELECT c.timezone::text FROM cooperatives c WHERE c.id = p_cooperative),
               p_event IS NOT NULL AND EXISTS (SELECT 1 FROM gate_events e WHERE e.cooperative_id = p_cooperative AND e.id = p_event),
               (SELECT row_to_json(m) FROM member m),
               (SELECT json_agg(json_build_object('zoneId', e.zone_id, 'direction', e.direction, 'capturedAt', e.captured_at))
                  FROM gate_events e, member m, last_exit x
                 WHERE e.cooperative_id = p_cooperative AND e.site_id = p_site AND e.miner_id = m.id AND e.allowed AND e.miner_id IS NOT NULL
                   AND e.captured_at >= x.at),
               (SELECT json_build_object('zoneId', p.zone_id, 'enteredAt', p.entered_at) FROM gate_presence p, member m
                 WHERE p.cooperative_id = p_cooperative AND p.site_id = p_site AND p.miner_id = m.id),
               (SELECT count(*)::int FROM gate_events e, member m
                 WHERE e.cooperative_id = p_cooperative AND e.site_id = p_site AND e.miner_id = m.id AND e.allowed AND e.miner_id IS NOT NULL);
      END $$`);

    await enableTenantRowSecurity(db, TENANT_TABLES);
    await db.query(`GRANT SELECT, INSERT ON incident_reports TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON site_authorisations TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON site_authorisation_scans TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON public_form_throttle TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON public_form_challenges_spent TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION ${FACTS_SIGNATURE}`);
    await new H9GateScanFactsFunction1764000310000().up(db);
    await db.query(`DROP TRIGGER site_authorisations_expiry ON site_authorisations`);
    await db.query(`DROP FUNCTION site_authorisations_expiry_kept()`);
    await db.query(`ALTER TABLE sites DROP COLUMN authorisations_expire_on`);
    for (const table of ['site_authorisation_scans', 'site_authorisations', 'public_form_challenges_spent', 'public_form_throttle', 'incident_reports']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`DELETE FROM risk_flags WHERE source = 'community_report'`);
    await db.query(`ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_source_type_check, ADD CONSTRAINT risk_flags_source_type_check CHECK (source_type IN (
      'gate_attempt', 'registration_attempt', 'sale_reconciliation', 'sale', 'site_assessment', 'kimberley_certificate'))`);
    await db.query(`ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_source_check, ADD CONSTRAINT risk_flags_source_check CHECK (source IN (
      'manual', 'minor_at_gate', 'minor_registration_attempt', 'pregnancy_at_forbidden_zone', 'unknown_apparent_minor_at_gate', 'buyer_discrepancy',
      'standard_assessment', 'kimberley_certificate_discrepancy'))`);
  }
}
