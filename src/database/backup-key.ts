import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadOrCreateLocalSecrets, type LocalSecrets } from './local-secrets.js';
import { assertPassphrase } from './sealed-file.js';

/** The environment variable that holds the passphrase backups and exports are encrypted with. */
export const BACKUP_PASSPHRASE_VARIABLE = 'USHIRIKA_BACKUP_PASSPHRASE';

export type PassphraseSource = 'environment' | 'terminal' | 'local';

/**
 * The passphrase a backup or an export is encrypted with: `USHIRIKA_BACKUP_PASSPHRASE` when
 * set, else the one typed on the terminal (when there is one), else the one kept in
 * DATA_DIR's secrets file, generated there the first time (what the automatic daily copies
 * use when no passphrase is set). A file opens only with the passphrase it was written
 * with: keep it apart from the copies.
 */
export async function resolveBackupPassphrase(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  ask?: () => Promise<string>,
): Promise<{ passphrase: string; source: PassphraseSource }> {
  const fromEnvironment = env[BACKUP_PASSPHRASE_VARIABLE];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    assertPassphrase(fromEnvironment);
    return { passphrase: fromEnvironment, source: 'environment' };
  }
  if (ask) {
    const typed = await ask();
    assertPassphrase(typed);
    return { passphrase: typed, source: 'terminal' };
  }
  return { passphrase: localBackupPassphrase(dataDir), source: 'local' };
}

/** The passphrase kept beside the other local secrets, created on first use. */
export function localBackupPassphrase(dataDir: string): string {
  const secrets = loadOrCreateLocalSecrets(dataDir);
  if (secrets.backupKey) return secrets.backupKey;
  // Added beside the other secrets, keeping every field already there.
  const file = join(dataDir, 'secrets.json');
  const current = JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const backupKey = randomBytes(32).toString('base64url');
  writeFileSync(file, JSON.stringify({ ...current, backupKey }, null, 2), { mode: 0o600 });
  return backupKey;
}
