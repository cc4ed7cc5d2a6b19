import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/database/embedded-postgres.js';
import { withCredentials, withDatabase, type DatabaseTarget } from '../../src/database/database-target.js';

/**
 * Tests run on the PostgreSQL server named by DATABASE_URL or the PG* variables, and on the
 * embedded engine when neither is set. Each test file gets its own database cloned from a
 * template migrated once per run, so files never share state and never wait for migrations.
 */
export const TEST_APP_USER = 'ushirika_app';
export const TEST_APP_PASSWORD = 'ushirika-test-app';

export function configuredServerUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (env.PGHOST || env.PGPORT || env.PGUSER) {
    const user = encodeURIComponent(env.PGUSER ?? 'postgres');
    const password = env.PGPASSWORD ? `:${encodeURIComponent(env.PGPASSWORD)}` : '';
    return `postgres://${user}${password}@${env.PGHOST ?? '127.0.0.1'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? 'postgres'}`;
  }
  return undefined;
}

export async function startTestEmbeddedServer(): Promise<{ handle: EmbeddedPostgresHandle; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ushirika-test-pg-'));
  const handle = await startEmbeddedPostgres({ dataDir: dir, port: 0, password: randomBytes(12).toString('hex') });
  return {
    handle: {
      ...handle,
      async stop() {
        await handle.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    },
    dir,
  };
}

export function adminUrl(): string {
  const url = process.env.USHIRIKA_TEST_ADMIN_URL;
  if (!url) throw new Error('USHIRIKA_TEST_ADMIN_URL is not set: the e2e global setup did not run');
  return url;
}

export function templateName(): string {
  const name = process.env.USHIRIKA_TEST_TEMPLATE;
  if (!name) throw new Error('USHIRIKA_TEST_TEMPLATE is not set: the e2e global setup did not run');
  return name;
}

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export function targetFor(ownerUrl: string): DatabaseTarget {
  return {
    ownerUrl,
    appUrl: withCredentials(ownerUrl, TEST_APP_USER, TEST_APP_PASSWORD),
    appUser: TEST_APP_USER,
    appPassword: TEST_APP_PASSWORD,
  };
}

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const name = `ushirika_t_${randomBytes(6).toString('hex')}`;
  const admin = adminUrl();
  await adminQuery(admin, `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(templateName())}`);
  return {
    target: targetFor(withDatabase(admin, name)),
    drop: async () => {
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    },
  };
}
