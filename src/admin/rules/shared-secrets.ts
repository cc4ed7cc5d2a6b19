/**
 * Whether this instance holds the same secrets as the instances before it (issue 23). Every
 * instance signs access tokens with the JWT secret and member cards with the card keys; one
 * holding another secret under the same name would sign tokens the others reject and cards the
 * others refuse at the gate. Names are what must agree: the JWT secret is `jwt`, a card key is
 * `card-key:<id>`. A card key id never recorded is a new key (a rotation adds one); a recorded
 * id this instance does not hold is a retired key; the same name with another fingerprint is
 * a conflict, and the instance must not start.
 */
export type SecretSource = 'environment' | 'generated';

export interface SecretHeld {
  readonly name: string;
  readonly fingerprint: string;
  /** From the environment (JWT_SECRET, CARD_KEYS), or generated into this instance's DATA_DIR. */
  readonly source: SecretSource;
}

export interface SecretRecorded extends SecretHeld {
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

export interface SecretConflict {
  readonly held: SecretHeld;
  readonly recorded: SecretRecorded;
}

export type SecretAgreement =
  | { readonly outcome: 'agree'; readonly toRecord: readonly SecretHeld[] }
  | { readonly outcome: 'refuse'; readonly conflicts: readonly SecretConflict[] };

export function agreeOnSecrets(held: readonly SecretHeld[], recorded: readonly SecretRecorded[]): SecretAgreement {
  const byName = new Map(recorded.map((row) => [row.name, row]));
  const conflicts: SecretConflict[] = [];
  const toRecord: SecretHeld[] = [];
  for (const secret of held) {
    const known = byName.get(secret.name);
    if (known === undefined) toRecord.push(secret);
    else if (known.fingerprint !== secret.fingerprint) conflicts.push({ held: secret, recorded: known });
  }
  return conflicts.length > 0 ? { outcome: 'refuse', conflicts } : { outcome: 'agree', toRecord };
}

/** What to tell the operator, one sentence per conflict and the way out. */
export function refusalMessage(conflicts: readonly SecretConflict[], instance: string): string {
  const lines = conflicts.map(({ held, recorded }) => {
    const what = held.name === 'jwt' ? 'the JWT secret' : `card key ${held.name.slice('card-key:'.length)}`;
    const mine = held.source === 'generated' ? 'generated into its DATA_DIR (secrets.json)' : held.name === 'jwt' ? 'from JWT_SECRET' : 'from CARD_KEYS';
    return `  - ${what}: this instance's, ${mine}, has fingerprint ${short(held.fingerprint)}; the one recorded by ${recorded.recordedBy} at ${recorded.recordedAt.toISOString()} (${recorded.source === 'generated' ? 'generated' : 'from the environment'}) has ${short(recorded.fingerprint)}`;
  });
  return [
    `This instance (${instance}) holds secrets that differ from those of the instances already using this database; it refuses to start, since its tokens and member cards would be refused by the others:`,
    ...lines,
    'Give every instance the same JWT_SECRET (and CARD_KEYS, if set): the first instance\'s generated one is `jwtSecret` in its DATA_DIR/secrets.json. ' +
      'A card key id always names the same key: add a new id to rotate. To replace the JWT secret on purpose, stop every instance, run `npm run cli -- secrets:forget`, then start them with the new one.',
  ].join('\n');
}

function short(fingerprint: string): string {
  return fingerprint.slice(0, 12);
}
