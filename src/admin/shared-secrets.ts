import { createHmac } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { authSecrets } from '../auth/auth-secrets.js';
import { cardKeyRing } from '../miners/card-token.js';
import { agreeOnSecrets, refusalMessage, type SecretHeld, type SecretRecorded, type SecretSource } from './rules/shared-secrets.js';
import { ownerTransaction } from '../database/owner-transaction.js';

/** Another arbitrary constant: the advisory lock under which starting instances compare their secrets. */
const SECRETS_LOCK_KEY = 4_850_117_332;

/** An instance whose secrets differ from those recorded in the database: it must not start. */
export class SharedSecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SharedSecretsError';
  }
}

/** Proves equality without revealing the secret: an HMAC keyed by the secret, over its name. */
export function secretFingerprint(name: string, secret: string | Buffer): string {
  return createHmac('sha256', secret).update(`ushirika shared secret ${name}`).digest('hex');
}

/** The secrets this instance signs with, fingerprinted: the JWT secret and each card key by its id. */
export function secretsHeld(config: AppConfig): SecretHeld[] {
  const { jwtSecret } = authSecrets(config);
  const jwtSource: SecretSource = config.JWT_SECRET === undefined ? 'generated' : 'environment';
  const ring = cardKeyRing(jwtSecret, config.CARD_KEYS);
  const cardSource: SecretSource = config.CARD_KEYS === undefined ? jwtSource : 'environment';
  return [
    { name: 'jwt', fingerprint: secretFingerprint('jwt', jwtSecret), source: jwtSource },
    ...ring.keys.map((key) => ({ name: `card-key:${key.id}`, fingerprint: secretFingerprint(`card-key:${key.id}`, key.key), source: cardSource })),
  ];
}

/** Who recorded a fingerprint, as the job runner names its workers (host and process). */
export function instanceName(): string {
  return `${hostname()}:${process.pid}`;
}

function lockedOwnerTransaction<T>(ownerUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return ownerTransaction(ownerUrl, { applicationName: 'ushirika-secrets', setup: [['SELECT pg_advisory_xact_lock($1)', [SECRETS_LOCK_KEY]]] }, work);
}

/**
 * At start-up, after the migrations: records this instance's fingerprints if it is the first,
 * else compares them with the recorded ones and throws SharedSecretsError on a difference.
 * Instances starting together take turns under a transaction-level advisory lock, so that two
 * with different secrets cannot both find nothing recorded.
 */
export async function ensureSharedSecrets(ownerUrl: string, held: readonly SecretHeld[], instance = instanceName()): Promise<{ recorded: number }> {
  return lockedOwnerTransaction(ownerUrl, async (client) => {
    const rows = await client.query<{ name: string; fingerprint: string; source: SecretHeld['source']; recorded_by: string; recorded_at: Date }>(
      'SELECT name, fingerprint, source, recorded_by, recorded_at FROM shared_secret_fingerprints',
    );
    const recorded: SecretRecorded[] = rows.rows.map((row) => ({
      name: row.name, fingerprint: row.fingerprint, source: row.source, recordedBy: row.recorded_by, recordedAt: row.recorded_at,
    }));
    const agreement = agreeOnSecrets(held, recorded);
    if (agreement.outcome === 'refuse') throw new SharedSecretsError(refusalMessage(agreement.conflicts, instance));
    for (const secret of agreement.toRecord) {
      await client.query('INSERT INTO shared_secret_fingerprints (name, fingerprint, source, recorded_by) VALUES ($1, $2, $3, $4)', [
        secret.name, secret.fingerprint, secret.source, instance,
      ]);
    }
    return { recorded: agreement.toRecord.length };
  });
}

/** `secrets:forget`: the recorded fingerprints go, so that the next instance to start records its own (a deliberate change of secret). */
export async function forgetSharedSecrets(ownerUrl: string): Promise<string[]> {
  return lockedOwnerTransaction(ownerUrl, async (client) =>
    (await client.query<{ name: string }>('DELETE FROM shared_secret_fingerprints RETURNING name')).rows.map((row) => row.name).sort(),
  );
}
