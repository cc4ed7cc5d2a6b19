import pg from 'pg';
import { DataSource, MigrationExecutor, type QueryRunner } from 'typeorm';
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

/**
 * Runs the work on one owner session that first takes the session-level advisory lock: the lock
 * and the migrations share that connection, so the lock cannot be lost (a dropped or killed
 * connection) while the migrations go on elsewhere; when the session ends, both end. The owner
 * URL must reach PostgreSQL itself or a session-mode pool: a transaction-mode pooler
 * (PgBouncer's `pool_mode = transaction`) does not keep a session-level lock.
 */
async function underMigrationLock<T>(ownerUrl: string, work: (session: QueryRunner) => Promise<T>): Promise<T> {
  const source = ownerDataSource(ownerUrl);
  await source.initialize();
  const session = source.createQueryRunner();
  try {
    await session.connect();
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await work(session);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await session.release();
    await source.destroy();
  }
}

/** The migrations of this build, run on `session` (all in one transaction). */
function executorOn(session: QueryRunner): MigrationExecutor {
  const executor = new MigrationExecutor(session.connection, session);
  executor.transaction = 'all';
  return executor;
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
  return underMigrationLock(ownerUrl, async (session) => {
    const applied = await executorOn(session).executePendingMigrations();
    await session.query(`GRANT SELECT ON migrations TO ${API_GROUP_ROLE}`);
    await ensureAppLoginRole(session, appUser, appPassword);
    return { applied: applied.map((migration) => migration.name) };
  });
}

export async function revertLastMigration(ownerUrl: string): Promise<string | undefined> {
  return underMigrationLock(ownerUrl, async (session) => {
    const before = (await session.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1')) as { name: string }[];
    await executorOn(session).undoLastMigration();
    return before[0]?.name;
  });
}

async function ensureAppLoginRole(source: QueryRunner, appUser: string, appPassword: string | undefined): Promise<void> {
  const role = pg.escapeIdentifier(appUser);
  const password = appPassword ? ` PASSWORD ${pg.escapeLiteral(appPassword)}` : '';
  const existing = (await source.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [appUser])) as { rolsuper: boolean; rolbypassrls: boolean }[];
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
