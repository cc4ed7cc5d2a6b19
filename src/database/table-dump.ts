import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { ownerTransaction } from './owner-transaction.js';
import { openStream, sealStream } from './sealed-file.js';

/**
 * What backups and cooperative exports share: rows as gzipped JSON lines inside a sealed
 * (encrypted, authenticated) file. A file is one header line, then for each table a
 * `{"table":…}` line, its rows as `{"row":…}` lines and `{"end":true,"rows":N}`.
 * What may be loaded is decided by the migrated schema, never by the file: tables and
 * columns come from the database.
 */
export interface DumpHeader {
  readonly format: string;
  readonly version: number;
  readonly createdAt: string;
  readonly migrations: readonly string[];
  readonly tables: readonly string[];
}

type Line = DumpHeader | { readonly table: string } | { readonly row: unknown } | { readonly end: true; readonly rows: number };

export class BackupMismatchError extends Error {}

const RESTORE_BATCH = 500;

/**
 * Runs `work` on an owner connection inside one REPEATABLE READ, read-only snapshot with
 * row-level security off: a file is consistent even while the API writes.
 */
export function inSnapshot<T>(ownerUrl: string, applicationName: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return ownerTransaction(ownerUrl, { applicationName, begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', setup: ['SET LOCAL row_security = off'] }, work);
}

export async function writeSealedLines(file: string, passphrase: string, lines: AsyncIterable<string> | Iterable<string>): Promise<void> {
  await pipeline(Readable.from(lines), createGzip(), sealStream(passphrase), createWriteStream(file, { mode: 0o600 }));
}

/** The lines of a sealed file, each authenticated before it is yielded; throws at the first byte that does not hold. */
export async function* readSealedLines(file: string, passphrase: string): AsyncGenerator<string> {
  const source = createReadStream(file);
  const open = openStream(passphrase);
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  open.on('error', (error) => gunzip.destroy(error));
  source.pipe(open).pipe(gunzip);
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) yield part;
    }
  } finally {
    source.destroy();
  }
  if (rest !== '') yield rest;
}

function parsed(text: string): Line {
  try {
    return JSON.parse(text) as Line;
  } catch {
    throw new BackupMismatchError('The file is not laid out as an Ushirika file (a line is not JSON): nothing was loaded');
  }
}

/**
 * Tables of the public schema, parents before children, so rows can be loaded in order. Two are
 * the deployment's own and never travel: `migrations` (the schema version, checked apart) and
 * `shared_secret_fingerprints` (which keys this server's instances hold).
 */
export async function tablesInDependencyOrder(client: pg.ClientBase): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT IN ('migrations', 'shared_secret_fingerprints') ORDER BY 1`,
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

export async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  return (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((row) => row.name);
}

/** Refuses a file taken at another schema version, naming both. */
export async function assertSameSchema(client: pg.ClientBase, migrations: readonly string[] | undefined): Promise<void> {
  const here = await appliedMigrations(client);
  if (!Array.isArray(migrations) || JSON.stringify(here) !== JSON.stringify(migrations)) {
    throw new BackupMismatchError(
      `The file was written at schema version ${migrations?.at(-1) ?? 'none'}, this database is at ${here.at(-1) ?? 'none'}: migrate one of them first`,
    );
  }
}

export interface ColumnSet {
  /** Every column the schema has (generated ones included: a file carries them, loading skips them). */
  readonly known: ReadonlySet<string>;
  /** Columns a row is loaded into. */
  readonly insertable: readonly string[];
  /** Identity columns (GENERATED … AS IDENTITY). */
  readonly identity: readonly string[];
}

export async function columnsOf(client: pg.ClientBase, table: string): Promise<ColumnSet> {
  const rows = (
    await client.query<{ name: string; generated: string; identity: string }>(
      `SELECT column_name AS name, is_generated AS generated, is_identity AS identity FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    )
  ).rows;
  return {
    known: new Set(rows.map((row) => row.name)),
    insertable: rows.filter((row) => row.generated === 'NEVER').map((row) => row.name),
    identity: rows.filter((row) => row.identity === 'YES').map((row) => row.name),
  };
}

export interface Selection {
  readonly table: string;
  /** SELECT row_to_json(t)::text AS row FROM … : the rows of this table that go into the file. */
  readonly sql: string;
  readonly params?: readonly unknown[];
}

/** The file's lines: the header, then each selected table's rows, streamed (constant memory). */
export async function* dumpLines(client: pg.ClientBase, header: DumpHeader, selections: readonly Selection[], counted?: (rows: number) => void): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  for (const { table, sql, params } of selections) {
    yield `${JSON.stringify({ table })}\n`;
    let rows = 0;
    const stream = client.query(new QueryStream(sql, [...(params ?? [])], { batchSize: 1000 }));
    for await (const record of stream as AsyncIterable<{ row: string }>) {
      rows += 1;
      yield `{"row":${record.row}}\n`;
    }
    counted?.(rows);
    yield `${JSON.stringify({ end: true, rows })}\n`;
  }
}

export interface LoadPlan {
  /** Tables this load accepts, in the order the file must hold them (parents first). */
  readonly tables: ReadonlySet<string>;
  /** Inserts one batch of rows (objects keyed by column) into a table. */
  insert(table: string, columns: ColumnSet, rows: readonly unknown[]): Promise<void>;
}

