import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';
import { createCooperative, member, operatorSession } from './support/identity-fixture.js';
import { backupDatabase, BackupMismatchError, restoreDatabase } from '../src/database/backup.js';
import { resolveBackupKey } from '../src/database/backup-key.js';
import { runCli } from '../src/cli.js';

const KEY = Buffer.from(randomBytes(32).toString('base64url'));

/** A backup file's lines without its MAC line. */
function contentLines(file: string): string[] {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter((line) => line !== '');
  expect(lines.at(-1)).toMatch(/^\{"mac":"[0-9a-f]{64}"\}$/);
  return lines.slice(0, -1);
}

/** Writes lines as a backup file, with the MAC under `key`: what someone holding the key could produce. */
function writeSigned(file: string, lines: readonly string[], key: Buffer = KEY): void {
  const body = lines.map((line) => `${line}\n`).join('');
  const mac = createHmac('sha256', key).update(body).digest('hex');
  writeFileSync(file, gzipSync(`${body}${JSON.stringify({ mac })}\n`));
}

/** Runs the CLI against a database with the backup key in the environment. */
async function cli(url: string, args: string[], key: Buffer = KEY): Promise<number> {
  const previous = { url: process.env.DATABASE_URL, key: process.env.USHIRIKA_BACKUP_KEY };
  process.env.DATABASE_URL = url;
  process.env.USHIRIKA_BACKUP_KEY = key.toString('utf8');
  try {
    return await runCli(args);
  } finally {
    for (const [name, value] of [['DATABASE_URL', previous.url], ['USHIRIKA_BACKUP_KEY', previous.key]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Every row of every table, in a stable order, as JSON text: what "the same data" means. */
async function snapshot(url: string): Promise<Record<string, string[]>> {
  const tables = await adminQuery<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`);
  const result: Record<string, string[]> = {};
  for (const { tablename } of tables) {
    const rows = await adminQuery<{ row: string }>(url, `SELECT row_to_json(t)::text AS row FROM "${tablename}" t`);
    result[tablename] = rows.map((r) => r.row).sort();
  }
  return result;
}

describe('backup and restore', () => {
  let t: TestApp;
  const folder = mkdtempSync(join(tmpdir(), 'ushirika-backup-'));
  const file = join(folder, 'coop.backup.gz');

  beforeAll(async () => {
    t = await startTestApp();
    const operator = await operatorSession(t);
    const cooperativeId = await createCooperative(t, operator, 'Coopérative Élikia');
    await member(t, operator, cooperativeId, 'admin', 'backup');
    await member(t, operator, cooperativeId, 'officer', 'backup');
  });
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('round-trips every row into an empty database, append-only tables included', async () => {
    const source = await snapshot(t.target.ownerUrl);
    expect(source.audit_log.length).toBeGreaterThan(3);
    expect(source.users.length).toBe(3);

    expect(await cli(t.target.ownerUrl, ['backup', '--out', file])).toBe(0);

    const empty = await createTestDatabase();
    try {
      const restored = await restoreDatabase(empty.target.ownerUrl, file, KEY);
      expect(restored.rows).toBe(Object.values(source).reduce((sum, rows) => sum + rows.length, 0));
      expect(await snapshot(empty.target.ownerUrl)).toEqual(source);
      // The identity sequence continues after the restored rows instead of colliding with them.
      await adminQuery(empty.target.ownerUrl, `INSERT INTO audit_log (action, entity, entity_id) VALUES ('after_restore', 'test', 'x')`);
      await expect(adminQuery(empty.target.ownerUrl, `UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    } finally {
      await empty.drop();
    }
  });

  it('refuses to restore over existing data unless told to replace it', async () => {
    await backupDatabase(t.target.ownerUrl, file, KEY);
    await expect(restoreDatabase(t.target.ownerUrl, file, KEY)).rejects.toThrow(BackupMismatchError);
    const before = await snapshot(t.target.ownerUrl);
    await restoreDatabase(t.target.ownerUrl, file, KEY, { replace: true });
    expect(await snapshot(t.target.ownerUrl)).toEqual(before);
  });

  it('refuses a backup taken at another schema version and leaves the database untouched', async () => {
    const foreign = join(folder, 'foreign.backup.gz');
    const header = { format: 'ushirika-backup', version: 2, createdAt: new Date().toISOString(), migrations: ['Foundation1763900000000'], tables: [] };
    writeSigned(foreign, [JSON.stringify(header)]);
    const empty = await createTestDatabase();
    try {
      await expect(restoreDatabase(empty.target.ownerUrl, foreign, KEY)).rejects.toThrow(/schema version/);
      expect((await snapshot(empty.target.ownerUrl)).users).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  describe('authenticity', () => {
    let lines: string[];
    const usersAt = (lines_: readonly string[]): number => lines_.indexOf(JSON.stringify({ table: 'users' }));

    beforeAll(async () => {
      await backupDatabase(t.target.ownerUrl, file, KEY);
      lines = contentLines(file);
    });

    /** Restoring `source` into an empty database fails with `message`, and leaves it empty. */
    async function refused(source: string, message: RegExp, key: Buffer = KEY): Promise<void> {
      const empty = await createTestDatabase();
      try {
        await expect(restoreDatabase(empty.target.ownerUrl, source, key)).rejects.toThrow(message);
        expect(await adminQuery(empty.target.ownerUrl, 'SELECT id FROM users')).toEqual([]);
        expect(await cli(empty.target.ownerUrl, ['restore', '--in', source], key)).toBe(1);
        expect(await adminQuery(empty.target.ownerUrl, 'SELECT id FROM users')).toEqual([]);
      } finally {
        await empty.drop();
      }
    }

    it('restores a file made with the same key, through the CLI too', async () => {
      const empty = await createTestDatabase();
      try {
        expect(await cli(empty.target.ownerUrl, ['restore', '--in', file])).toBe(0);
        expect((await snapshot(empty.target.ownerUrl)).users).toEqual((await snapshot(t.target.ownerUrl)).users);
      } finally {
        await empty.drop();
      }
    });

    it('refuses a file whose rows were rewritten, with the MAC it had', async () => {
      const tampered = join(folder, 'tampered.backup.gz');
      const original = gunzipSync(readFileSync(file)).toString('utf8');
      const at = usersAt(lines) + 1;
      const row = JSON.parse(lines[at]) as { row: Record<string, unknown> };
      const forged = [...lines];
      forged[at] = JSON.stringify({ row: { ...row.row, name: 'Opérateur pirate' } });
      const mac = original.trimEnd().split('\n').at(-1);
      writeFileSync(tampered, gzipSync(`${forged.join('\n')}\n${mac}\n`));
      await refused(tampered, /not authenticated/);
    });

    it('refuses a file cut short, a file with lines after its MAC, and a file made with another key', async () => {
      const truncated = join(folder, 'truncated.backup.gz');
      writeFileSync(truncated, gzipSync(`${lines.join('\n')}\n`));
      await refused(truncated, /not authenticated/);
      const appended = join(folder, 'appended.backup.gz');
      writeFileSync(appended, Buffer.concat([readFileSync(file), gzipSync(`${JSON.stringify({ row: { id: 'x' } })}\n`)]));
      await refused(appended, /not authenticated/);
      await refused(file, /not authenticated/, Buffer.from(randomBytes(32).toString('base64url')));
    });

    it('refuses, even under the right key, a table or a column the schema does not have', async () => {
      const extraTable = join(folder, 'extra-table.backup.gz');
      const header = JSON.parse(lines[0]) as { tables: string[] };
      writeSigned(extraTable, [
        JSON.stringify({ ...header, tables: header.tables }),
        ...lines.slice(1),
        JSON.stringify({ table: 'pg_authid_copy' }),
        JSON.stringify({ row: { rolname: 'intruder' } }),
        JSON.stringify({ end: true, rows: 1 }),
      ]);
      await refused(extraTable, /table this schema does not have/);
      const listed = join(folder, 'listed-table.backup.gz');
      writeSigned(listed, [JSON.stringify({ ...header, tables: [...header.tables, 'shadow_users'] }), ...lines.slice(1)]);
      await refused(listed, /tables this schema does not have/);
      const twice = join(folder, 'twice.backup.gz');
      const users = usersAt(lines);
      writeSigned(twice, [...lines, ...lines.slice(users, users + 2), JSON.stringify({ end: true, rows: 1 })]);
      await refused(twice, /holds it twice/);

      const extraColumn = join(folder, 'extra-column.backup.gz');
      const forged = [...lines];
      const row = JSON.parse(forged[users + 1]) as { row: Record<string, unknown> };
      forged[users + 1] = JSON.stringify({ row: { ...row.row, is_superuser: true } });
      writeSigned(extraColumn, forged);
      await refused(extraColumn, /columns this schema does not have \(is_superuser\)/);
    });

    it('keeps the backup key beside the other local secrets when no key is in the environment', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ushirika-key-'));
      try {
        const first = resolveBackupKey(dataDir, {});
        expect(first.length).toBeGreaterThanOrEqual(32);
        expect(resolveBackupKey(dataDir, {}).equals(first)).toBe(true);
        const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
        expect(secrets.backupKey).toBe(first.toString('utf8'));
        // The other secrets stay as they were.
        expect(secrets.jwtSecret).toEqual(expect.any(String));
        expect(secrets.postgresPassword).toEqual(expect.any(String));
        expect(resolveBackupKey(dataDir, { USHIRIKA_BACKUP_KEY: 'k'.repeat(40) }).toString()).toBe('k'.repeat(40));
        expect(() => resolveBackupKey(dataDir, { USHIRIKA_BACKUP_KEY: 'short' })).toThrow(/32 characters/);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
