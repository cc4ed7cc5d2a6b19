import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadOrCreateLocalSecrets, type LocalSecrets } from './local-secrets.js';

/** The environment variable that holds the key authenticating backups (at least 32 characters). */
export const BACKUP_KEY_VARIABLE = 'USHIRIKA_BACKUP_KEY';
const MINIMUM_LENGTH = 32;

export class BackupKeyError extends Error {}

/**
 * The key backups are authenticated with (HMAC-SHA256): `USHIRIKA_BACKUP_KEY` when set,
 * else the one kept in DATA_DIR's secrets file, generated there the first time. A backup
 * restores only where the same key is held, so copy the key with the backups you keep
 * elsewhere (and keep it apart from them).
 */
export function resolveBackupKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnvironment = env[BACKUP_KEY_VARIABLE];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    if (fromEnvironment.length < MINIMUM_LENGTH) throw new BackupKeyError(`${BACKUP_KEY_VARIABLE} must be at least ${MINIMUM_LENGTH} characters long`);
    return Buffer.from(fromEnvironment, 'utf8');
  }
  const secrets = loadOrCreateLocalSecrets(dataDir);
  if (secrets.backupKey) return Buffer.from(secrets.backupKey, 'utf8');
  // Added beside the other secrets, keeping every field already there.
  const file = join(dataDir, 'secrets.json');
  const current = JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const backupKey = randomBytes(32).toString('base64url');
  writeFileSync(file, JSON.stringify({ ...current, backupKey }, null, 2), { mode: 0o600 });
  return Buffer.from(backupKey, 'utf8');
}
