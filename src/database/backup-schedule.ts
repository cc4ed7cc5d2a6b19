import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { backupDatabase } from './backup.js';
import { localBackupPassphrase, BACKUP_PASSPHRASE_VARIABLE } from './backup-key.js';
import { DATABASE_TARGET } from './database.module.js';
import type { DatabaseTarget } from './database-target.js';

const FILE = /^ushirika-(\d{8}T\d{6}Z)\.backup$/;
const CHECK_EVERY_MS = 15 * 60_000;
/** The first check waits a minute: a process started for a moment (a test, a command) takes no copy. */
const FIRST_CHECK_MS = 60_000;
/** Older than this, the last copy is reported as stale on /health/ready and in the log. */
export const STALE_AFTER_MS = 2 * 86_400_000;

export interface BackupStatus {
  readonly folder: string;
  readonly lastCopyAt: string | null;
  readonly stale: boolean;
  readonly lastError: string | null;
}

/** The folder automatic copies go to, or null when they are off. */
export function backupFolderOf(config: AppConfig, embedded: boolean): string | null {
  if (config.BACKUP_DIR === 'off') return null;
  if (config.BACKUP_DIR) return resolve(config.BACKUP_DIR);
  return embedded ? resolve(config.DATA_DIR, 'backups') : null;
}

const stampOf = (at: Date): string => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
const dateOfStamp = (stamp: string): Date =>
  new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);

/** The automatic copies in a folder, newest first. */
export function copiesIn(folder: string): { file: string; at: Date }[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, match: FILE.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null && statSync(join(folder, entry.name)).isFile())
    .map(({ name, match }) => ({ file: join(folder, name), at: dateOfStamp(match[1]) }))
    .sort((a, b) => b.at.getTime() - a.at.getTime());
}

/**
 * Copies that happen by themselves: every BACKUP_EVERY_HOURS a whole-database backup, sealed
 * with USHIRIKA_BACKUP_PASSPHRASE (else the passphrase kept in DATA_DIR's secrets), is written
 * to BACKUP_DIR under a temporary name and renamed when complete; the BACKUP_KEEP newest are
 * kept. A copy older than two days is said in the log and on /health/ready.
 */
@Injectable()
export class BackupSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Backups');
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastError: string | null = null;
  readonly folder: string | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
  ) {
    this.folder = backupFolderOf(config, target.embedded !== undefined);
  }

  onApplicationBootstrap(): void {
    if (!this.folder) return;
    if (!process.env[BACKUP_PASSPHRASE_VARIABLE]) {
      this.log.warn(`automatic backups into ${this.folder} are sealed with the passphrase kept in ${resolve(this.config.DATA_DIR, 'secrets.json')} (backupKey): set ${BACKUP_PASSPHRASE_VARIABLE} to choose one, and keep it apart from the copies`);
    }
    this.timer = setInterval(() => void this.tick(), CHECK_EVERY_MS);
    this.timer.unref();
    this.first = setTimeout(() => void this.tick(), FIRST_CHECK_MS);
    this.first.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
    await this.running?.catch(() => undefined);
  }

  status(now = new Date()): BackupStatus | null {
    if (!this.folder) return null;
    const last = copiesIn(this.folder)[0]?.at ?? null;
    return { folder: this.folder, lastCopyAt: last?.toISOString() ?? null, stale: last === null || now.getTime() - last.getTime() > STALE_AFTER_MS, lastError: this.lastError };
  }

  /** Takes a copy when the last one is older than the interval; one at a time. */
  async tick(now = new Date()): Promise<void> {
    if (!this.folder || this.running) return this.running;
    const last = copiesIn(this.folder)[0]?.at;
    if (last && now.getTime() - last.getTime() < this.config.BACKUP_EVERY_HOURS * 3_600_000) return;
    this.running = this.copy(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async copy(now: Date): Promise<void> {
    const folder = this.folder!;
    const final = join(folder, `ushirika-${stampOf(now)}.backup`);
    const partial = `${final}.partial`;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const passphrase = process.env[BACKUP_PASSPHRASE_VARIABLE] || localBackupPassphrase(this.config.DATA_DIR);
      const { rows, tables } = await backupDatabase(this.target.ownerUrl, partial, passphrase);
      renameSync(partial, final);
      const removed = copiesIn(folder).slice(this.config.BACKUP_KEEP);
      for (const old of removed) rmSync(old.file, { force: true });
      this.lastError = null;
      this.log.log(`automatic backup written to ${final}: ${rows} rows from ${tables} tables; ${removed.length} older copies removed, ${this.config.BACKUP_KEEP} kept at most`);
    } catch (error) {
      try {
        rmSync(partial, { force: true });
      } catch {
        // The folder itself is unusable: nothing was written there.
      }
      this.lastError = error instanceof Error ? error.message : String(error);
      this.log.error(`automatic backup into ${folder} failed: ${this.lastError}`);
    }
    const status = this.status(now);
    if (status?.stale) this.log.warn(`the last backup in ${folder} is older than two days (${status.lastCopyAt ?? 'none yet'})`);
  }
}
