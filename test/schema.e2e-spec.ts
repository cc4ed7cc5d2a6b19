import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';

/**
 * The migrations own the schema; entities only describe it. This proves they agree: every
 * entity column exists with the same type and nullability, and every column the database
 * requires on insert is known to its entity. (TypeORM's own schema diff would also try to
 * drop the hand-written indexes, policies and composite keys it does not model.)
 */
const TYPE_NAMES: Record<string, string> = {
  uuid: 'uuid',
  text: 'text',
  boolean: 'bool',
  timestamptz: 'timestamptz',
  integer: 'int4',
  int: 'int4',
  bigint: 'int8',
  jsonb: 'jsonb',
  char: 'bpchar',
  date: 'date',
  bytea: 'bytea',
  smallint: 'int2',
};

describe('entities match the migrated schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has every entity column in the database with its type and nullability', async () => {
    const dataSource = t.app.get(DataSource);
    expect(dataSource.entityMetadatas.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const entity of dataSource.entityMetadatas) {
      const columns = await adminQuery<{ column_name: string; udt_name: string; is_nullable: string; column_default: string | null; is_identity: string; is_generated: string }>(
        t.target.ownerUrl,
        `SELECT column_name, udt_name, is_nullable, column_default, is_identity, is_generated
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [entity.tableName],
      );
      if (columns.length === 0) {
        problems.push(`${entity.tableName}: table missing`);
        continue;
      }
      for (const column of entity.columns) {
        const found = columns.find((c) => c.column_name === column.databaseName);
        const declared = String(column.type);
        const expectedType = (column.isArray ? '_' : '') + (TYPE_NAMES[declared] ?? declared);
        if (!found) problems.push(`${entity.tableName}.${column.databaseName}: no such column`);
        else {
          if (found.udt_name !== expectedType) problems.push(`${entity.tableName}.${column.databaseName}: entity ${expectedType}, database ${found.udt_name}`);
          if ((found.is_nullable === 'YES') !== column.isNullable) problems.push(`${entity.tableName}.${column.databaseName}: nullability differs`);
        }
      }
      for (const column of columns) {
        const required = column.is_nullable === 'NO' && column.column_default === null && column.is_identity === 'NO' && column.is_generated === 'NEVER';
        if (required && !entity.columns.some((c) => c.databaseName === column.column_name)) {
          problems.push(`${entity.tableName}.${column.column_name}: required by the database, unknown to the entity`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has row-level security enabled and forced on every table holding a cooperative_id', async () => {
    const unprotected = await adminQuery<{ table_name: string }>(
      t.target.ownerUrl,
      `SELECT c.table_name FROM information_schema.columns c JOIN pg_class k ON k.relname = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'cooperative_id' AND NOT (k.relrowsecurity AND k.relforcerowsecurity)`,
    );
    expect(unprotected).toEqual([]);
  });

  it('lets the API role own nothing', async () => {
    const owned = await adminQuery(t.target.ownerUrl, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner IN ('ushirika_app', 'ushirika_api')`);
    expect(owned).toEqual([]);
  });
});
