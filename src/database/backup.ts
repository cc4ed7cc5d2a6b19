import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import QueryStream from 'pg-query-stream';

/**
 * One self-contained, gzipped JSON-lines file holding every row of every table, readable by
 * any PostgreSQL of this schema version (no pg_dump needed, which the embedded engine does
 * not ship). Restore refuses a file from another schema version.
 */
const FORMAT = 'ushirika-backup';
const FORMAT_VERSION = 1;
const RESTORE_BATCH = 500;

interface Header {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly migrations: readonly string[];
  readonly tables: readonly string[];
}

type Line = Header | { readonly table: string } | { readonly row: unknown } | { readonly end: true; readonly rows: number };

/** Tables of the public schema, parents before children, so rows can be loaded in order. */
async function tablesInDependencyOrder(client: pg.Client): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'migrations' ORDER BY 1`,
    )
  ).rows.map((row) => row.name);
  const edges = (
    await client.query<{ child: string; parent: string }>(
      `SELECT DISTINCT child.relname AS child, parent.relname AS parent FROM pg_constraint k
         JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = child.relnamespace
        WHERE k.contype = 'f' AND n.nspname = 'public' AND child.oid <> parent.oid`,
    )
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string): void => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const edge of edges.filter((e) => e.child === table)) visit(edge.parent);
    visiting.delete(table);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  return (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((row) => row.name);
}

export async function backupDatabase(ownerUrl: string, file: string): Promise<{ tables: number; rows: number }> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'ushirika-backup' });
  await client.connect();
  let total = 0;
  try {
    // One snapshot for every table: the file is consistent even while the API writes.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query('SET LOCAL row_security = off');
    const tables = await tablesInDependencyOrder(client);
    const header: Header = {
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(client),
      tables,
    };
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const table of tables) {
        yield `${JSON.stringify({ table })}\n`;
        let rows = 0;
        const stream = client.query(new QueryStream(`SELECT row_to_json(t)::text AS row FROM ${pg.escapeIdentifier(table)} t`, [], { batchSize: 1000 }));
        for await (const record of stream as AsyncIterable<{ row: string }>) {
          rows += 1;
          yield `{"row":${record.row}}\n`;
        }
        total += rows;
        yield `${JSON.stringify({ end: true, rows })}\n`;
      }
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { mode: 0o600 }));
    await client.query('COMMIT');
    return { tables: tables.length, rows: total };
  } finally {
    await client.end();
  }
}

export class BackupMismatchError extends Error {}

/**
 * Loads a backup into a migrated database in one transaction: all or nothing. Refuses a
 * database that already holds rows unless `replace` is set, which empties it first.
 */
export async function restoreDatabase(ownerUrl: string, file: string, options: { replace?: boolean } = {}): Promise<{ tables: number; rows: number }> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'ushirika-restore' });
  await client.connect();
  let total = 0;
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL row_security = off');
    let header: Header | undefined;
    let table: string | undefined;
    let columns: string[] = [];
    let batch: unknown[] = [];
    const flush = async (): Promise<void> => {
      if (!table || batch.length === 0) return;
      const list = columns.map((column) => pg.escapeIdentifier(column)).join(', ');
      await client.query(
        `INSERT INTO ${pg.escapeIdentifier(table)} (${list}) OVERRIDING SYSTEM VALUE
         SELECT ${list} FROM json_populate_recordset(NULL::${pg.escapeIdentifier(table)}, $1::json)`,
        [JSON.stringify(batch)],
      );
      total += batch.length;
      batch = [];
    };
    // Opened only now: readline starts reading at once, and lines emitted before the loop
    // attaches would be lost.
    const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const text of input) {
      if (text.trim() === '') continue;
      const line = JSON.parse(text) as Line;
      if (!header) {
        header = await checkHeader(client, line, options.replace ?? false);
      } else if ('table' in line) {
        table = line.table;
        columns = await insertableColumns(client, table);
        await client.query(`ALTER TABLE ${pg.escapeIdentifier(table)} DISABLE TRIGGER USER`);
      } else if ('row' in line) {
        batch.push(line.row);
        if (batch.length >= RESTORE_BATCH) await flush();
      } else if ('end' in line && table) {
        await flush();
        await client.query(`ALTER TABLE ${pg.escapeIdentifier(table)} ENABLE TRIGGER USER`);
        table = undefined;
      }
    }
    if (!header) throw new BackupMismatchError('The backup file is empty');
    await resetSequences(client);
    await client.query('COMMIT');
    return { tables: header.tables.length, rows: total };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function checkHeader(client: pg.Client, line: Line, replace: boolean): Promise<Header> {
  if (!('format' in line) || line.format !== FORMAT || line.version !== FORMAT_VERSION) {
    throw new BackupMismatchError('This file is not an Ushirika backup of a known format');
  }
  const here = await appliedMigrations(client);
  if (JSON.stringify(here) !== JSON.stringify(line.migrations)) {
    throw new BackupMismatchError(
      `The backup was taken at schema version ${line.migrations.at(-1) ?? 'none'}, this database is at ${here.at(-1) ?? 'none'}: migrate one of them first`,
    );
  }
  const tables = await tablesInDependencyOrder(client);
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
  return line;
}

async function insertableColumns(client: pg.Client, table: string): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return rows.rows.map((row) => row.name);
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
