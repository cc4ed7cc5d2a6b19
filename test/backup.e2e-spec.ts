import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';
import { createCooperative, member, operatorSession } from './support/identity-fixture.js';
import { backupDatabase, BackupMismatchError, restoreDatabase } from '../src/database/backup.js';
import { runCli } from '../src/cli.js';

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

    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.target.ownerUrl;
    try {
      expect(await runCli(['backup', '--out', file])).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }

    const empty = await createTestDatabase();
    try {
      const restored = await restoreDatabase(empty.target.ownerUrl, file);
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
    await backupDatabase(t.target.ownerUrl, file);
    await expect(restoreDatabase(t.target.ownerUrl, file)).rejects.toThrow(BackupMismatchError);
    const before = await snapshot(t.target.ownerUrl);
    await restoreDatabase(t.target.ownerUrl, file, { replace: true });
    expect(await snapshot(t.target.ownerUrl)).toEqual(before);
  });

  it('refuses a backup taken at another schema version and leaves the database untouched', async () => {
    const foreign = join(folder, 'foreign.backup.gz');
    const header = { format: 'ushirika-backup', version: 1, createdAt: new Date().toISOString(), migrations: ['Foundation1763900000000'], tables: [] };
    writeFileSync(foreign, gzipSync(`${JSON.stringify(header)}\n`));
    const empty = await createTestDatabase();
    try {
      await expect(restoreDatabase(empty.target.ownerUrl, foreign)).rejects.toThrow(/schema version/);
      expect((await snapshot(empty.target.ownerUrl)).users).toEqual([]);
    } finally {
      await empty.drop();
    }
  });
});
