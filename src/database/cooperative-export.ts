import pg from 'pg';
import { ownerTransaction } from './owner-transaction.js';
import {
  appliedMigrations, assertSameSchema, BackupMismatchError, columnsOf, dumpLines, inSnapshot, insertWithNewIdentities, loadTables, readSealedLines, tablesInDependencyOrder,
  writeSealedLines, type DumpHeader, type Selection,
} from './table-dump.js';

/**
 * One cooperative in one sealed file, and back: every row that belongs to it and nothing of
 * any other cooperative, so that its data can leave a shared server or move from a laptop to
 * a server and back.
 *
 * What belongs to a cooperative: its `cooperatives` row, the rows of every table that has a
 * `cooperative_id` column, and the users who hold a role in it or whom its records name.
 * Platform operators never come with it: one named by its records (who sent an invitation,
 * say) travels as a disabled account without a password, so that the record keeps its author.
 * Deployment tables (sessions, login throttling, idempotency keys, provinces and their reports)
 * stay where they are, and so do in-flight jobs and password-reset codes. A table the schema
 * gains later is taken along when it has `cooperative_id`; one without it must be named in
 * `DEPLOYMENT_TABLES`, or the export refuses to run rather than leave it behind.
 */
export const EXPORT_FORMAT = 'ushirika-cooperative';
const FORMAT_VERSION = 1;

/** Tables that are the deployment's, not a cooperative's, each with why it stays. */
export const DEPLOYMENT_TABLES: Readonly<Record<string, string>> = {
  idempotency_keys: 'replay protection of requests already answered here',
  login_throttle: 'failed-login counters of this server',
  refresh_tokens: 'sessions of this server: users sign in again after a move',
  supervisor_jurisdictions: 'provincial supervisors belong to the platform, not to a cooperative',
  jurisdiction_reports: 'province reports span many cooperatives',
  platform_audit_log: "the platform's own trail (accounts, operators), no cooperative's",
  public_form_throttle: 'public incident form counters of this server (keyed hashes of addresses, one window long)',
  public_form_challenges_spent: 'anti-spam challenges this server issued and saw used',
  organisations: 'observer and partner organisations belong to the platform, like supervisors',
  organisation_people: 'the logins of those organisations, the platform’s too',
};
/** Tables with a cooperative_id whose rows are operational state of this server, not records. */
export const TRANSIENT_TENANT_TABLES: Readonly<Record<string, string>> = {
  jobs: 'in-flight background work of this server',
  password_reset_codes: 'one-time codes that must not outlive the server that issued them',
  observer_grants: 'grants to organisations of this server, which another server does not have; the audit trail keeps their history',
};
const SPECIAL = new Set(['cooperatives', 'users']);

export interface ExportHeader extends DumpHeader {
  readonly cooperativeId: string;
  readonly cooperativeName: string;
}

interface Plan {
  readonly tables: readonly string[];
  readonly tenant: readonly string[];
  /** Columns of tenant tables that name a user. */
  readonly userColumns: readonly { table: string; column: string }[];
}

async function planOf(client: pg.ClientBase): Promise<Plan> {
  const ordered = await tablesInDependencyOrder(client);
  const withCooperative = new Set(
    (
      await client.query<{ table: string }>(
        `SELECT table_name AS table FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'cooperative_id'`,
      )
    ).rows.map((row) => row.table),
  );
  const unclassified = ordered.filter((table) => !SPECIAL.has(table) && !(table in DEPLOYMENT_TABLES) && !withCooperative.has(table));
  if (unclassified.length > 0) {
    throw new BackupMismatchError(`These tables have no cooperative_id and are not listed as the deployment's (${unclassified.join(', ')}): nothing was exported`);
  }
  const tenant = ordered.filter((table) => withCooperative.has(table) && !(table in TRANSIENT_TENANT_TABLES) && !(table in DEPLOYMENT_TABLES));
  const userColumns = (
    await client.query<{ table: string; column: string }>(
      `SELECT child.relname AS table, a.attname AS column FROM pg_constraint k
         JOIN pg_class child ON child.oid = k.conrelid JOIN pg_namespace n ON n.oid = child.relnamespace
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'f' AND n.nspname = 'public' AND k.confrelid = 'public.users'::regclass AND array_length(k.conkey, 1) = 1`,
    )
  ).rows.filter((row) => tenant.includes(row.table));
  return { tables: ['cooperatives', 'users', ...tenant.filter((table) => !SPECIAL.has(table))], tenant, userColumns };
}

