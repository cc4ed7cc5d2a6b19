import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Background jobs and jurisdiction-wide reports.
 *
 * `jobs` is a small PostgreSQL queue: a worker claims the oldest queued job (or a running one
 * whose worker stopped sending heartbeats) with `FOR UPDATE SKIP LOCKED`, so two instances
 * never take the same job, and a job outlives the process that accepted it. A job is seen by
 * the user who asked for it (and the cooperative it belongs to); the workers read and write
 * the queue with `app.job_runner` set, the way `app.operator` opens the cooperatives table.
 *
 * `jurisdiction_reports` holds the province-wide reports supervisors generate, append-only like
 * `reports`, visible to the supervisors whose jurisdiction covers the province.
 */
export class JobsJurisdictionReports1763902700000 implements MigrationInterface {
  name = 'JobsJurisdictionReports1763902700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION app_is_job_runner() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce(current_setting('app.job_runner', true), '') = 'on'
      $$`);
    await db.query(`
      CREATE TABLE jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
        cooperative_id uuid REFERENCES cooperatives (id),
        requested_by uuid NOT NULL REFERENCES users (id),
        payload jsonb NOT NULL DEFAULT '{}',
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
        progress_done integer NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
        progress_total integer NOT NULL DEFAULT 0 CHECK (progress_total >= 0),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        locked_by text,
        heartbeat_at timestamptz,
        result jsonb,
        error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        CHECK ((state = 'running') = (locked_by IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX jobs_pending ON jobs (created_at) WHERE state IN ('queued', 'running')`);
    await db.query(`CREATE INDEX jobs_requested_by ON jobs (requested_by, created_at DESC)`);
    await db.query(`ALTER TABLE jobs ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY jobs_visible ON jobs
        USING (requested_by = app_user_id() OR cooperative_id = ANY (app_cooperative_ids()) OR app_is_job_runner())
        WITH CHECK (requested_by = app_user_id() OR app_is_job_runner())`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON jobs TO ushirika_api`);

    await db.query(`
      CREATE TABLE jurisdiction_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        country char(2) NOT NULL,
        province text NOT NULL,
        period_key text NOT NULL CHECK (length(period_key) BETWEEN 4 AND 40),
        period_from date NOT NULL,
        period_to date NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        content jsonb NOT NULL,
        content_hash char(64) NOT NULL,
        generated_by uuid NOT NULL REFERENCES users (id),
        generated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (country, province, period_from, period_to, version),
        CHECK (period_to >= period_from)
      )`);
    await db.query(`CREATE INDEX jurisdiction_reports_generated ON jurisdiction_reports (country, province, generated_at DESC)`);
    await db.query(`
      CREATE TRIGGER jurisdiction_reports_append_only BEFORE UPDATE OR DELETE ON jurisdiction_reports
        FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    await db.query(`ALTER TABLE jurisdiction_reports ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    const inJurisdiction = `EXISTS (SELECT 1 FROM supervisor_jurisdictions j
        WHERE j.user_id = app_user_id() AND j.country = jurisdiction_reports.country AND j.province = jurisdiction_reports.province)`;
    await db.query(`CREATE POLICY jurisdiction_reports_visible ON jurisdiction_reports USING (${inJurisdiction}) WITH CHECK (${inJurisdiction})`);
    await db.query(`GRANT SELECT, INSERT ON jurisdiction_reports TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE jurisdiction_reports`);
    await db.query(`DROP TABLE jobs`);
    await db.query(`DROP FUNCTION app_is_job_runner()`);
  }
}
