import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { findFreePort } from '../src/database/free-port.js';
import { migrateAndPrepare } from '../src/database/migrate.js';
import { readSealedLines } from '../src/database/table-dump.js';
import { bearer, createCooperative, member, operatorSession, supervisor, type Session } from './support/identity-fixture.js';
import { ClusterRoot, clusterSql, requirePostgresBinaries, runPostgresBin, waitUntil } from './support/pg-cluster.js';
import { TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { targetFor } from './support/test-database.js';
import type { DatabaseTarget } from '../src/database/database-target.js';

/**
 * A primary and a hot standby built from it with pg_basebackup -R (PostgreSQL's own streaming
 * replication, Debian's binaries, free ports), the API on both: DATABASE_URL the primary,
 * DATABASE_READ_URL the standby. Pausing the standby's replay makes it visibly stale, which
 * tells which server answered each read.
 */
interface Supervised {
  id: string;
  name: string;
  lastReportAt: string | null;
}

type LoggedApp = TestApp & { lines: string[] };

/**
 * The API on the primary and the standby, its log (warnings and up) kept in `lines` for the
 * test to read. Nest's loggers are one per process: applications started in this one share `lines`.
 */
async function startApi(target: DatabaseTarget, standbyPort: number, dataDir: string, env: Record<string, string> = {}, lines: string[] = []): Promise<LoggedApp> {
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'warn', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, JOBS_POLL_MS: '0',
    DATABASE_URL: target.ownerUrl, DATABASE_READ_URL: `postgres://postgres@127.0.0.1:${standbyPort}/ushirika`, ...env,
  });
  const log = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
      done();
    },
  });
  const app = await createApp(config, target, log);
  return { app, target, config, lines, http: () => request(app.getHttpServer()), close: () => app.close() };
}

