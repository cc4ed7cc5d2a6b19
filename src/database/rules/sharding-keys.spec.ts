import { shardingViolations, tenantTables, type Catalog, type PlacedTable } from './sharding-keys.js';

const placed: Record<string, PlacedTable> = {
  cooperatives: { placement: 'reference', why: 'the tenants themselves' },
  users: { placement: 'reference', why: 'logins span cooperatives' },
  jobs: { placement: 'local', why: 'a queue' },
};
const sound: Catalog = {
  tables: [
    { name: 'cooperatives' },
    { name: 'users' },
    { name: 'jobs', cooperativeIdNullable: true },
    { name: 'miners', cooperativeIdNullable: false },
    { name: 'miner_cards', cooperativeIdNullable: false },
  ],
  keys: [
    { table: 'cooperatives', name: 'cooperatives_pkey', kind: 'primary key', columns: ['id'] },
    { table: 'jobs', name: 'jobs_pkey', kind: 'primary key', columns: ['id'] },
    { table: 'miners', name: 'miners_pkey', kind: 'primary key', columns: ['cooperative_id', 'id'] },
    { table: 'miner_cards', name: 'miner_cards_number', kind: 'unique index', columns: ['card_number', 'cooperative_id'] },
  ],
  foreignKeys: [
    { table: 'miners', name: 'miners_cooperative', columns: ['cooperative_id'], references: 'cooperatives', referencedColumns: ['id'] },
    { table: 'miners', name: 'miners_created_by', columns: ['created_by'], references: 'users', referencedColumns: ['id'] },
    { table: 'miner_cards', name: 'miner_cards_miner', columns: ['miner_id', 'cooperative_id'], references: 'miners', referencedColumns: ['id', 'cooperative_id'] },
    { table: 'jobs', name: 'jobs_requested_by', columns: ['requested_by'], references: 'users', referencedColumns: ['id'] },
  ],
};
const withChange = (change: Partial<Catalog>): Catalog => ({ ...sound, ...change });

describe('shardingViolations (what keeps the schema from being distributed by cooperative_id)', () => {
  it('finds nothing in a schema keyed by cooperative, with foreign keys to reference tables', () => {
    expect(shardingViolations(sound, placed)).toEqual([]);
    expect([...tenantTables(sound, placed)]).toEqual(['miners', 'miner_cards']);
  });

  it('refuses a tenant primary key, unique constraint, unique index or exclusion constraint without cooperative_id', () => {
    for (const kind of ['primary key', 'unique', 'unique index', 'exclusion'] as const) {
      const keys = [...sound.keys, { table: 'miner_cards', name: 'k', kind, columns: ['id'] }];
      expect(shardingViolations(withChange({ keys }), placed)).toEqual([`miner_cards: ${kind} k (id) lacks cooperative_id`]);
    }
  });

  it('refuses a foreign key between tenant tables that leaves cooperative_id out or matches it to another column', () => {
    const alone = { table: 'miner_cards', name: 'f', columns: ['miner_id'], references: 'miners', referencedColumns: ['id'] };
    const crossed = { ...alone, columns: ['cooperative_id', 'miner_id'], referencedColumns: ['id', 'cooperative_id'] };
    expect(shardingViolations(withChange({ foreignKeys: [alone] }), placed)).toEqual(['miner_cards: foreign key f (miner_id) → miners (id) does not match cooperative_id to cooperative_id']);
    expect(shardingViolations(withChange({ foreignKeys: [crossed] }), placed)).toHaveLength(1);
  });

  it('refuses foreign keys into a shard from reference or local tables, and from a tenant table into a local one', () => {
    const fromReference = { table: 'users', name: 'f', columns: ['miner_id'], references: 'miners', referencedColumns: ['id'] };
    const fromLocal = { table: 'jobs', name: 'g', columns: ['cooperative_id', 'miner_id'], references: 'miners', referencedColumns: ['cooperative_id', 'id'] };
    const intoLocal = { table: 'miners', name: 'h', columns: ['job_id'], references: 'jobs', referencedColumns: ['id'] };
    expect(shardingViolations(withChange({ foreignKeys: [fromReference, fromLocal, intoLocal] }), placed)).toEqual([
      'users: foreign key f (miner_id) → miners (id) points from a reference table into a tenant one',
      'jobs: foreign key g (cooperative_id, miner_id) → miners (cooperative_id, id) points from a local table into a tenant one',
      'miners: foreign key h (job_id) → jobs (id) points from a tenant table into a local one',
    ]);
  });

  it('refuses a nullable cooperative_id, a table placed nowhere and a placement naming no table', () => {
    const tables = [...sound.tables.filter((t) => t.name !== 'miners'), { name: 'miners', cooperativeIdNullable: true }, { name: 'sessions' }];
    expect(shardingViolations(withChange({ tables }), { ...placed, gone: { placement: 'local', why: 'once' } })).toEqual([
      'gone: placed as local but no such table: remove it from the list',
      'miners: cooperative_id may be NULL',
      'sessions: no cooperative_id and not placed as a reference or local table',
    ]);
  });
});
