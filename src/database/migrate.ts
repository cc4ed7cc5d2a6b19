import pg from 'pg';
import { DataSource, MigrationExecutor, type EntityManager, type QueryRunner } from 'typeorm';
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
    extra: { max: 1, application_name: 'ushirika-migrate' },
  });
}

/**
 * Runs `work` in ONE transaction that first takes the migration lock (pg_advisory_xact_lock):
 * the lock goes with the commit or rollback, never outlives it on a connection, so migrating
 * works the same straight to PostgreSQL and through a pooler in transaction mode (PgBouncer),
 * where a session-level lock would stay behind on a server connection other clients share and
 * its unlock could run on another one. The pending list is read after the lock, inside the
 * same transaction: a second instance waits, then finds nothing to do.
 */
async function underMigrationLock<T>(ownerUrl: string, work: (source: DataSource, runner: QueryRunner) => Promise<T>): Promise<T> {
  const source = ownerDataSource(ownerUrl);
  await source.initialize();
  const runner = source.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const result = await work(source, runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
    await source.destroy();
  }
}

/** TypeORM's migration executor on the lock's transaction (it neither begins nor commits one that is open). */
function executorOn(source: DataSource, runner: QueryRunner): MigrationExecutor {
  const executor = new MigrationExecutor(source, runner);
  executor.transaction = 'all';
  return executor;
}

export interface MigrationOutcome {
  readonly applied: readonly string[];
}

/**
 * Applies pending migrations (two instances starting together: the second waits for the
 * lock, then finds nothing to do), then makes sure the login role the API uses exists and
 * is unprivileged, all in one transaction.
 */
export async function migrateAndPrepare(ownerUrl: string, appUser: string, appPassword: string | undefined): Promise<MigrationOutcome> {
  return underMigrationLock(ownerUrl, async (source, runner) => {
    const applied = await executorOn(source, runner).executePendingMigrations();
    await runner.manager.query(`GRANT SELECT ON migrations TO ${API_GROUP_ROLE}`);
    await ensureAppLoginRole(runner.manager, appUser, appPassword);
    return { applied: applied.map((migration) => migration.name) };
  });
}

export async function revertLastMigration(ownerUrl: string): Promise<string | undefined> {
  return underMigrationLock(ownerUrl, async (source, runner) => {
    const before = await runner.manager.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
    await executorOn(source, runner).undoLastMigration();
    return before[0]?.name;
  });
}

async function ensureAppLoginRole(source: EntityManager, appUser: string, appPassword: string | undefined): Promise<void> {
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
