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

/** Uses DATABASE_URL when set, else starts (or reopens) the embedded engine in DATA_DIR. */
export async function resolveDatabaseTarget(config: AppConfig, log: (message: string) => void): Promise<DatabaseTarget> {
  if (config.DATABASE_URL) {
    return {
      ownerUrl: config.DATABASE_URL,
      appUrl: withCredentials(config.DATABASE_URL, config.DATABASE_APP_USER, config.DATABASE_APP_PASSWORD),
      appUser: config.DATABASE_APP_USER,
      appPassword: config.DATABASE_APP_PASSWORD,
    };
  }
  const secrets = loadOrCreateLocalSecrets(config.DATA_DIR);
  const embedded = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    port: config.EMBEDDED_DB_PORT,
    password: secrets.postgresPassword,
    onLog: log,
  });
  try {
    await createDatabaseIfMissing(embedded.ownerUrl, EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const ownerUrl = withDatabase(embedded.ownerUrl, EMBEDDED_DATABASE_NAME);
  const appPassword = config.DATABASE_APP_PASSWORD ?? secrets.appPassword;
  return {
    ownerUrl,
    appUrl: withCredentials(ownerUrl, config.DATABASE_APP_USER, appPassword),
    appUser: config.DATABASE_APP_USER,
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
