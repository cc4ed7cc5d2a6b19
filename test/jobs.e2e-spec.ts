import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import type { DatabaseTarget } from '../src/database/database-target.js';
import { JobRunner } from '../src/jobs/job-runner.js';
import type { JobView } from '../src/jobs/dto/job.view.js';
import { TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';
import { bearer, createCooperative, member, operatorSession, type Session } from './support/identity-fixture.js';
import { waitForJob } from './reports-support.js';

/** An application instance on a shared database: several of them stand for several servers. */
async function instance(target: DatabaseTarget, dataDir: string): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, JOBS_POLL_MS: '200' });
  const app: NestFastifyApplication = await createApp(config, target);
  return { app, target, config, http: () => request(app.getHttpServer()), close: () => app.close() };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('background jobs stored in PostgreSQL', () => {
  let target: DatabaseTarget;
  let drop: () => Promise<void>;
  let dataDir: string;
  let first: TestApp;
  let coop: string;
  let admin: Session;
  const running: TestApp[] = [];

  const start = async (): Promise<TestApp> => {
    const app = await instance(target, dataDir);
    running.push(app);
    return app;
  };
  const stop = async (app: TestApp): Promise<void> => {
    running.splice(running.indexOf(app), 1);
    await app.close();
  };
  const queueReport = async (app: TestApp, period: string): Promise<JobView> =>
    (await app.http().post(`/api/v1/cooperatives/${coop}/reports`).set(bearer(admin)).set('Prefer', 'respond-async').send({ period }).expect(202)).body as JobView;
  const reportsOf = (period: string) => adminQuery<{ id: string }>(target.ownerUrl, `SELECT id FROM reports WHERE cooperative_id = $1 AND period_key = $2`, [coop, period]);
  const jobRow = async (id: string) => (await adminQuery<{ state: string; attempts: number; locked_by: string | null }>(target.ownerUrl, 'SELECT state, attempts, locked_by FROM jobs WHERE id = $1', [id]))[0];

  /** Holds inserts into `reports` so that a generation stops just before storing, until released. */
  async function holdReports(): Promise<{ blockedBackend(): Promise<number>; release(): Promise<void> }> {
    const client = new pg.Client({ connectionString: target.ownerUrl });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE reports IN SHARE ROW EXCLUSIVE MODE');
    return {
      async blockedBackend() {
        for (;;) {
          // From another connection: inside the holding transaction the activity view is a snapshot.
          const rows = await adminQuery<{ pid: number }>(
            target.ownerUrl,
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ~* '^\\s*INSERT INTO "?reports"? '`,
          );
          if (rows.length > 0) return rows[0].pid;
          await pause(50);
        }
      },
      async release() {
        await client.query('ROLLBACK');
        await client.end();
      },
    };
  }

  beforeAll(async () => {
    ({ target, drop } = await createTestDatabase());
    dataDir = mkdtempSync(join(tmpdir(), 'ushirika-jobs-'));
    first = await start();
    const operator = await operatorSession(first);
    coop = await createCooperative(first, operator, 'Kazi Pamoja');
    admin = await member(first, operator, coop, 'admin', 'jobs');
  }, 120_000);

  afterAll(async () => {
    for (const app of [...running]) await stop(app);
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows progress while a job runs, and a job cut short by a restart completes once on the next instance', async () => {
    const hold = await holdReports();
    const job = await queueReport(first, '2026-01');
    const midway = await waitForJob(first, admin, job.id, (j) => j.state === 'running' && j.progress.done >= 6);
    expect(midway.progress).toEqual({ done: 6, total: 7, percent: 85 });
    expect(midway.attempts).toBe(1);
    const blocked = await hold.blockedBackend();

    // Shut the instance down while the job waits to store its report; its statement is
    // cancelled, as when a server goes away mid-transaction.
    const runner = first.app.get(JobRunner);
    const closing = stop(first);
    while (!runner.isStopping) await pause(10);
    await adminQuery(target.ownerUrl, 'SELECT pg_cancel_backend($1)', [blocked]);
    await closing;
    await hold.release();
    expect(await jobRow(job.id)).toEqual({ state: 'queued', attempts: 1, locked_by: null });
    expect(await reportsOf('2026-01')).toEqual([]);

    const next = await start();
    const done = await waitForJob(next, admin, job.id);
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2, progress: { done: 7, total: 7, percent: 100 } });
    const stored = await reportsOf('2026-01');
    expect(stored).toEqual([{ id: (done.result as { reportId: string }).reportId }]);
    const audits = await adminQuery(target.ownerUrl, "SELECT 1 FROM audit_log WHERE action = 'report.generated' AND entity_id = $1", [stored[0].id]);
    expect(audits).toHaveLength(1);
  });

  it('never lets a second instance take a job another one is running', async () => {
    const a = running[0];
    const b = await start();
    const hold = await holdReports();
    const job = await queueReport(a, '2026-02');
    await waitForJob(a, admin, job.id, (j) => j.state === 'running');
    await hold.blockedBackend();
    const holder = (await jobRow(job.id)).locked_by;
    expect(holder).not.toBeNull();
    // Instance B looks for work while A holds the job: it finds none.
    expect(await b.app.get(JobRunner).runOnce()).toBe(false);
    expect((await jobRow(job.id)).locked_by).toBe(holder);
    await hold.release();
    expect(await waitForJob(a, admin, job.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
    expect(await reportsOf('2026-02')).toHaveLength(1);
  });

  it('runs each of many jobs queued on two instances exactly once', async () => {
    const [a, b] = running;
    const periods = ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08'];
    const jobs = await Promise.all(periods.map((period, index) => queueReport(index % 2 === 0 ? a : b, period)));
    const finished = await Promise.all(jobs.map((job) => waitForJob(a, admin, job.id)));
    expect(finished.map((job) => [job.state, job.attempts])).toEqual(periods.map(() => ['succeeded', 1]));
    for (const period of periods) expect(await reportsOf(period)).toHaveLength(1);
  });

  it('takes over a job whose worker died (no heartbeat), and gives up after three deaths', async () => {
    const [a] = running;
    const [orphan] = await adminQuery<{ id: string }>(
      target.ownerUrl,
      `INSERT INTO jobs (kind, cooperative_id, requested_by, payload, state, attempts, locked_by, heartbeat_at, started_at)
       VALUES ('report.regulator', $1, $2, '{"period":"2025-09"}', 'running', 1, 'dead-host:1:gone', now() - interval '1 hour', now() - interval '1 hour')
       RETURNING id`,
      [coop, admin.userId],
    );
    expect(await waitForJob(a, admin, orphan.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(await reportsOf('2025-09')).toHaveLength(1);

    const [exhausted] = await adminQuery<{ id: string }>(
      target.ownerUrl,
      `INSERT INTO jobs (kind, cooperative_id, requested_by, payload, state, attempts, locked_by, heartbeat_at, started_at)
       VALUES ('report.regulator', $1, $2, '{"period":"2025-10"}', 'running', 3, 'dead-host:1:gone', now() - interval '1 hour', now() - interval '1 hour')
       RETURNING id`,
      [coop, admin.userId],
    );
    expect(await waitForJob(a, admin, exhausted.id)).toMatchObject({ state: 'failed', attempts: 3, error: { code: 'JOB_ABANDONED' } });
    expect(await reportsOf('2025-10')).toEqual([]);
  });

  it('checks the requester\'s rights again when a job runs, and shows a job to its requester only', async () => {
    const [a] = running;
    const operator = await operatorSession(a);
    const other = await member(a, operator, coop, 'admin', 'other');
    const job = await queueReport(a, '2025-11');
    await a.http().get(`/api/v1/jobs/${job.id}`).set(bearer(other)).expect(404);
    await a.http().get('/api/v1/jobs/not-a-uuid').set(bearer(admin)).expect(400);
    await a.http().get(`/api/v1/jobs/${job.id}`).expect(401);
    expect(await waitForJob(a, admin, job.id)).toMatchObject({ state: 'succeeded', error: null });

    // A job row naming an officer (as if their admin role was withdrawn after queueing).
    const [revoked] = await adminQuery<{ id: string }>(
      target.ownerUrl,
      `INSERT INTO jobs (kind, cooperative_id, requested_by, payload) VALUES ('report.regulator', $1, $2, '{"period":"2025-12"}') RETURNING id`,
      [coop, (await member(a, operator, coop, 'officer', 'lost')).userId],
    );
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const [row] = await adminQuery<{ state: string; error: { code: string } | null }>(target.ownerUrl, 'SELECT state, error FROM jobs WHERE id = $1', [revoked.id]);
      if (row.state === 'failed') {
        expect(row.error).toEqual({ code: 'FORBIDDEN', params: {} });
        expect(await reportsOf('2025-12')).toEqual([]);
        return;
      }
      await pause(100);
    }
    throw new Error('the officer\'s job never failed');
  });
});
