/**
 * The rules that let the schema move unchanged to a PostgreSQL sharded by cooperative (Citus,
 * tables distributed by `cooperative_id`), checked on a description of the migrated catalog.
 *
 * - A tenant table (one with a `cooperative_id` column that no placement below claims) keeps
 *   that column NOT NULL: a row without a distribution value has no shard.
 * - Each of its primary keys, unique constraints, unique indexes and exclusion constraints
 *   includes `cooperative_id`: a shard can only enforce uniqueness among its own rows.
 * - Each of its foreign keys either points at a reference table (replicated to every node) or
 *   at another tenant table with `cooperative_id` matched to `cooperative_id`: the parent row
 *   then lives on the same shard.
 * - A reference table points only at reference tables; a coordinator-local table only at
 *   reference or local tables. Nothing points from a replicated or local table into a shard.
 * Every table outside the tenant set must be placed explicitly, with why, so that a new table
 * is a tenant table by default and an exemption is a reviewed decision.
 */
export type Placement = 'reference' | 'local';

export interface PlacedTable {
  readonly placement: Placement;
  readonly why: string;
}

export interface CatalogTable {
  readonly name: string;
  /** undefined when the table has no cooperative_id column. */
  readonly cooperativeIdNullable?: boolean;
}

export interface CatalogKey {
  readonly table: string;
  readonly name: string;
  readonly kind: 'primary key' | 'unique' | 'unique index' | 'exclusion';
  readonly columns: readonly string[];
}

export interface CatalogForeignKey {
  readonly table: string;
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: string;
  readonly referencedColumns: readonly string[];
}

export interface Catalog {
  readonly tables: readonly CatalogTable[];
  readonly keys: readonly CatalogKey[];
  readonly foreignKeys: readonly CatalogForeignKey[];
}

export const DISTRIBUTION_COLUMN = 'cooperative_id';

export function tenantTables(catalog: Catalog, placed: Readonly<Record<string, PlacedTable>>): Set<string> {
  return new Set(catalog.tables.filter((table) => table.cooperativeIdNullable !== undefined && !(table.name in placed)).map((table) => table.name));
}

function placementOf(table: string, tenant: ReadonlySet<string>, placed: Readonly<Record<string, PlacedTable>>): Placement | 'tenant' | 'unplaced' {
  if (tenant.has(table)) return 'tenant';
  return placed[table]?.placement ?? 'unplaced';
}

/** What keeps the catalog from being distributed by cooperative as it is, one sentence each; empty when nothing does. */
export function shardingViolations(catalog: Catalog, placed: Readonly<Record<string, PlacedTable>>): string[] {
  const problems: string[] = [];
  const names = new Set(catalog.tables.map((table) => table.name));
  const tenant = tenantTables(catalog, placed);
  for (const name of Object.keys(placed)) {
    if (!names.has(name)) problems.push(`${name}: placed as ${placed[name].placement} but no such table: remove it from the list`);
  }
  for (const table of catalog.tables) {
    if (table.cooperativeIdNullable === undefined && !(table.name in placed)) {
      problems.push(`${table.name}: no ${DISTRIBUTION_COLUMN} and not placed as a reference or local table`);
    }
    if (tenant.has(table.name) && table.cooperativeIdNullable) problems.push(`${table.name}: ${DISTRIBUTION_COLUMN} may be NULL`);
  }
  for (const key of catalog.keys) {
    if (tenant.has(key.table) && !key.columns.includes(DISTRIBUTION_COLUMN)) {
      problems.push(`${key.table}: ${key.kind} ${key.name} (${key.columns.join(', ')}) lacks ${DISTRIBUTION_COLUMN}`);
    }
  }
  for (const fk of catalog.foreignKeys) {
    const from = placementOf(fk.table, tenant, placed);
    const to = placementOf(fk.references, tenant, placed);
    const described = `${fk.table}: foreign key ${fk.name} (${fk.columns.join(', ')}) → ${fk.references} (${fk.referencedColumns.join(', ')})`;
    if (to === 'reference') continue;
    if (from === 'tenant' && to === 'tenant') {
      const at = fk.columns.indexOf(DISTRIBUTION_COLUMN);
      if (at < 0 || fk.referencedColumns[at] !== DISTRIBUTION_COLUMN) problems.push(`${described} does not match ${DISTRIBUTION_COLUMN} to ${DISTRIBUTION_COLUMN}`);
    } else if (!(from === 'local' && to === 'local')) {
      problems.push(`${described} points from a ${from} table into a ${to} one`);
    }
  }
  return problems;
}