/** Rows in their identity order, so that a load keeps their relative order when it gives them new identities. */
async function orderOf(client: pg.ClientBase, table: string): Promise<string> {
  const { identity } = await columnsOf(client, table);
  return identity.length > 0 ? ` ORDER BY ${identity.map((column) => pg.escapeIdentifier(column)).join(', ')}` : '';
}

export async function exportCooperative(ownerUrl: string, cooperativeId: string, file: string, passphrase: string): Promise<{ tables: number; rows: number; name: string }> {
  return inSnapshot(ownerUrl, 'ushirika-export', async (client) => {
    let total = 0;
    const found = await client.query<{ name: string }>('SELECT name FROM cooperatives WHERE id::text = $1', [cooperativeId]);
    if (found.rowCount === 0) throw new BackupMismatchError(`No cooperative ${cooperativeId} in this database`);
    const plan = await planOf(client);
    const named = plan.userColumns.map(({ table, column }) => `SELECT ${pg.escapeIdentifier(column)} AS id FROM ${pg.escapeIdentifier(table)} WHERE cooperative_id = $1`);
    const users = `WITH wanted AS (SELECT user_id AS id FROM user_roles WHERE cooperative_id = $1 ${named.map((sql) => `UNION ${sql}`).join(' ')})
      SELECT (to_jsonb(u) || CASE WHEN u.is_operator
               THEN jsonb_build_object('password_hash', '!', 'is_operator', false, 'disabled_at', coalesce(u.disabled_at, now()))
               ELSE '{}'::jsonb END)::text AS row
        FROM users u WHERE u.id IN (SELECT id FROM wanted WHERE id IS NOT NULL) ORDER BY u.id`;
    const selections: Selection[] = [
      { table: 'cooperatives', sql: 'SELECT row_to_json(t)::text AS row FROM cooperatives t WHERE id = $1', params: [cooperativeId] },
      { table: 'users', sql: users, params: [cooperativeId] },
    ];
    for (const table of plan.tenant.filter((name) => !SPECIAL.has(name))) {
      selections.push({
        table,
        sql: `SELECT row_to_json(t)::text AS row FROM ${pg.escapeIdentifier(table)} t WHERE cooperative_id = $1${await orderOf(client, table)}`,
        params: [cooperativeId],
      });
    }
    const header: ExportHeader = {
      format: EXPORT_FORMAT,
      version: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(client),
      tables: plan.tables,
      cooperativeId,
      cooperativeName: found.rows[0].name,
    };
    await writeSealedLines(file, passphrase, dumpLines(client, header, selections, (rows) => (total += rows)));
    return { tables: selections.length, rows: total, name: found.rows[0].name };
  });
}

/**
 * Loads one cooperative's export in one transaction: all or nothing. Refuses a cooperative
 * that already exists here unless `replace` is set, which then removes that cooperative's rows
 * only; a user already here keeps their account (and gains their roles back), a user whose
 * login belongs to another account here is refused by name. The audit trail records the import.
 */
