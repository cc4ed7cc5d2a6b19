import { createHmac, timingSafeEqual, type Hmac } from 'node:crypto';
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
 *
 * The file is authenticated: its last line is `{"mac":"…"}`, the HMAC-SHA256 of every line
 * before it (uncompressed, each with its newline) under the deployment's backup key
 * (backup-key.ts). Restore loads rows with the tables' triggers disabled, so it trusts a file
 * only once its MAC holds, and even then only rows of the tables and columns the migrated
 * schema has: the list comes from the database, never from the file.
 */
const FORMAT = 'ushirika-backup';
const FORMAT_VERSION = 2;
const RESTORE_BATCH = 500;

interface Header {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly migrations: readonly string[];
  readonly tables: readonly string[];
}

type Line = Header | { readonly table: string } | { readonly row: unknown } | { readonly end: true; readonly rows: number };

/** The running MAC of a backup's lines. */
function macOf(key: Buffer): Hmac {
  if (key.length === 0) throw new Error('A backup key is required');
  return createHmac('sha256', key);
}

function sameMac(hmac: Hmac, claimed: unknown): boolean {
  const expected = hmac.digest();
  if (typeof claimed !== 'string' || !/^[0-9a-f]{64}$/.test(claimed)) return false;
  return timingSafeEqual(expected, Buffer.from(claimed, 'hex'));
}

const isMacLine = (text: string): boolean => text.startsWith('{"mac":');

/** The MAC a line claims, or a value no MAC equals. */
function parsedMac(text: string): unknown {
  try {
    return (JSON.parse(text) as { mac?: unknown }).mac ?? null;
  } catch {
    return null;
  }
}

function backupLines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
}

const UNAUTHENTICATED = 'The backup file is not authenticated by this deployment\'s backup key (altered, truncated, or made with another key): nothing was restored';

/** Reads the whole file once and checks its MAC before anything of it is trusted. */
async function assertAuthentic(file: string, key: Buffer): Promise<void> {
  const hmac = macOf(key);
  let claimed: unknown;
  let afterMac = false;
  for await (const text of backupLines(file)) {
    if (claimed !== undefined) {
      afterMac = true;
      break;
    }
    if (isMacLine(text)) {
      claimed = parsedMac(text);
      continue;
    }
    hmac.update(`${text}\n`);
  }
  if (afterMac || !sameMac(hmac, claimed)) throw new BackupMismatchError(UNAUTHENTICATED);
}

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

export async function backupDatabase(ownerUrl: string, file: string, key: Buffer): Promise<{ tables: number; rows: number }> {
  const hmac = macOf(key);
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
    async function* content(): AsyncGenerator<string> {
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
    async function* lines(): AsyncGenerator<string> {
      for await (const line of content()) {
        hmac.update(line);
        yield line;
      }
      yield `${JSON.stringify({ mac: hmac.digest('hex') })}\n`;
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
 * Loads a backup into a migrated database in one transaction: all or nothing. Refuses a file
 * whose MAC does not hold under `key` (checked before the database is touched, and again
 * over the lines actually loaded before committing), rows of tables or columns the schema
 * does not have, and a database that already holds rows unless `replace` is set, which
 * empties it first.
 */
export async function restoreDatabase(ownerUrl: string, file: string, key: Buffer, options: { replace?: boolean } = {}): Promise<{ tables: number; rows: number }> {
  await assertAuthentic(file, key);
  const hmac = macOf(key);
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
    let claimedMac: unknown;
    const schemaTables = new Set(await tablesInDependencyOrder(client));
    const loaded = new Set<string>();
    let known = new Set<string>();
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
    for await (const text of backupLines(file)) {
      if (claimedMac !== undefined) throw new BackupMismatchError(UNAUTHENTICATED);
      if (isMacLine(text)) {
        claimedMac = parsedMac(text);
        continue;
      }
      hmac.update(`${text}\n`);
      const line = JSON.parse(text) as Line;
      if (!header) {
        header = await checkHeader(client, line, options.replace ?? false, schemaTables);
      } else if ('table' in line && table === undefined) {
        if (typeof line.table !== 'string' || !schemaTables.has(line.table) || loaded.has(line.table)) {
          throw new BackupMismatchError(`The backup holds a table this schema does not have, or holds it twice (${String(line.table)}): nothing was restored`);
        }
        table = line.table;
        loaded.add(table);
        known = new Set(await tableColumns(client, table));
        columns = await insertableColumns(client, table);
        await client.query(`ALTER TABLE ${pg.escapeIdentifier(table)} DISABLE TRIGGER USER`);
      } else if ('row' in line && table !== undefined) {
        const row = line.row;
        if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new BackupMismatchError(`A row of ${table} is not a record: nothing was restored`);
        const unknown = Object.keys(row).filter((column) => !known.has(column));
        if (unknown.length > 0) throw new BackupMismatchError(`Rows of ${table} hold columns this schema does not have (${unknown.join(', ')}): nothing was restored`);
        batch.push(row);
        if (batch.length >= RESTORE_BATCH) await flush();
      } else if ('end' in line && table !== undefined) {
        await flush();
        await client.query(`ALTER TABLE ${pg.escapeIdentifier(table)} ENABLE TRIGGER USER`);
        table = undefined;
      } else {
        throw new BackupMismatchError('The backup file is not laid out as a backup (a line out of place): nothing was restored');
      }
    }
    if (!header) throw new BackupMismatchError('The backup file is empty');
    if (table !== undefined) throw new BackupMismatchError(`The backup ends inside table ${table}: nothing was restored`);
    // The lines loaded are the lines checked: a file changed between the two reads is refused.
    if (!sameMac(hmac, claimedMac)) throw new BackupMismatchError(UNAUTHENTICATED);
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

async function checkHeader(client: pg.Client, line: Line, replace: boolean, schemaTables: ReadonlySet<string>): Promise<Header> {
  if (!('format' in line) || line.format !== FORMAT || line.version !== FORMAT_VERSION) {
    throw new BackupMismatchError('This file is not an Ushirika backup of a known format');
  }
  const listed: unknown = line.tables;
  const foreign = (Array.isArray(listed) ? (listed as unknown[]) : []).filter((name) => typeof name !== 'string' || !schemaTables.has(name));
  if (!Array.isArray(listed) || foreign.length > 0) {
    throw new BackupMismatchError(`The backup lists tables this schema does not have (${foreign.join(', ')}): nothing was restored`);
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

/** Every column of the table as the migrated schema has it (generated ones included: a backup carries them, restore skips them). */
async function tableColumns(client: pg.Client, table: string): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
    [table],
  );
  return rows.rows.map((row) => row.name);
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
