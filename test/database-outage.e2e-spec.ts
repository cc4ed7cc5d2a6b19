import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createDatabaseIfMissing, resolveDatabaseTarget, withDatabase } from '../src/database/database-target.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migrateAndPrepare } from '../src/database/migrate.js';
import { adminQuery, targetFor } from './support/test-database.js';
import { startTestApp, TEST_JWT_SECRET } from './support/test-app.js';

/**
 * The database goes away under a running API: its sessions are cut, PostgreSQL restarts, or
 * the embedded engine dies. The API must not crash, answers 503 meanwhile and serves again.
 */
const silentConfig = (dataDir: string): ReturnType<typeof loadConfig> =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, JOBS_POLL_MS: '0', DEMO_DATA: 'false' });

async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectUnavailable(response: request.Response): void {
  expect(response.status).toBe(503);
  expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(response.body.code).toBe('DATABASE_UNAVAILABLE');
}

describe('a database that goes away', () => {
  it('survives pg_terminate_backend: the request in flight gets 503 DATABASE_UNAVAILABLE in French or English, the next ones are served', async () => {
    const app = await startTestApp({ JOBS_POLL_MS: '0' });
    try {
      await app.http().get('/health/ready').expect(200);
      const database = new URL(app.target.ownerUrl).pathname.slice(1);
      // Hold the users table so that a login stays in flight while its session is cut.
      const holder = new pg.Client({ connectionString: app.target.ownerUrl });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
        const inFlight = app
          .http()
          .post('/api/v1/auth/login')
          .set('accept-language', 'fr')
          .send({ login: 'nobody@example.org', password: 'whatever-whatever' })
          .then((response) => response);
        await eventually(async () => {
          const waiting = await adminQuery(app.target.ownerUrl, `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND usename = $2 AND wait_event_type = 'Lock'`, [database, app.target.appUser]);
          return waiting.length > 0;
        });
        const killed = await adminQuery<{ pid: number }>(
          app.target.ownerUrl,
          'SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE datname = $1 AND usename = $2',
          [database, app.target.appUser],
        );
        expect(killed.length).toBeGreaterThan(0);
        const answer = await inFlight;
        expectUnavailable(answer);
        expect(answer.body.detail).toContain('base de données');
      } finally {
        await holder.query('ROLLBACK').catch(() => undefined);
        await holder.end();
      }
      // Idle sessions were cut too: the pool replaces them without anyone restarting anything.
      await adminQuery(app.target.ownerUrl, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = $2', [database, app.target.appUser]);
      await eventually(async () => (await app.http().get('/health/ready')).status === 200);
      const english = await app.http().post('/api/v1/auth/login').send({ login: 'nobody@example.org', password: 'whatever-whatever' });
      expect(english.status).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('answers 503 while PostgreSQL is stopped and serves again by itself once it is back on the same port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ushirika-outage-'));
    const password = randomBytes(12).toString('hex');
    let engine = await startEmbeddedPostgres({ dataDir: dir, port: 0, password });
    const port = engine.port;
    let app: Awaited<ReturnType<typeof createApp>> | undefined;
    try {
      await createDatabaseIfMissing(engine.ownerUrl, 'outage');
      const target = targetFor(withDatabase(engine.ownerUrl, 'outage'));
      await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
      app = await createApp(silentConfig(dir), target);
      const http = app.getHttpServer();
      await request(http).get('/health/ready').expect(200);

      await engine.stop();
      expectUnavailable(await request(http).get('/health/ready'));
      expectUnavailable(await request(http).post('/api/v1/auth/login').set('accept-language', 'en').send({ login: 'a@b.org', password: 'whatever-whatever' }));
      expect((await request(http).get('/health')).status).toBe(200);

      engine = await startEmbeddedPostgres({ dataDir: dir, port, password });
      await eventually(async () => (await request(http).get('/health/ready')).status === 200);
    } finally {
      await app?.close();
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restarts the embedded engine it started itself when that engine is killed, and serves again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ushirika-killed-'));
    const events: string[] = [];
    const config = silentConfig(dir);
    const target = await resolveDatabaseTarget(config, () => undefined, { onEngineEvent: (event) => events.push(event) });
    let app: Awaited<ReturnType<typeof createApp>> | undefined;
    try {
      await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
      app = await createApp(config, target);
      const http = app.getHttpServer();
      await request(http).get('/health/ready').expect(200);
      const firstPid = target.embedded?.pid;
      expect(firstPid).toEqual(expect.any(Number));

      process.kill(firstPid as number, 'SIGKILL');
      const during = await request(http).get('/health/ready');
      expect([200, 503]).toContain(during.status);
      if (during.status === 503) expectUnavailable(during);

      await eventually(async () => (await request(http).get('/health/ready')).status === 200, 60_000);
      expect(target.embedded?.pid).toEqual(expect.any(Number));
      expect(target.embedded?.pid).not.toBe(firstPid);
      expect(events).toEqual(['engine-died', 'engine-restarted']);
    } finally {
      await app?.close();
      await target.embedded?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
