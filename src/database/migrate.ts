import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';

/** Arbitrary constant: the advisory lock key every instance migrates under. */
const MIGRATION_LOCK_KEY = 4_850_117_331;
export const API_GROUP_ROLE = 'ushirika_api';

export function ownerDataSource(ownerUrl: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: ownerUrl,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: false,
    extra: { max: 2, application_name: 'ushirika-migrate' },
  });
}

/** Runs the session-level advisory lock on its own connection around the work. */
async function underMigrationLock<T>(ownerUrl: string, work: () => Promise<T>): Promise<T> {
  const lock = new pg.Client({ connectionString: ownerUrl, application_name: 'ushirika-migrate-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

export interface MigrationOutcome {
  readonly applied: readonly string[];
}

/**
 * Applies pending migrations (two instances starting together: the second waits for the
 * lock, then finds nothing to do), then makes sure the login role the API uses exists and
 * is unprivileged.
 */
export async function migrateAndPrepare(ownerUrl: string, appUser: string, appPassword: string | undefined): Promise<MigrationOutcome> {
  return underMigrationLock(ownerUrl, async () => {
    const source = ownerDataSource(ownerUrl);
    await source.initialize();
    try {
      const applied = await source.runMigrations({ transaction: 'all' });
      await source.query(`GRANT SELECT ON migrations TO ${API_GROUP_ROLE}`);
      await ensureAppLoginRole(source, appUser, appPassword);
      return { applied: applied.map((migration) => migration.name) };
    } finally {
      await source.destroy();
    }
  });
}

export async function revertLastMigration(ownerUrl: string): Promise<string | undefined> {
  return underMigrationLock(ownerUrl, async () => {
    const source = ownerDataSource(ownerUrl);
    await source.initialize();
    try {
      const before = await source.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
      await source.undoLastMigration({ transaction: 'all' });
      return before[0]?.name;
    } finally {
      await source.destroy();
    }
  });
}

async function ensureAppLoginRole(source: DataSource, appUser: string, appPassword: string | undefined): Promise<void> {
  const role = pg.escapeIdentifier(appUser);
  const password = appPassword ? ` PASSWORD ${pg.escapeLiteral(appPassword)}` : '';
  const existing = await source.query<{ rolsuper: boolean; rolbypassrls: boolean }[]>(
    'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
    [appUser],
  );
  if (existing.length === 0) {
    await source.query(
      `DO $$ BEGIN CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE${password};
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
  } else if (existing[0].rolsuper || existing[0].rolbypassrls) {
    throw new Error(`Database role ${appUser} is a superuser or bypasses row-level security; the API refuses to run as it`);
  } else if (appPassword) {
    await source.query(`ALTER ROLE ${role} WITH LOGIN${password}`);
  }
  await source.query(`GRANT ${API_GROUP_ROLE} TO ${role}`);
}

export async function pendingMigrations(source: DataSource): Promise<string[]> {
  const rows = await source.query<{ name: string }[]>('SELECT name FROM migrations');
  const done = new Set(rows.map((row) => row.name));
  return migrations.map((migration) => migration.name).filter((name) => !done.has(name));
}
