import { createHash } from 'node:crypto';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
import { loadOrCreateLocalSecrets } from './local-secrets.js';

/** Where the data lives: the owner connection for schema work, the app connection for requests. */
export interface DatabaseTarget {
  readonly ownerUrl: string;
  readonly appUrl: string;
  readonly appUser: string;
  readonly appPassword: string | undefined;
  /** Set when this process started the embedded engine and must stop it last. */
  readonly embedded?: EmbeddedPostgresHandle;
}

export const EMBEDDED_DATABASE_NAME = 'ushirika';

export function withCredentials(url: string, user: string, password: string | undefined): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = password ? encodeURIComponent(password) : '';
  return parsed.toString();
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * The API's login role when DATABASE_APP_USER is not set: one per database. Roles are shared by
 * the whole cluster, so a single shared name would let each deployment reset the password the
 * others log in with.
 */
export function defaultAppUser(database: string): string {
  const name = `ushirika_app_${database.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  if (name.length <= 63) return name;
  return `${name.slice(0, 54)}_${createHash('sha256').update(database).digest('hex').slice(0, 8)}`;
}

function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name || decodeURIComponent(new URL(url).username) || 'postgres';
}

export interface ResolveOptions {
  /** Aborting stops an embedded start in progress (a signal during the first start). */
  readonly signal?: AbortSignal;
  readonly onEngineEvent?: (event: 'engine-died' | 'engine-restarted', detail: string) => void;
}

/** Uses DATABASE_URL when set, else starts (or reopens) the embedded engine in DATA_DIR. */
export async function resolveDatabaseTarget(
  config: AppConfig,
  log: (message: string) => void,
  options: ResolveOptions = {},
): Promise<DatabaseTarget> {
  if (config.DATABASE_URL) {
    const appUser = config.DATABASE_APP_USER ?? defaultAppUser(databaseOf(config.DATABASE_URL));
    return {
      ownerUrl: config.DATABASE_URL,
      appUrl: withCredentials(config.DATABASE_URL, appUser, config.DATABASE_APP_PASSWORD),
      appUser,
      appPassword: config.DATABASE_APP_PASSWORD,
    };
  }
  const secrets = loadOrCreateLocalSecrets(config.DATA_DIR);
  const embedded = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    port: config.EMBEDDED_DB_PORT,
    password: secrets.postgresPassword,
    onLog: log,
    onEvent: options.onEngineEvent,
    signal: options.signal,
  });
  try {
    await createDatabaseIfMissing(embedded.ownerUrl, EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const ownerUrl = withDatabase(embedded.ownerUrl, EMBEDDED_DATABASE_NAME);
  const appPassword = config.DATABASE_APP_PASSWORD ?? secrets.appPassword;
  const appUser = config.DATABASE_APP_USER ?? defaultAppUser(EMBEDDED_DATABASE_NAME);
  return {
    ownerUrl,
    appUrl: withCredentials(ownerUrl, appUser, appPassword),
    appUser,
    appPassword,
    embedded,
  };
}

export async function createDatabaseIfMissing(serverUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}
