import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency rows expire (IDEMPOTENCY_RETENTION_HOURS): an index to find the old ones and
 * policies that let the job worker (app.job_runner, as for `jobs`) see and purge every
 * user's expired rows, nothing else. Rows already stored for anonymous reports, and for
 * evidence sent on anonymous flags, named their reporter: they go now.
 */
export class H6IdempotencyRetention1763903060000 implements MigrationInterface {
  name = 'H6IdempotencyRetention1763903060000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)`);
    await db.query(`CREATE POLICY idempotency_purge_seen ON idempotency_keys FOR SELECT USING (app_is_job_runner())`);
    await db.query(`CREATE POLICY idempotency_purged ON idempotency_keys FOR DELETE USING (app_is_job_runner())`);
    await db.query(`
      DELETE FROM idempotency_keys k
       WHERE k.method = 'POST'
         AND ((k.path ~ '/risk-flags$' AND k.response->>'anonymous' = 'true')
           OR (k.path ~ '/risk-flags/[0-9a-fA-F-]{36}/evidence$'
               AND EXISTS (SELECT 1 FROM risk_flags f WHERE f.anonymous AND f.id::text = substring(k.path from '/risk-flags/([0-9a-fA-F-]{36})/evidence$'))))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP POLICY idempotency_purged ON idempotency_keys`);
    await db.query(`DROP POLICY idempotency_purge_seen ON idempotency_keys`);
    await db.query(`DROP INDEX idempotency_keys_created_at`);
  }
}
