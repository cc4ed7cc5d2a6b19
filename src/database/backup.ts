import pg from 'pg';
import { ownerTransaction } from './owner-transaction.js';
import {
  appliedMigrations, assertSameSchema, BackupMismatchError, dumpLines, inSnapshot, insertAsIs, loadTables, readSealedLines, tablesInDependencyOrder, writeSealedLines, type DumpHeader,
} from './table-dump.js';

export { BackupMismatchError } from './table-dump.js';

/**
 * The whole database in one sealed file (encrypted and authenticated with a passphrase,
 * sealed-file.ts): every row of every table as gzipped JSON lines, readable by any
 * PostgreSQL of this schema version (no pg_dump needed, which the embedded engine does not
 * ship). For operators; a cooperative takes its own data out with cooperative-export.ts.
 * Restore refuses a file from another schema version, and loads rows with the tables'
 * triggers disabled only after every chunk it reads has passed its authentication.
 */
export const BACKUP_FORMAT = 'ushirika-backup';
const FORMAT_VERSION = 3;

export async function backupDatabase(ownerUrl: string, file: string, passphrase: string): Promise<{ tables: number; rows: number }> {
  return inSnapshot(ownerUrl, 'ushirika-backup', async (client) => {
    let total = 0;
    const tables = await tablesInDependencyOrder(client);
    const header: DumpHeader = {
      format: BACKUP_FORMAT,
      version: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(client),
      tables,
    };
    const selections = tables.map((table) => ({ table, sql: `SELECT row_to_json(t)::text AS row FROM ${pg.escapeIdentifier(table)} t` }));
    await writeSealedLines(file, passphrase, dumpLines(client, header, selections, (rows) => (total += rows)));
    return { tables: tables.length, rows: total };
  });
}

/**
 * Loads a backup into a migrated database in one transaction: all or nothing. Refuses a file
 * that fails its authentication under `passphrase` (at the first chunk that does not hold:
 * the transaction then rolls back), rows of tables or columns the schema does not have, and
 * a database that already holds rows unless `replace` is set, which empties it first.
 */
export async function restoreDatabase(ownerUrl: string, file: string, passphrase: string, options: { replace?: boolean } = {}): Promise<{ tables: number; rows: number }> {
  const lines = readSealedLines(file, passphrase);
  // The header first: a wrong passphrase or a foreign file is refused before the database is touched.
  const first = await lines.next();
  if (first.done) throw new BackupMismatchError('The backup file is empty');
  try {
    return await ownerTransaction(ownerUrl, { applicationName: 'ushirika-restore', setup: ['SET LOCAL row_security = off'] }, async (client) => {
      const schemaTables = await tablesInDependencyOrder(client);
      const header = await checkHeader(client, first.value, options.replace ?? false, schemaTables);
      const rows = await loadTables(client, lines, {
        tables: new Set(schemaTables),
        insert: (table, columns, batch) => insertAsIs(client, table, columns, batch),
    });
    await resetSequences(client);
    return { tables: header.tables.length, rows };
    });
  } finally {
    await lines.return(undefined);
  }
}

async function checkHeader(client: pg.Client, text: string, replace: boolean, tables: readonly string[]): Promise<DumpHeader> {
  let line: Partial<DumpHeader>;
  try {
    line = JSON.parse(text) as Partial<DumpHeader>;
  } catch {
    line = {};
  }
  if (line.format !== BACKUP_FORMAT || line.version !== FORMAT_VERSION) {
    throw new BackupMismatchError(
      line.format === 'ushirika-cooperative'
        ? 'This file is one cooperative\'s export: load it with cooperative:import'
        : 'This file is not an Ushirika backup of a known format',
    );
  }
  const listed: unknown = line.tables;
  const schemaTables = new Set(tables);
  const foreign = (Array.isArray(listed) ? (listed as unknown[]) : []).filter((name) => typeof name !== 'string' || !schemaTables.has(name));
  if (!Array.isArray(listed) || foreign.length > 0) {
    throw new BackupMismatchError(`The backup lists tables this schema does not have (${foreign.join(', ')}): nothing was restored`);
  }
  await assertSameSchema(client, line.migrations);
  const nonEmpty: string[] = [];
  for (const table of tables) {
    const found = await client.query(`SELECT 1 FROM ${pg.escapeIdentifier(table)} LIMIT 1`);
    if (found.rowCount) nonEmpty.push(table);
  }
  if (nonEmpty.length > 0) {
    if (!replace) throw new BackupMismatchError(`The database already holds data (${nonEmpty.join(', ')}); pass --replace to overwrite it`);
    // Replacing is the one deliberate exception to the append-only triggers, inside this
    // all-or-nothing transaction.
    const list = tables.map((t) => pg.escapeIdentifier(t));
    for (const table of list) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await client.query(`TRUNCATE ${list.join(', ')} CASCADE`);
    for (const table of list) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  }
  return line as DumpHeader;
}

async function resetSequences(client: pg.Client): Promise<void> {
  const owned = await client.query<{ seq: string; tbl: string; col: string }>(
    `SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
       JOIN pg_namespace n ON n.oid = s.relnamespace WHERE n.nspname = 'public'`,
  );
  for (const { seq, tbl, col } of owned.rows) {
    await client.query(
      `SELECT setval($1, coalesce((SELECT max(${pg.escapeIdentifier(col)}) FROM ${pg.escapeIdentifier(tbl)}), 0) + 1, false)`,
      [seq],
    );
  }
}
