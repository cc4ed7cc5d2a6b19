import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * PostgreSQL clusters of a test's own, built with Debian's server binaries
 * (/usr/lib/postgresql/<newest>/bin), on free ports, their sockets and files in one temporary
 * folder. As root, every binary runs as the postgres system user (PostgreSQL refuses root).
 */
export const postgresVersion = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0] : undefined;
const asRoot = process.getuid?.() === 0;

export function postgresBin(name: string): string {
  return join('/usr/lib/postgresql', postgresVersion ?? 'none', 'bin', name);
}

export function requirePostgresBinaries(): void {
  if (!postgresVersion) throw new Error("PostgreSQL server binaries are not installed (/usr/lib/postgresql): .ci/run installs Debian's postgresql package");
}

/** Runs one of the server's binaries (as the postgres system user when root); its stdout, or an error with its stderr. */
export function runPostgresBin(name: string, args: string[]): string {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', postgresBin(name), ...args]] : [postgresBin(name), args];
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${name} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Gives a file or folder to the postgres system user when the test runs as root. */
export function giveToPostgres(path: string): void {
  if (!asRoot) return;
  const user = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const group = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(path, user, group);
}

/** One statement as the superuser `postgres` (trust authentication on 127.0.0.1), on a connection of its own. */
export async function clusterSql<T extends pg.QueryResultRow>(port: number, text: string, params: unknown[] = [], database = 'ushirika'): Promise<T[]> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export async function waitUntil(check: () => Promise<boolean>, what: string, tries = 120, everyMs = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The temporary folder of a test's clusters, and the clusters started in it: `stopAll` in
 * afterAll stops whatever is still running and removes the folder.
 */
export class ClusterRoot {
  readonly root: string;
  private readonly running = new Set<string>();

  constructor(prefix: string) {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    chmodSync(this.root, 0o755);
    giveToPostgres(this.root);
  }

  path(name: string): string {
    return join(this.root, name);
  }

  /**
   * initdb in `name`, listening on 127.0.0.1:`port` only, sockets in the root, then `settings`
   * (postgresql.conf lines). A test's cluster never outlives a crash of the machine: nothing is
   * flushed to disk (initdb --no-sync, fsync off), which saves seconds on a busy machine.
   */
  init(name: string, port: number, settings: readonly string[] = []): string {
    const dir = this.path(name);
    runPostgresBin('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    this.configure(name, [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${this.root}'`, 'fsync = off', ...settings]);
    return dir;
  }

  /** Lines appended to `name`'s postgresql.conf (later lines win). */
  configure(name: string, settings: readonly string[]): void {
    appendFileSync(join(this.path(name), 'postgresql.conf'), ['', ...settings, ''].join('\n'));
  }

  /** Starts `name` and waits until it accepts connections; its log is `<name>.log`, shown if the start fails. */
  start(name: string): void {
    try {
      runPostgresBin('pg_ctl', ['-D', this.path(name), '-l', this.logOf(name), '-w', 'start']);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- ${name}.log ---\n${this.tail(name)}`, { cause: error });
    }
    this.running.add(name);
  }

  /** Stops `name`: `immediate` is a crash (no checkpoint), `fast` a clean shutdown. */
  stop(name: string, mode: 'fast' | 'immediate' = 'fast'): void {
    runPostgresBin('pg_ctl', ['-D', this.path(name), '-m', mode, 'stop']);
    this.running.delete(name);
  }

  logOf(name: string): string {
    return this.path(`${name}.log`);
  }

  /** The last lines of `name`'s server log. */
  tail(name: string, lines = 40): string {
    return spawnSync('tail', ['-n', String(lines), this.logOf(name)], { encoding: 'utf8' }).stdout;
  }

  stopAll(): void {
    for (const name of this.running) {
      const argv = ['-D', this.path(name), '-m', 'immediate', 'stop'];
      spawnSync(asRoot ? 'runuser' : postgresBin('pg_ctl'), asRoot ? ['-u', 'postgres', '--', postgresBin('pg_ctl'), ...argv] : argv);
    }
    this.running.clear();
    rmSync(this.root, { recursive: true, force: true });
  }
}
