import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shardingViolations, tenantTables, type Catalog, type CatalogKey, type PlacedTable } from '../src/database/rules/sharding-keys.js';
import { sqlLiteralsOf, unkeyedJoins, type RelationNames } from '../src/database/rules/tenant-joins.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';

/**
 * "Ready for sharding by cooperative": the migrated schema must move unchanged to a
 * PostgreSQL distributed by `cooperative_id` (Citus). Every table with a `cooperative_id` is a
 * tenant table unless it is placed below; every table without one must be placed below.
 * The rules themselves (and their failing cases) are in src/database/rules/sharding-keys.ts.
 *
 * Each placement says why that table is not distributed by cooperative:
 * - reference: small, read by every cooperative's queries, replicated to every node;
 * - local: stays on the coordinator, read and written by no join with tenant tables.
 */
const PLACED: Readonly<Record<string, PlacedTable>> = {
  cooperatives: { placement: 'reference', why: 'the tenants themselves: every tenant foreign key and RLS check points at them' },
  organisations: { placement: 'reference', why: 'observer and partner organisations are the platform\'s, granted views in many cooperatives' },
  organisation_people: { placement: 'reference', why: 'the logins of those organisations, read by the access function with every cooperative\'s roles' },
  users: { placement: 'reference', why: 'a login can hold roles in several cooperatives and supervise a province; tenant rows name their authors' },
  supervisor_jurisdictions: { placement: 'reference', why: 'a supervisor reads across the cooperatives of a province, not inside one' },
  migrations: { placement: 'local', why: "TypeORM's record of applied migrations, the coordinator's alone" },
  login_throttle: { placement: 'local', why: 'failed-login counters keyed by login and address, before any cooperative is known' },
  refresh_tokens: { placement: 'local', why: "a user's sessions, looked up by token hash before any cooperative is known" },
  idempotency_keys: { placement: 'local', why: "replay protection keyed by the user's key, for routes of every scope (operator, supervisor, cooperative)" },
  jurisdiction_reports: { placement: 'local', why: 'a province report spans many cooperatives' },
  jobs: {
    placement: 'local',
    why: 'a work queue claimed across cooperatives with SKIP LOCKED; cooperative_id is a job attribute, NULL for province reports',
  },
  password_reset_codes: {
    placement: 'local',
    why: 'redeemed by login and code before any cooperative is known; operator-issued ones have no cooperative',
  },
  platform_audit_log: { placement: 'local', why: "the platform's own trail (accounts, operators, the command line), no cooperative's" },
  public_form_throttle: { placement: 'local', why: 'the public incident form\'s counters of this server: keyed hashes of addresses, one window long' },
  public_form_challenges_spent: { placement: 'local', why: 'anti-spam challenges this server issued and saw used' },
  shared_secret_fingerprints: { placement: 'local', why: 'fingerprints of the deployment\'s JWT secret and card keys, checked by every instance at start' },
};

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

interface Row {
  [column: string]: unknown;
}

async function catalogOf(url: string): Promise<Catalog> {
  const tables = await adminQuery<{ name: string; nullable: boolean | null }>(
    url,
    `SELECT c.relname AS name, CASE WHEN a.attnum IS NULL THEN NULL ELSE NOT a.attnotnull END AS nullable
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'cooperative_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY 1`,
  );
  const keys = await adminQuery<CatalogKey & Row>(
    url,
    `SELECT c.relname AS table, k.conname AS name,
            CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' ELSE 'exclusion' END AS kind,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, i)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.i) AS columns
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND k.contype IN ('p', 'u', 'x')
     UNION ALL
     SELECT c.relname, i.relname, 'unique index',
            ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY u(attnum, i)
                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.attnum ORDER BY u.i)
       FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND x.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`,
  );
  const foreignKeys = await adminQuery<Catalog['foreignKeys'][number] & Row>(
    url,
    `SELECT c.relname AS table, k.conname AS name, r.relname AS references,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, i)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.i) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(attnum, i)
                    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.i) AS "referencedColumns"
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND k.contype = 'f'`,
  );
  return { tables: tables.map((t) => ({ name: t.name, cooperativeIdNullable: t.nullable ?? undefined })), keys, foreignKeys };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('ready for sharding by cooperative', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let catalog: Catalog;
  let names: RelationNames;
  beforeAll(async () => {
    db = await createTestDatabase();
    catalog = await catalogOf(db.target.ownerUrl);
    const tenant = tenantTables(catalog, PLACED);
    names = { tenant, other: new Set(catalog.tables.map((t) => t.name).filter((name) => !tenant.has(name))) };
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads a catalog with tenant tables and their keys', () => {
    expect(names.tenant.size).toBeGreaterThan(60);
    expect(names.tenant).toContain('purchase_ledger');
    expect(catalog.foreignKeys.length).toBeGreaterThan(100);
  });

  it('keys every primary key, unique constraint and foreign key of a tenant table by cooperative_id, and places every other table', () => {
    expect(shardingViolations(catalog, PLACED)).toEqual([]);
  });

  it('joins tenant tables on cooperative_id in the SQL of src/', () => {
    const literals = sourceFiles(join(root, 'src')).flatMap((file) => sqlLiteralsOf(readFileSync(file, 'utf8')).map((literal) => ({ ...literal, file: relative(root, file) })));
    // A scanner that lost its way in some file would find no join there: it must see the repositories' joins.
    expect(literals.length).toBeGreaterThan(40);
    const found = literals.flatMap(({ text, line, file }) => unkeyedJoins(text, names).map((join) => `${file}:${line}: ${join}`));
    expect(found).toEqual([]);
  });

  it('joins tenant tables on cooperative_id in the functions the migrations created', async () => {
    const functions = await adminQuery<{ name: string; source: string }>(
      db.target.ownerUrl,
      `SELECT p.proname AS name, p.prosrc AS source FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prolang IN (SELECT oid FROM pg_language WHERE lanname IN ('plpgsql', 'sql'))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
    );
    expect(functions.filter(({ source }) => /\bJOIN\b/i.test(source)).length).toBeGreaterThan(5);
    const found = functions.flatMap(({ name, source }) => unkeyedJoins(source, names).map((join) => `${name}(): ${join}`));
    expect(found).toEqual([]);
  });
});
