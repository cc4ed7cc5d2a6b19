import type { MigrationInterface, QueryRunner } from 'typeorm';

const SIGNATURE = 'gate_scan_facts(uuid, uuid, uuid, uuid, uuid, text, timestamptz)';

/**
 * The facts of one gate scan (src/sites GateRepository.scanFacts) read by a server-side
 * function instead of a client-side named prepared statement, so that the API keeps working
 * behind PgBouncer in transaction mode (issue 23: a named statement prepared on one server
 * connection is unknown on the next one the pooler hands out). PL/pgSQL keeps the plan of the
 * function's query in the session's plan cache as a prepared statement would (planning this
 * statement of a dozen subqueries costs more than running it), whichever pooled connection
 * the call lands on.
 *
 * One row: the site (status, closed reason), the zone (its rules and headcount, arrivals
 * minus departures), the cooperative's time zone, whether an event with the scan's id is
 * already recorded, the member named by id or member number with their card credential,
 * cards (oldest first) and training attendances, the member's allowed events at the site
 * from their latest exit as of the capture time onwards, their presence row, and how many
 * allowed events they have at the site (what gate_record checks has not changed). Nothing is
 * locked. The same statement as the one it replaces, word for word but for the parameters.
 *
 * Runs as the caller (SECURITY INVOKER): row-level security applies to every table it reads.
 */
export class H9GateScanFactsFunction1764000310000 implements MigrationInterface {
  name = 'H9GateScanFactsFunction1764000310000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION gate_scan_facts(
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
        SELECT (SELECT json_build_object('status', s.status, 'closed_reason', s.closed_reason) FROM sites s WHERE s.cooperative_id = p_cooperative AND s.id = p_site),
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
    await db.query(`REVOKE ALL ON FUNCTION ${SIGNATURE} FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION ${SIGNATURE} TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION ${SIGNATURE}`);
  }
}
