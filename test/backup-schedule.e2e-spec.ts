import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';
import { BackupSchedule, backupFolderOf } from '../src/database/backup-schedule.js';
import { verifySealedFile } from '../src/database/table-dump.js';
import { localBackupPassphrase } from '../src/database/backup-key.js';
import { loadConfig } from '../src/config/config.js';
import { createCooperative, operatorSession } from './support/identity-fixture.js';

const HOUR = 3_600_000;

describe('automatic backups', () => {
  let t: TestApp;
  const folder = mkdtempSync(join(tmpdir(), 'ushirika-usb-'));

  beforeAll(async () => {
    t = await startTestApp({ BACKUP_DIR: folder, BACKUP_KEEP: '3', BACKUP_EVERY_HOURS: '24' });
    await createCooperative(t, await operatorSession(t), 'Coopérative Sauvegarde');
  });
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('are on by default on the embedded engine only, into DATA_DIR/backups, and can be turned off', () => {
    const config = loadConfig({ DATA_DIR: '/var/lib/ushirika' });
    expect(backupFolderOf(config, true)).toBe('/var/lib/ushirika/backups');
    expect(backupFolderOf(config, false)).toBeNull();
    expect(backupFolderOf(loadConfig({ BACKUP_DIR: '/media/usb' }), false)).toBe('/media/usb');
    expect(backupFolderOf(loadConfig({ BACKUP_DIR: 'off' }), true)).toBeNull();
  });

  it('report on /health/ready that no copy exists yet', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body).toMatchObject({ status: 'ready', backup: { folder, lastCopyAt: null, stale: true, lastError: null } });
  });

  it('take a copy once per interval, keep the newest N, and open with the local passphrase', async () => {
    const schedule = t.app.get(BackupSchedule);
    const start = new Date('2026-12-01T02:00:00Z');
    await schedule.tick(start);
    await schedule.tick(new Date(start.getTime() + 5 * HOUR)); // too soon: no copy
    expect(readdirSync(folder)).toEqual(['ushirika-20261201T020000Z.backup']);
    for (const day of [1, 2, 3, 4]) await schedule.tick(new Date(start.getTime() + day * 24 * HOUR));
    expect(readdirSync(folder).sort()).toEqual([
      'ushirika-20261203T020000Z.backup',
      'ushirika-20261204T020000Z.backup',
      'ushirika-20261205T020000Z.backup',
    ]);
    const { header, rows } = await verifySealedFile(join(folder, 'ushirika-20261205T020000Z.backup'), localBackupPassphrase(t.config.DATA_DIR));
    expect(header.format).toBe('ushirika-backup');
    expect(rows).toBeGreaterThan(2);
    // Other files in the folder are left alone.
    writeFileSync(join(folder, 'notes.txt'), 'keep me');
    await schedule.tick(new Date(start.getTime() + 5 * 24 * HOUR));
    expect(existsSync(join(folder, 'notes.txt'))).toBe(true);
    expect(readdirSync(folder).filter((name) => name.endsWith('.backup'))).toHaveLength(3);
    expect(schedule.status(new Date(start.getTime() + 5 * 24 * HOUR + HOUR))).toMatchObject({ lastCopyAt: '2026-12-06T02:00:00.000Z', stale: false });
    expect(schedule.status(new Date(start.getTime() + 8 * 24 * HOUR))).toMatchObject({ stale: true });
  });

  it('say why a copy failed, and leave no partial file', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'ushirika-ro-'));
    const app = await startTestApp({ BACKUP_DIR: join(broken, 'file-not-folder'), BACKUP_EVERY_HOURS: '1' });
    try {
      writeFileSync(join(broken, 'file-not-folder'), 'a file where the folder should be');
      const schedule = app.app.get(BackupSchedule);
      await schedule.tick(new Date());
      expect(schedule.status()?.lastError).toMatch(/EEXIST|ENOTDIR/);
      const res = await app.http().get('/health/ready').expect(200);
      expect(res.body.backup).toMatchObject({ stale: true, lastError: expect.any(String) });
    } finally {
      await app.close();
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
