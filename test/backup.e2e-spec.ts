import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';
import { createCooperative, member, operatorSession } from './support/identity-fixture.js';
import { backupDatabase, BackupMismatchError, restoreDatabase } from '../src/database/backup.js';
import { resolveBackupPassphrase } from '../src/database/backup-key.js';
import { readSealedLines, writeSealedLines } from '../src/database/table-dump.js';
import { cliWithPassphrase } from './support/cli.js';

const PASSPHRASE = randomBytes(24).toString('base64url');

/** A backup file's lines, decrypted. */
async function contentLines(file: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readSealedLines(file, PASSPHRASE)) if (line !== '') lines.push(line);
  return lines;
}

/** Writes lines as a backup file under the passphrase: what someone holding it could produce. */
async function writeSigned(file: string, lines: readonly string[], passphrase: string = PASSPHRASE): Promise<void> {
  await writeSealedLines(file, passphrase, lines.map((line) => `${line}\n`));
}

const cli = (url: string, args: string[], passphrase: string = PASSPHRASE): Promise<number> => cliWithPassphrase(url, args, passphrase);

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
  const file = join(folder, 'coop.backup');

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
    expect(source.platform_audit_log.length).toBeGreaterThan(0);
    expect(source.users.length).toBe(3);

    expect(await cli(t.target.ownerUrl, ['backup', '--out', file])).toBe(0);
    // Encrypted: no login, name or hash of the database is readable in the file.
    const bytes = readFileSync(file);
    for (const login of source.users.map((row) => (JSON.parse(row) as { login: string }).login)) expect(bytes.includes(Buffer.from(login))).toBe(false);
    expect(await cli(t.target.ownerUrl, ['backup:verify', '--in', file])).toBe(0);

    const empty = await createTestDatabase();
    try {
      const restored = await restoreDatabase(empty.target.ownerUrl, file, PASSPHRASE);
      expect(restored.rows).toBe(Object.values(source).reduce((sum, rows) => sum + rows.length, 0));
      expect(await snapshot(empty.target.ownerUrl)).toEqual(source);
      // The identity sequence continues after the restored rows instead of colliding with them.
      await adminQuery(empty.target.ownerUrl, `INSERT INTO audit_log (cooperative_id, action, entity, entity_id) SELECT id, 'after_restore', 'test', 'x' FROM cooperatives LIMIT 1`);
      await adminQuery(empty.target.ownerUrl, `INSERT INTO platform_audit_log (action, entity, entity_id) VALUES ('after_restore', 'test', 'x')`);
      await expect(adminQuery(empty.target.ownerUrl, `UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
      await expect(adminQuery(empty.target.ownerUrl, `UPDATE platform_audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    } finally {
      await empty.drop();
    }
  });

  it('refuses to restore over existing data unless told to replace it', async () => {
    await backupDatabase(t.target.ownerUrl, file, PASSPHRASE);
    await expect(restoreDatabase(t.target.ownerUrl, file, PASSPHRASE)).rejects.toThrow(BackupMismatchError);
    const before = await snapshot(t.target.ownerUrl);
    await restoreDatabase(t.target.ownerUrl, file, PASSPHRASE, { replace: true });
    expect(await snapshot(t.target.ownerUrl)).toEqual(before);
  });

  it('refuses a backup taken at another schema version and leaves the database untouched', async () => {
    const foreign = join(folder, 'foreign.backup');
    const header = { format: 'ushirika-backup', version: 3, createdAt: new Date().toISOString(), migrations: ['Foundation1763900000000'], tables: [] };
    await writeSigned(foreign, [JSON.stringify(header)]);
    const empty = await createTestDatabase();
    try {
      await expect(restoreDatabase(empty.target.ownerUrl, foreign, PASSPHRASE)).rejects.toThrow(/schema version/);
      expect((await snapshot(empty.target.ownerUrl)).users).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  describe('authenticity', () => {
    let lines: string[];
    const usersAt = (lines_: readonly string[]): number => lines_.indexOf(JSON.stringify({ table: 'users' }));

    beforeAll(async () => {
      await backupDatabase(t.target.ownerUrl, file, PASSPHRASE);
      lines = await contentLines(file);
    });

    /** Restoring `source` into an empty database fails with `message`, and leaves it empty. */
    async function refused(source: string, message: RegExp, key: string = PASSPHRASE): Promise<void> {
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

    it('refuses a file with any byte changed, a file cut short, bytes after its end and another passphrase', async () => {
      const bytes = readFileSync(file);
      const tampered = join(folder, 'tampered.backup');
      for (const at of [40, 100, Math.floor(bytes.length / 2), bytes.length - 3]) {
        const altered = Buffer.from(bytes);
        altered[at] ^= 0x20;
        writeFileSync(tampered, altered);
        await refused(tampered, at < 92 ? /Wrong passphrase|not an encrypted/ : /altered/);
        expect(await cli(t.target.ownerUrl, ['backup:verify', '--in', tampered])).toBe(1);
      }
      const truncated = join(folder, 'truncated.backup');
      writeFileSync(truncated, bytes.subarray(0, bytes.length - 10));
      await refused(truncated, /cut short/);
      const appended = join(folder, 'appended.backup');
      writeFileSync(appended, Buffer.concat([bytes, bytes.subarray(92)]));
      await refused(appended, /altered/);
      await refused(file, /Wrong passphrase/, 'another passphrase of some length');
    });

    it('refuses, even under the right key, a table or a column the schema does not have', async () => {
      const extraTable = join(folder, 'extra-table.backup');
      const header = JSON.parse(lines[0]) as { tables: string[] };
      await writeSigned(extraTable, [
        JSON.stringify({ ...header, tables: header.tables }),
        ...lines.slice(1),
        JSON.stringify({ table: 'pg_authid_copy' }),
        JSON.stringify({ row: { rolname: 'intruder' } }),
        JSON.stringify({ end: true, rows: 1 }),
      ]);
      await refused(extraTable, /table this schema does not have/);
      const listed = join(folder, 'listed-table.backup');
      await writeSigned(listed, [JSON.stringify({ ...header, tables: [...header.tables, 'shadow_users'] }), ...lines.slice(1)]);
      await refused(listed, /tables this schema does not have/);
      const twice = join(folder, 'twice.backup');
      const users = usersAt(lines);
      await writeSigned(twice, [...lines, ...lines.slice(users, users + 2), JSON.stringify({ end: true, rows: 1 })]);
      await refused(twice, /holds it twice/);

      const extraColumn = join(folder, 'extra-column.backup');
      const forged = [...lines];
      const row = JSON.parse(forged[users + 1]) as { row: Record<string, unknown> };
      forged[users + 1] = JSON.stringify({ row: { ...row.row, is_superuser: true } });
      await writeSigned(extraColumn, forged);
      await refused(extraColumn, /columns this schema does not have \(is_superuser\)/);
    });

    it('takes the passphrase from the environment, else keeps one beside the other local secrets', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ushirika-key-'));
      try {
        const first = await resolveBackupPassphrase(dataDir, {});
        expect(first.source).toBe('local');
        expect(first.passphrase.length).toBeGreaterThanOrEqual(32);
        expect((await resolveBackupPassphrase(dataDir, {})).passphrase).toBe(first.passphrase);
        const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
        expect(secrets.backupKey).toBe(first.passphrase);
        // The other secrets stay as they were.
        expect(secrets.jwtSecret).toEqual(expect.any(String));
        expect(secrets.postgresPassword).toEqual(expect.any(String));
        expect(await resolveBackupPassphrase(dataDir, { USHIRIKA_BACKUP_PASSPHRASE: 'k'.repeat(20) })).toEqual({ passphrase: 'k'.repeat(20), source: 'environment' });
        expect(await resolveBackupPassphrase(dataDir, {}, () => Promise.resolve('typed at the terminal'))).toEqual({ passphrase: 'typed at the terminal', source: 'terminal' });
        await expect(resolveBackupPassphrase(dataDir, { USHIRIKA_BACKUP_PASSPHRASE: 'short' })).rejects.toThrow(/12 characters/);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