describe('a streaming read replica (DATABASE_READ_URL)', () => {
  let clusters: ClusterRoot;
  let primaryPort: number;
  let standbyPort: number;
  let t: LoggedApp;
  let dataDir: string;
  let tujenge: string;
  let admin: Session;
  let otherAdmin: Session;
  let auditor: Session;
  let lualaba: Session;

  const onPrimary = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => clusterSql<T>(primaryPort, sql, params);
  const onStandby = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => clusterSql<T>(standbyPort, sql, params);
  /** Until the standby has replayed everything the primary had written when asked. */
  const caughtUp = async (): Promise<void> => {
    const [{ lsn }] = await onPrimary<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    await waitUntil(async () => (await onStandby<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]))[0].done, `the standby at ${lsn}`, 100, 100);
  };
  const dashboard = async (api: TestApp = t): Promise<Supervised[]> =>
    (await api.http().get('/api/v1/supervision/cooperatives').set(bearer(lualaba)).expect(200)).body as Supervised[];
  /** The rows of the cooperative's export file, as an admin downloads it. */
  const exportedBy = async (session: Session): Promise<string> => {
    const passphrase = 'une phrase de passe assez longue';
    const response = await t.http().post(`/api/v1/cooperatives/${tujenge}/export`).set(bearer(session)).send({ passphrase })
      .buffer(true).parse((incoming, done) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const file = join(dataDir, 'export.ushirika');
    writeFileSync(file, response.body as Buffer);
    const lines: string[] = [];
    for await (const line of readSealedLines(file, passphrase)) lines.push(line);
    return lines.join('\n');
  };
  const reportsSeenBy = async (session: Session): Promise<string[]> =>
    ((await t.http().get(`/api/v1/cooperatives/${tujenge}/reports`).set(bearer(session)).expect(200)).body as { id: string }[]).map((report) => report.id);

  beforeAll(async () => {
    requirePostgresBinaries();
    clusters = new ClusterRoot('ushirika-replica-');
    primaryPort = await findFreePort();
    clusters.init('primary', primaryPort);
    clusters.start('primary');
    await clusterSql(primaryPort, 'CREATE DATABASE ushirika', [], 'postgres');
    const target = targetFor(`postgres://postgres@127.0.0.1:${primaryPort}/ushirika`);
    await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
    // The standby: a base backup of the running primary that streams from it (-R writes primary_conninfo and standby.signal).
    runPostgresBin('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', clusters.path('standby'), '-X', 'stream', '-c', 'fast', '-R', '--no-sync']);
    standbyPort = await findFreePort();
    clusters.configure('standby', [`port = ${standbyPort}`]);
    clusters.start('standby');

    dataDir = mkdtempSync(join(tmpdir(), 'ushirika-replica-data-'));
    t = await startApi(target, standbyPort, dataDir);
    const operator = await operatorSession(t);
    tujenge = await createCooperative(t, operator, 'Tujenge');
    await createCooperative(t, operator, 'Kazi', 'Haut-Katanga');
    admin = await member(t, operator, tujenge, 'admin', 'a');
    otherAdmin = await member(t, operator, tujenge, 'admin', 'b');
    auditor = await member(t, operator, tujenge, 'auditor', 'a');
    lualaba = await supervisor(t, operator, 'Lualaba', 'lualaba');
    await caughtUp();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    clusters?.stopAll();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves supervision and stored reports from the standby, with the same row-level security, and the writer from the primary', async () => {
    // Row-level security holds on the standby: the supervisor of Lualaba sees Tujenge, not Kazi of Haut-Katanga.
    expect((await dashboard()).map((row) => row.name)).toEqual(['Tujenge']);
    const readers = await onStandby<{ n: string }>(`SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name = 'ushirika-api-read' AND usename = $1`, [t.target.appUser]);
    expect(Number(readers[0].n)).toBeGreaterThan(0);

    // The standby stops replaying: from now on it answers with what it had.
    await onStandby('SELECT pg_wal_replay_pause()');
    await waitUntil(async () => (await onStandby<{ state: string }>('SELECT pg_get_wal_replay_pause_state() AS state'))[0].state === 'paused', 'replay paused', 50, 100);
    const month = new Date().toISOString().slice(0, 7);
    const report = (await t.http().post(`/api/v1/cooperatives/${tujenge}/reports`).set(bearer(admin)).send({ period: month }).expect(201)).body as { id: string };

    // The write went to the primary; the standby does not have it.
    expect(await onPrimary('SELECT id FROM reports WHERE id = $1', [report.id])).toHaveLength(1);
    expect(await onStandby('SELECT id FROM reports WHERE id = $1', [report.id])).toHaveLength(0);
    // The writer reads their own write (on the primary); another reader, on the stale standby, does not see it yet.
    expect(await reportsSeenBy(admin)).toEqual([report.id]);
    expect(await reportsSeenBy(auditor)).toEqual([]);
    expect((await dashboard())[0].lastReportAt).toBeNull();
    // The export of an admin who wrote nothing is read on the standby too: the new report is not in it.
    const exported = await exportedBy(otherAdmin);
    expect(exported).toContain(tujenge);
    expect(exported).not.toContain(report.id);
    // A report asked for by id that the standby does not have yet is looked up on the primary: never a 404 for lag.
    await t.http().get(`/api/v1/cooperatives/${tujenge}/reports/${report.id}`).set(bearer(auditor)).expect(200);

    // The lag shows in the readiness details.
    const ready = (await t.http().get('/health/ready').expect(200)).body as { replica: { status: string; lagSeconds: number; replayLsn: string; maxLagSeconds: number } };
    expect(ready.replica).toMatchObject({ status: 'streaming', maxLagSeconds: 30 });
    expect(ready.replica.lagSeconds).toBeGreaterThan(0);
    const [{ behind }] = await onPrimary<{ behind: boolean }>('SELECT $1::pg_lsn < pg_current_wal_lsn() AS behind', [ready.replica.replayLsn]);
    expect(behind).toBe(true);

    // Replay goes on: every reader sees the report, the standby is level again.
    await onStandby('SELECT pg_wal_replay_resume()');
    await caughtUp();
    expect(await reportsSeenBy(auditor)).toEqual([report.id]);
    expect((await dashboard())[0].lastReportAt).not.toBeNull();
    expect(t.lines.filter((line) => line.includes('read replica'))).toEqual([]);
  }, 30_000);

  it('reads on the primary, with a warning, while the standby lags beyond DATABASE_READ_MAX_LAG_SECONDS', async () => {
    const strict = await startApi(t.target, standbyPort, dataDir, { DATABASE_READ_MAX_LAG_SECONDS: '1' }, t.lines);
    try {
      await onStandby('SELECT pg_wal_replay_pause()');
      await onPrimary(`UPDATE cooperatives SET name = 'Tujenge Mpya' WHERE id = $1`, [tujenge]);
      // Nothing replayed for longer than the strict instance tolerates.
      await waitUntil(async () => ((await strict.http().get('/health/ready').expect(200)).body as { replica: { status: string } }).replica.status === 'lagging', 'the standby lagging', 50, 200);
      expect((await dashboard(strict)).map((row) => row.name)).toEqual(['Tujenge Mpya']);
      expect(t.lines.filter((line) => line.includes('read replica lagging'))).toHaveLength(1);
      // The instance that tolerates 30 s still reads the standby, as it was.
      expect((await dashboard()).map((row) => row.name)).toEqual(['Tujenge']);
    } finally {
      await onStandby('SELECT pg_wal_replay_resume()');
      await strict.close();
    }
    await caughtUp();
    expect((await dashboard()).map((row) => row.name)).toEqual(['Tujenge Mpya']);
  }, 20_000);

  it('reads on the primary, with a warning and no error, once the standby is gone', async () => {
    clusters.stop('standby', 'fast');
    expect((await dashboard()).map((row) => [row.name, row.lastReportAt !== null])).toEqual([['Tujenge Mpya', true]]);
    expect(await reportsSeenBy(auditor)).toHaveLength(1);
    expect(await exportedBy(otherAdmin)).toContain(tujenge);
    const warnings = t.lines.filter((line) => line.includes('read replica unavailable'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(JSON.parse(warnings[0]) as { level: number }).toMatchObject({ level: 40 });
    const ready = (await t.http().get('/health/ready').expect(200)).body as { replica: { status: string; lagSeconds: number | null } };
    expect(ready.replica).toMatchObject({ status: 'unavailable', lagSeconds: null });
  }, 20_000);
});
