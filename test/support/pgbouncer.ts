import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findFreePort } from '../../src/database/free-port.js';

/**
 * A real PgBouncer (Debian's package) in TRANSACTION pooling mode in front of one database of
 * the test server, on a free port, with its ini, user list and log in a temporary folder. It
 * runs as the postgres system user when the test runs as root (PgBouncer refuses root).
 * Nothing resets a server connection between clients (transaction mode never runs
 * server_reset_query), so whatever session state a client leaves behind is what the next
 * client on that server connection finds.
 */
export const PGBOUNCER_BINARY = '/usr/sbin/pgbouncer';
const ADMIN_USER = 'pgbouncer_admin';

export interface PgBouncer {
  readonly port: number;
  /** `url` with its host and port replaced by the pooler's (same user, password and database). */
  through(url: string): string;
  /** A statement on the admin console (simple protocol only): SHOW POOLS, SHOW SERVERS, … */
  admin<T extends pg.QueryResultRow = pg.QueryResultRow>(command: string): Promise<T[]>;
  log(): string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** The server URLs whose users (with their passwords) the pooler logs in as; same host, port and database. */
  readonly serverUrls: readonly string[];
  readonly defaultPoolSize: number;
}

function versionOf(binary: string): [number, number] {
  const match = /(\d+)\.(\d+)/.exec(execFileSync(binary, ['--version'], { encoding: 'utf8' }));
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

const quoted = (value: string): string => `"${value.replace(/"/g, '""')}"`;

export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  if (!existsSync(PGBOUNCER_BINARY)) throw new Error(`${PGBOUNCER_BINARY} is missing: apt-get install -y pgbouncer (.ci/run installs it)`);
  const servers = options.serverUrls.map((url) => new URL(url));
  const [{ hostname: host, port: serverPort, pathname }] = servers;
  const database = decodeURIComponent(pathname.slice(1));
  const port = await findFreePort();
  const dir = mkdtempSync(join(tmpdir(), 'ushirika-pgbouncer-'));
  const [major, minor] = versionOf(PGBOUNCER_BINARY);
  const users = servers.map((url) => `${quoted(decodeURIComponent(url.username))} ${quoted(decodeURIComponent(url.password))}`);
  writeFileSync(join(dir, 'userlist.txt'), [...users, `${quoted(ADMIN_USER)} ""`, ''].join('\n'));
  writeFileSync(join(dir, 'pgbouncer.ini'), [
    '[databases]',
    `${database} = host=${host} port=${serverPort || '5432'} dbname=${database}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    `unix_socket_dir = ${dir}`,
    `logfile = ${join(dir, 'pgbouncer.log')}`,
    // Clients are trusted (the user list only names them); server logins use the list's passwords.
    'auth_type = trust',
    `auth_file = ${join(dir, 'userlist.txt')}`,
    `admin_users = ${ADMIN_USER}`,
    'pool_mode = transaction',
    `default_pool_size = ${options.defaultPoolSize}`,
    'min_pool_size = 0',
    'reserve_pool_size = 0',
    'max_client_conn = 500',
    // Protocol-level prepared statements (1.21+) would hide a named statement's breakage: off.
    ...(major > 1 || minor >= 21 ? ['max_prepared_statements = 0'] : []),
    '',
  ].join('\n'));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    for (const file of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(join(dir, file), uid, gid);
  }
  const args = [join(dir, 'pgbouncer.ini')];
  const child: ChildProcess = asRoot
    ? spawn('runuser', ['-u', 'postgres', '--', PGBOUNCER_BINARY, ...args], { stdio: 'ignore', detached: true })
    : spawn(PGBOUNCER_BINARY, args, { stdio: 'ignore', detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = (): string => (existsSync(join(dir, 'pgbouncer.log')) ? readFileSync(join(dir, 'pgbouncer.log'), 'utf8') : '');

  const admin = async <T extends pg.QueryResultRow>(command: string): Promise<T[]> => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: ADMIN_USER, database: 'pgbouncer' });
    // SHUTDOWN closes the console's own connection: that is the answer, not an error.
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query<T>(command)).rows;
    } finally {
      await client.end();
    }
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      await admin('SHUTDOWN').catch(() => undefined);
      const late = setTimeout(() => {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      }, 3000);
      await exited;
      clearTimeout(late);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin('SHOW VERSION');
      break;
    } catch (error) {
      if (attempt >= 100 || child.exitCode !== null) {
        const output = log();
        await stop();
        throw new Error(`PgBouncer did not start: ${(error as Error).message}\n${output}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    port,
    through(url: string) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    admin,
    log,
    stop,
  };
}
