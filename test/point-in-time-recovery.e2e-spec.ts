import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findFreePort as freePort } from '../src/database/free-port.js';
import { runCli } from '../src/cli.js';

/**
 * Point-in-time recovery on a PostgreSQL server, with PostgreSQL's own tools, as
 * docs/point-in-time-recovery.md describes it: continuous WAL archiving, a base backup with
 * pg_basebackup, then a mistake; the cluster is recovered from the base backup and the archive
 * to the moment before the mistake. Runs on a cluster of its own (Debian's PostgreSQL binaries,
 * as the postgres system user when the test runs as root), on free ports.
 */
const version = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0] : undefined;
const bin = (name: string): string => join('/usr/lib/postgresql', version ?? 'none', 'bin', name);
const asRoot = process.getuid?.() === 0;

function run(name: string, args: string[]): string {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin(name), ...args]] : [bin(name), args];
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${name} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

async function sql<T extends pg.QueryResultRow>(port: number, text: string, params: unknown[] = [], database = 'ushirika'): Promise<T[]> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function readLog(name: string): string {
  return spawnSync('tail', ['-n', '40', join(logRoot, name)], { encoding: 'utf8' }).stdout;
}
let logRoot = '';

describe('point-in-time recovery on a PostgreSQL server (WAL archiving and pg_basebackup)', () => {
  const root = mkdtempSync(join(tmpdir(), 'ushirika-pitr-'));
  logRoot = root;
  const cluster = join(root, 'cluster');
  const archive = join(root, 'wal-archive');
  const base = join(root, 'base-backup');
  const recovered = join(root, 'recovered');
  const started: string[] = [];

  beforeAll(() => {
    if (!version) throw new Error('PostgreSQL server binaries are not installed (/usr/lib/postgresql): .ci/run installs Debian\'s postgresql package');
    chmodSync(root, 0o755);
    mkdirSync(archive, { mode: 0o700 });
    if (asRoot) {
      const postgres = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
      const group = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
      chownSync(root, Number(postgres), Number(group));
      chownSync(archive, Number(postgres), Number(group));
    }
  });
  afterAll(() => {
    for (const dir of started) spawnSync(asRoot ? 'runuser' : bin('pg_ctl'), asRoot ? ['-u', 'postgres', '--', bin('pg_ctl'), '-D', dir, '-m', 'immediate', 'stop'] : ['-D', dir, '-m', 'immediate', 'stop']);
    rmSync(root, { recursive: true, force: true });
  });

  it('recovers the cluster to the moment before a mistake, with every row committed until then', async () => {
    const port = await freePort();
    run('initdb', ['-D', cluster, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    appendFileSync(join(cluster, 'postgresql.conf'), [
      '', `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${root}'`,
      'wal_level = replica', 'archive_mode = on', `archive_command = 'test ! -f ${archive}/%f && cp %p ${archive}/%f'`, 'archive_timeout = 0', '',
    ].join('\n'));
    run('pg_ctl', ['-D', cluster, '-l', join(root, 'cluster.log'), '-w', 'start']);
    started.push(cluster);
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
      if (stat.failed !== '0') throw new Error(`archive_command failed: ${readLog('cluster.log')}`);
      return stat.last !== null && stat.last >= segment;
    }, `segment ${segment} in the archive`);
    expect(existsSync(join(archive, segment))).toBe(true);
    const migrations = (await sql<{ n: string }>(port, 'SELECT count(*)::text AS n FROM migrations'))[0].n;
    // The server is lost.
    run('pg_ctl', ['-D', cluster, '-m', 'immediate', 'stop']);
    started.splice(started.indexOf(cluster), 1);

    // Recovery: the base backup, the archive, and the moment to stop at.
    execFileSync('cp', ['-a', base, recovered]);
    const recoveredPort = await freePort();
    appendFileSync(join(recovered, 'postgresql.conf'), [
      '', `port = ${recoveredPort}`, `restore_command = 'cp ${archive}/%f %p'`, `recovery_target_time = '${at}'`, "recovery_target_action = 'promote'", 'archive_mode = off', '',
    ].join('\n'));
    writeFileSync(join(recovered, 'recovery.signal'), '');
    if (asRoot) execFileSync('chown', ['postgres:postgres', join(recovered, 'recovery.signal')]);
    try {
      run('pg_ctl', ['-D', recovered, '-l', join(root, 'recovered.log'), '-w', 'start']);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- recovered.log ---\n${readLog('recovered.log')}`, { cause: error });
    }
    started.push(recovered);
    await waitUntil(async () => !(await sql<{ r: boolean }>(recoveredPort, 'SELECT pg_is_in_recovery() AS r'))[0].r, 'the end of recovery');
    const names = (await sql<{ name: string }>(recoveredPort, 'SELECT name FROM cooperatives ORDER BY created_at')).map((row) => row.name);
    expect(names).toEqual(['Avant la copie de base', 'Après la copie de base']);
    // The recovered database is a working Ushirika database: its migrations are all there.
    expect(Number(migrations)).toBeGreaterThan(20);
    expect((await sql<{ n: string }>(recoveredPort, 'SELECT count(*)::text AS n FROM migrations'))[0].n).toBe(migrations);
  }, 240_000);
});