/**
 * Loads the table sections after the header, with each table's user triggers (the
 * append-only guards) disabled while its rows go in; the caller holds the transaction.
 */
export async function loadTables(client: pg.ClientBase, lines: AsyncIterator<string>, plan: LoadPlan): Promise<number> {
  let total = 0;
  let table: string | undefined;
  let columns: ColumnSet | undefined;
  let batch: unknown[] = [];
  let inTable = 0;
  const loaded = new Set<string>();
  const flush = async (): Promise<void> => {
    if (!table || !columns || batch.length === 0) return;
    await plan.insert(table, columns, batch);
    total += batch.length;
    batch = [];
  };
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    if (next.value === '') continue;
    const line = parsed(next.value);
    if ('table' in line && table === undefined) {
      if (typeof line.table !== 'string' || !plan.tables.has(line.table) || loaded.has(line.table)) {
        throw new BackupMismatchError(`The file holds a table this schema does not have, or holds it twice (${String(line.table)}): nothing was loaded`);
      }
      table = line.table;
      loaded.add(table);
      columns = await columnsOf(client, table);
      inTable = 0;
      await client.query(`ALTER TABLE ${pg.escapeIdentifier(table)} DISABLE TRIGGER USER`);
    } else if ('row' in line && table !== undefined && columns !== undefined) {
      const row = line.row;
      if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new BackupMismatchError(`A row of ${table} is not a record: nothing was loaded`);
      const unknown = Object.keys(row).filter((column) => !columns!.known.has(column));
      if (unknown.length > 0) throw new BackupMismatchError(`Rows of ${table} hold columns this schema does not have (${unknown.join(', ')}): nothing was loaded`);
      batch.push(row);
      inTable += 1;
      if (batch.length >= RESTORE_BATCH) await flush();
    } else if ('end' in line && table !== undefined) {
      if (line.rows !== inTable) throw new BackupMismatchError(`The section of ${table} announces ${String(line.rows)} rows and holds ${inTable}: nothing was loaded`);
      await flush();
      await client.query(`ALTER TABLE ${pg.escapeIdentifier(table)} ENABLE TRIGGER USER`);
      table = undefined;
    } else {
      throw new BackupMismatchError('The file is not laid out as an Ushirika file (a line out of place): nothing was loaded');
    }
  }
  if (table !== undefined) throw new BackupMismatchError(`The file ends inside table ${table}: nothing was loaded`);
  return total;
}

/** Inserts rows as they are, identity values included (a whole-database restore). */
export async function insertAsIs(client: pg.ClientBase, table: string, columns: ColumnSet, rows: readonly unknown[], conflict = ''): Promise<void> {
  await insertColumns(client, table, columns.insertable, rows, columns.identity.length > 0 ? 'OVERRIDING SYSTEM VALUE' : '', conflict);
}

/** Inserts rows letting identity columns take new values, in the file's order (a cooperative moving into a shared deployment). */
export async function insertWithNewIdentities(client: pg.ClientBase, table: string, columns: ColumnSet, rows: readonly unknown[], conflict = ''): Promise<void> {
  const list = columns.insertable.filter((column) => !columns.identity.includes(column));
  await insertColumns(client, table, list, rows, '', conflict);
}

async function insertColumns(client: pg.ClientBase, table: string, list: readonly string[], rows: readonly unknown[], overriding: string, conflict: string): Promise<void> {
  const names = list.map((column) => pg.escapeIdentifier(column)).join(', ');
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)} (${names}) ${overriding}
     SELECT ${names} FROM json_populate_recordset(NULL::${pg.escapeIdentifier(table)}, $1::json) WITH ORDINALITY AS r ORDER BY r.ordinality ${conflict}`,
    [JSON.stringify(rows)],
  );
}

/** Checks a sealed file end to end without a database: every chunk, the layout and the row counts. */
export async function verifySealedFile(file: string, passphrase: string): Promise<{ header: DumpHeader & Record<string, unknown>; tables: number; rows: number }> {
  const lines = readSealedLines(file, passphrase);
  const first = await lines.next();
  if (first.done) throw new BackupMismatchError('The file is empty');
  const header = parsed(first.value) as DumpHeader & Record<string, unknown>;
  if (typeof header.format !== 'string' || !Array.isArray(header.tables)) throw new BackupMismatchError('The file has no Ushirika header');
  let rows = 0;
  let tables = 0;
  let inTable: number | undefined;
  for await (const text of lines) {
    if (text === '') continue;
    const line = parsed(text);
    if ('table' in line && inTable === undefined) {
      inTable = 0;
      tables += 1;
    } else if ('row' in line && inTable !== undefined) {
      inTable += 1;
    } else if ('end' in line && inTable !== undefined && line.rows === inTable) {
      rows += inTable;
      inTable = undefined;
    } else {
      throw new BackupMismatchError('The file is not laid out as an Ushirika file (a line out of place or a count that does not match)');
    }
  }
  if (inTable !== undefined) throw new BackupMismatchError('The file ends inside a table');
  return { header, tables, rows };
}
