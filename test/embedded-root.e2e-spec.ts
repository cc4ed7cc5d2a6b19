import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { resolveDatabaseTarget } from '../src/database/database-target.js';
import { findOrCreateOsUser, SYSTEM_DIR } from '../src/database/embedded-postgres-host.js';
import { migrateAndPrepare } from '../src/database/migrate.js';
import { adminQuery } from './support/test-database.js';
import { TEST_JWT_SECRET } from './support/test-app.js';

/**
 * `npm start` from a folder inside a 0700 home, the way root arrives on a container or a
 * cloud VM (CI runs as root), and as a normal user. When run by a normal user, every case
 * runs as that user.
 */
const isRoot = userInfo().uid === 0;
const root = process.cwd();
const tsxImport = ['--import', 'tsx'];

/** Whether every folder above `path` lets other users through (o+x). */
function reachableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/** The repository as hard links in a folder anyone can enter (same files, same modes). */
function linkedCheckout(): string {
  const dir = mkdtempSync(join('/var/tmp', 'ushirika-checkout-'));
  chmodSync(dir, 0o755);
  execFileSync('cp', ['-al', `${root}/.`, dir]);
  return dir;
}

function closedHome(owner?: { uid: number; gid: number }): string {
  const home = mkdtempSync(join(tmpdir(), 'ushirika-home-'));
  mkdirSync(join(home, 'ush'));
  if (owner) {
    chownSync(home, owner.uid, owner.gid);
    chownSync(join(home, 'ush'), owner.uid, owner.gid);
  }
  chmodSync(home, 0o700);
  return home;
}

function clusterOf(dataDir: string): string {
  const pg = join(dataDir, 'pg');
  return lstatSync(pg, { throwIfNoEntry: false })?.isSymbolicLink() ? readlinkSync(pg) : pg;
}

/** Processes whose command line mentions the folder (initdb, postgres and its backends). */
function processesUsing(folder: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(folder)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function removeCluster(dataDir: string): void {
  const cluster = clusterOf(dataDir);
  if (cluster.startsWith(`${SYSTEM_DIR}/clusters/`)) rmSync(dirname(cluster), { recursive: true, force: true });
}

function runMain(env: Record<string, string>): { child: ReturnType<typeof spawn>; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...tsxImport, 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', JOBS_POLL_MS: '0', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('npm start from a folder inside a 0700 home', () => {
  it(`as ${isRoot ? 'root' : 'this user'}: serves readiness, and a second start reopens the same data`, async () => {
    const home = closedHome();
    const dataDir = join(home, 'ush', 'data');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, JOBS_POLL_MS: '0' });
    try {
      const first = await resolveDatabaseTarget(config, () => undefined);
      try {
        if (isRoot) {
          // The engine user cannot enter the home: it runs binaries and data root gave it elsewhere.
          expect(readlinkSync(`/proc/${first.embedded?.pid}/exe`).startsWith(`${SYSTEM_DIR}/postgres-`)).toBe(true);
          expect(clusterOf(dataDir).startsWith(`${SYSTEM_DIR}/clusters/`)).toBe(true);
        }
        expect((await migrateAndPrepare(first.ownerUrl, first.appUser, first.appPassword)).applied.length).toBeGreaterThan(0);
        const app = await createApp(config, first);
        await request(app.getHttpServer()).get('/health/ready').expect(200);
        await app.close();
        await adminQuery(first.ownerUrl, `CREATE TABLE home_marker (note text); INSERT INTO home_marker VALUES ('kept')`);
      } finally {
        await first.embedded?.stop();
      }
      expect(processesUsing(clusterOf(dataDir))).toEqual([]);
      const second = await resolveDatabaseTarget(config, () => undefined);
      try {
        expect((await migrateAndPrepare(second.ownerUrl, second.appUser, second.appPassword)).applied).toEqual([]);
        expect(await adminQuery(second.ownerUrl, 'SELECT note FROM home_marker')).toEqual([{ note: 'kept' }]);
      } finally {
        await second.embedded?.stop();
      }
    } finally {
      removeCluster(dataDir);
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('as a normal user (a throwaway one when run as root): starts, and a second start reopens the same data', async () => {
    const name = `ush_h1_${randomBytes(3).toString('hex')}`;
    // As root this also proves the path a bare Debian takes: the OS user is created on demand.
    const user = isRoot ? findOrCreateOsUser(name) : undefined;
    const home = closedHome(user);
    // A checkout inside root's 0700 home is unreadable to that user: it runs a hard-linked copy.
    const checkout = user && !reachableByOthers(root) ? linkedCheckout() : root;
    try {
      const dataDir = join(home, 'ush', 'data');
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [...tsxImport, 'test/support/embedded-start-child.ts'], {
          cwd: checkout,
          // Relative, as a newcomer's default `./data` is: the engine must not read it from its own folder.
          env: { PATH: process.env.PATH ?? '', HOME: home, DATA_DIR: relative(checkout, dataDir), JWT_SECRET: TEST_JWT_SECRET },
          stdio: ['ignore', 'pipe', 'pipe'],
          ...(user ? { uid: user.uid, gid: user.gid } : {}),
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${out}`))));
      });
      const report = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
      expect(report.uid).toBe(user ? user.uid : userInfo().uid);
      expect(report.firstApplied).toEqual(expect.any(Number));
      expect(report.secondApplied).toBe(0);
      expect(report.marker).toEqual([{ note: 'kept' }]);
      expect(lstatSync(join(dataDir, 'pg')).isDirectory()).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
      if (checkout !== root) rmSync(checkout, { recursive: true, force: true });
      if (user) execFileSync('userdel', [name]);
    }
  });

  it('a SIGINT while initdb runs on the very first start stops it, leaves no process and no half-made cluster', async () => {
    const home = closedHome();
    const dataDir = join(home, 'ush', 'data');
    try {
      const run = runMain({ DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, PORT: '0' });
      let staging = '';
      await waitFor(() => {
        if (!existsSync(dataDir)) return false;
        staging = `${clusterOf(dataDir)}.initdb`;
        return processesUsing(`--pgdata=${staging}`).length > 0;
      }, 60_000);
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
      expect(processesUsing(clusterOf(dataDir))).toEqual([]);
      expect(existsSync(join(clusterOf(dataDir), 'PG_VERSION'))).toBe(false);
      expect(existsSync(staging)).toBe(false);
    } finally {
      removeCluster(dataDir);
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a start that cannot work says why in one sentence, with no stack trace, and leaves no process', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const home = closedHome();
    const dataDir = join(home, 'ush', 'data');
    try {
      const run = runMain({ DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, PORT: '0', EMBEDDED_DB_PORT: String(port) });
      expect(await run.exited).toBe(1);
      const lines = run.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      const fatal = JSON.parse(lines[0]) as { level: number; msg: string; err?: unknown };
      expect(fatal.level).toBe(60);
      expect(fatal.err).toBeUndefined();
      expect(fatal.msg).toMatch(/^The embedded PostgreSQL in .* did not start \(.*\); set EMBEDDED_DB_PORT to a free port \(0 picks one\)\.$/);
      expect(processesUsing(clusterOf(dataDir))).toEqual([]);
    } finally {
      busy.close();
      removeCluster(dataDir);
      rmSync(home, { recursive: true, force: true });
    }
  });
});
