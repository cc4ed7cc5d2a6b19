import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync, linkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Secrets a single-machine install generates once and keeps beside its data, so that a
 * restart keeps its database passwords and its signed tokens valid. A deployment with
 * several instances sets them through the environment instead.
 */
export interface LocalSecrets {
  readonly postgresPassword: string;
  readonly appPassword: string;
  readonly jwtSecret: string;
  /** Authenticates backups (see backup-key.ts); added to the file the first time a backup needs it. */
  readonly backupKey?: string;
}

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secret = (): string => randomBytes(32).toString('base64url');
  const secrets: LocalSecrets = { postgresPassword: secret(), appPassword: secret(), jwtSecret: secret() };
  // Written whole under a name of its own, then linked into place: two processes starting on one
  // DATA_DIR at once never read a half-written file, and the one that loses keeps the winner's.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  } finally {
    unlinkSync(draft);
  }
}