export async function importCooperative(
  ownerUrl: string,
  file: string,
  passphrase: string,
  options: { replace?: boolean } = {},
): Promise<{ cooperativeId: string; name: string; rows: number; replaced: boolean }> {
  const lines = readSealedLines(file, passphrase);
  const first = await lines.next();
  if (first.done) throw new BackupMismatchError('The export file is empty');
  const header = headerOf(first.value);
  try {
    return await ownerTransaction(ownerUrl, { applicationName: 'ushirika-import', setup: ['SET LOCAL row_security = off'] }, async (client) => {
      await assertSameSchema(client, header.migrations);
      const plan = await planOf(client);
      const foreign = header.tables.filter((table) => !plan.tables.includes(table));
      if (foreign.length > 0) throw new BackupMismatchError(`The export lists tables this schema does not have (${foreign.join(', ')}): nothing was imported`);
      // One import of a cooperative at a time, and none while it is being replaced.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('cooperative-import:' || $1))`, [header.cooperativeId]);
      const exists = (await client.query('SELECT 1 FROM cooperatives WHERE id = $1', [header.cooperativeId])).rowCount !== 0;
      if (exists && !options.replace) {
        throw new BackupMismatchError(`Cooperative ${header.cooperativeId} (${header.cooperativeName}) already exists here; pass --replace to replace its data with the file's`);
      }
      if (exists) await removeCooperative(client, header.cooperativeId, plan);
      const rows = await loadTables(client, lines, {
        tables: new Set(plan.tables),
        insert: async (table, columns, batch) => {
          if (table === 'cooperatives') assertOnly(batch, header.cooperativeId, 'id');
          else if (table !== 'users') assertOnly(batch, header.cooperativeId, 'cooperative_id');
          if (table === 'users') {
            await assertNoLoginTaken(client, batch);
            await insertWithNewIdentities(client, table, columns, batch, 'ON CONFLICT (id) DO NOTHING');
          } else {
            await insertWithNewIdentities(client, table, columns, batch);
          }
        },
    });
    await client.query(
      `INSERT INTO audit_log (cooperative_id, actor_user_id, action, entity, entity_id, after)
       VALUES ($1::uuid, NULL, 'cooperative.imported', 'cooperative', $1::text, $2::jsonb)`,
      [header.cooperativeId, JSON.stringify({ exportedAt: header.createdAt, rows, replaced: exists })],
    );
    return { cooperativeId: header.cooperativeId, name: header.cooperativeName, rows, replaced: exists };
    });
  } finally {
    await lines.return(undefined);
  }
}

function headerOf(text: string): ExportHeader {
  let line: Partial<ExportHeader>;
  try {
    line = JSON.parse(text) as Partial<ExportHeader>;
  } catch {
    line = {};
  }
  if (line.format === 'ushirika-backup') throw new BackupMismatchError('This file is a whole-database backup: load it with restore');
  if (line.format !== EXPORT_FORMAT || line.version !== FORMAT_VERSION || typeof line.cooperativeId !== 'string' || !Array.isArray(line.tables)) {
    throw new BackupMismatchError('This file is not an Ushirika cooperative export of a known format');
  }
  return line as ExportHeader;
}

/** A file's rows must all be the cooperative its header names: an export cannot carry another's rows in. */
function assertOnly(rows: readonly unknown[], cooperativeId: string, column: string): void {
  const stray = rows.find((row) => (row as Record<string, unknown>)[column] !== cooperativeId);
  if (stray) throw new BackupMismatchError(`The export holds a row of another cooperative than ${cooperativeId}: nothing was imported`);
}

async function assertNoLoginTaken(client: pg.ClientBase, rows: readonly unknown[]): Promise<void> {
  const taken = await client.query<{ login: string }>(
    `SELECT u.login FROM users u JOIN json_to_recordset($1::json) AS r(id uuid, login text) ON r.login = u.login WHERE u.id <> r.id`,
    [JSON.stringify(rows)],
  );
  if (taken.rowCount) {
    throw new BackupMismatchError(`These logins belong to other accounts on this server (${taken.rows.map((row) => row.login).join(', ')}): nothing was imported`);
  }
}

/** Removes every row of one cooperative (children first), append-only guards lifted inside this transaction only. */
async function removeCooperative(client: pg.ClientBase, cooperativeId: string, plan: Plan): Promise<void> {
  const everyTenantTable = [...plan.tenant, ...Object.keys(TRANSIENT_TENANT_TABLES)];
  const ordered = (await tablesInDependencyOrder(client)).filter((table) => everyTenantTable.includes(table) && table !== 'cooperatives').reverse();
  for (const table of ordered) {
    const name = pg.escapeIdentifier(table);
    await client.query(`ALTER TABLE ${name} DISABLE TRIGGER USER`);
    await client.query(`DELETE FROM ${name} WHERE cooperative_id = $1`, [cooperativeId]);
    await client.query(`ALTER TABLE ${name} ENABLE TRIGGER USER`);
  }
  await client.query('DELETE FROM cooperatives WHERE id = $1', [cooperativeId]);
}
