import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort as freePort } from '../src/database/free-port.js';
import { runCli } from '../src/cli.js';
import { ClusterRoot, clusterSql as sql, giveToPostgres, requirePostgresBinaries, runPostgresBin as run, waitUntil } from './support/pg-cluster.js';

/**
 * Point-in-time recovery on a PostgreSQL server, with PostgreSQL's own tools, as
 * docs/point-in-time-recovery.md describes it: continuous WAL archiving, a base backup with
 * pg_basebackup, then a mistake; the cluster is recovered from the base backup and the archive
 * to the moment before the mistake. Runs on a cluster of its own (Debian's PostgreSQL binaries,
 * as the postgres system user when the test runs as root), on free ports.
 */
describe('point-in-time recovery on a PostgreSQL server (WAL archiving and pg_basebackup)', () => {
  let clusters: ClusterRoot;
  let archive: string;

  beforeAll(() => {
    requirePostgresBinaries();
    clusters = new ClusterRoot('ushirika-pitr-');
    archive = clusters.path('wal-archive');
    mkdirSync(archive, { mode: 0o700 });
    giveToPostgres(archive);
  });
  afterAll(() => clusters?.stopAll());

  it('recovers the cluster to the moment before a mistake, with every row committed until then', async () => {
    const port = await freePort();
    clusters.init('cluster', port, ['wal_level = replica', 'archive_mode = on', `archive_command = 'test ! -f ${archive}/%f && cp %p ${archive}/%f'`, 'archive_timeout = 0']);
    clusters.start('cluster');
    await sql(port, 'CREATE DATABASE ushirika', [], 'postgres');
    const url = `postgres://postgres@127.0.0.1:${port}/ushirika`;
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      expect(await runCli(['migrate'])).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
    const cooperative = (name: string): Promise<unknown> =>
      sql(port, `INSERT INTO cooperatives (name, legal_form, registration_number, country, province, default_currency, timezone, language)
                 VALUES ($1, 'SCOOPS', $2, 'CD', 'Lualaba', 'USD', 'Africa/Lubumbashi', 'fr')`, [name, `RCCM-${name}`]);

    // The weekly base backup, while the server runs.
    await cooperative('Avant la copie de base');
    const base = clusters.path('base-backup');
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-D', base, '-X', 'stream', '-c', 'fast']);
    // The day goes on: more records, then the moment to come back to, then a mistake.
    await cooperative('Après la copie de base');
    const [{ at }] = await sql<{ at: string }>(port, `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS at`);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await sql(port, `UPDATE cooperatives SET name = 'Écrasé par erreur'`);
    // The segment holding the mistake's commit must be in the archive before the server is lost:
    // recovery that never sees a commit after the target ends before it and refuses to start.
    // pg_walfile_name of the switch position names the segment just completed, and the archiver
    // reports a segment only once its archive_command has returned (the copy is whole).
    const [{ segment }] = await sql<{ segment: string }>(port, 'SELECT pg_walfile_name(pg_switch_wal()) AS segment');
    await waitUntil(async () => {
      const [stat] = await sql<{ last: string | null; failed: string }>(port, 'SELECT last_archived_wal AS last, failed_count::text AS failed FROM pg_stat_archiver');
      if (stat.failed !== '0') throw new Error(`archive_command failed: ${clusters.tail('cluster')}`);
      return stat.last !== null && stat.last >= segment;
    }, `segment ${segment} in the archive`);
    expect(existsSync(join(archive, segment))).toBe(true);
    const migrations = (await sql<{ n: string }>(port, 'SELECT count(*)::text AS n FROM migrations'))[0].n;
    // The server is lost.
    clusters.stop('cluster', 'immediate');

    // Recovery: the base backup, the archive, and the moment to stop at.
    const recovered = clusters.path('recovered');
    execFileSync('cp', ['-a', base, recovered]);
    const recoveredPort = await freePort();
    clusters.configure('recovered', [
      `port = ${recoveredPort}`, `restore_command = 'cp ${archive}/%f %p'`, `recovery_target_time = '${at}'`, "recovery_target_action = 'promote'", 'archive_mode = off',
    ]);
    writeFileSync(join(recovered, 'recovery.signal'), '');
    giveToPostgres(join(recovered, 'recovery.signal'));
    clusters.start('recovered');
    await waitUntil(async () => !(await sql<{ r: boolean }>(recoveredPort, 'SELECT pg_is_in_recovery() AS r'))[0].r, 'the end of recovery');
    const names = (await sql<{ name: string }>(recoveredPort, 'SELECT name FROM cooperatives ORDER BY created_at')).map((row) => row.name);
    expect(names).toEqual(['Avant la copie de base', 'Après la copie de base']);
    // The recovered database is a working Ushirika database: its migrations are all there.
    expect(Number(migrations)).toBeGreaterThan(20);
    expect((await sql<{ n: string }>(recoveredPort, 'SELECT count(*)::text AS n FROM migrations'))[0].n).toBe(migrations);
  }, 240_000);
});
