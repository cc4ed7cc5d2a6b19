import { agreeOnSecrets, refusalMessage, type SecretHeld, type SecretRecorded } from './shared-secrets.js';

const at = new Date('2026-12-07T10:00:00Z');
const held = (name: string, fingerprint: string, source: SecretHeld['source'] = 'environment'): SecretHeld => ({ name, fingerprint, source });
const recorded = (name: string, fingerprint: string, source: SecretHeld['source'] = 'environment'): SecretRecorded => ({ name, fingerprint, source, recordedBy: 'vm:41:ab12cd34', recordedAt: at });
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

describe('agreeOnSecrets', () => {
  it('records every secret on the first start (nothing recorded yet)', () => {
    const mine = [held('jwt', A, 'generated'), held('card-key:k1', B, 'generated')];
    expect(agreeOnSecrets(mine, [])).toEqual({ outcome: 'agree', toRecord: mine });
  });

  it('agrees with nothing to record when every secret matches', () => {
    expect(agreeOnSecrets([held('jwt', A), held('card-key:k1', B)], [recorded('jwt', A), recorded('card-key:k1', B)])).toEqual({ outcome: 'agree', toRecord: [] });
  });

  it('agrees whatever the sources, the fingerprints being equal (a generated secret copied into JWT_SECRET)', () => {
    expect(agreeOnSecrets([held('jwt', A, 'environment')], [recorded('jwt', A, 'generated')])).toEqual({ outcome: 'agree', toRecord: [] });
  });

  it('refuses an instance that generated a JWT secret of its own', () => {
    const mine = held('jwt', B, 'generated');
    expect(agreeOnSecrets([mine], [recorded('jwt', A, 'generated')])).toEqual({ outcome: 'refuse', conflicts: [{ held: mine, recorded: recorded('jwt', A, 'generated') }] });
  });

  it('refuses a JWT_SECRET that differs from the recorded one', () => {
    expect(agreeOnSecrets([held('jwt', B)], [recorded('jwt', A)]).outcome).toBe('refuse');
  });

  it('refuses a card key id that names another key, and lists every conflict', () => {
    const result = agreeOnSecrets([held('jwt', B), held('card-key:k1', C)], [recorded('jwt', A), recorded('card-key:k1', B)]);
    expect(result.outcome === 'refuse' ? result.conflicts.map((c) => c.held.name) : []).toEqual(['jwt', 'card-key:k1']);
  });

  it('records a new card key id (a rotation) and ignores a retired one', () => {
    const result = agreeOnSecrets([held('jwt', A), held('card-key:k2', C)], [recorded('jwt', A), recorded('card-key:k1', B)]);
    expect(result).toEqual({ outcome: 'agree', toRecord: [held('card-key:k2', C)] });
  });
});

describe('refusalMessage', () => {
  it('names the secret, where each one comes from, both fingerprints in short and the fix', () => {
    const message = refusalMessage([{ held: held('jwt', B, 'generated'), recorded: recorded('jwt', A, 'generated') }], 'vm:99:ffff0000');
    expect(message).toContain('This instance (vm:99:ffff0000)');
    expect(message).toContain(`the JWT secret: this instance's, generated into its DATA_DIR (secrets.json), has fingerprint ${'b'.repeat(12)}`);
    expect(message).toContain(`recorded by vm:41:ab12cd34 at 2026-12-07T10:00:00.000Z (generated) has ${'a'.repeat(12)}`);
    expect(message).toContain('same JWT_SECRET');
    expect(message).toContain('secrets:forget');
  });

  it('names a card key by its id and CARD_KEYS as its source', () => {
    const message = refusalMessage([{ held: held('card-key:k2', B), recorded: recorded('card-key:k2', A) }], 'x');
    expect(message).toContain("card key k2: this instance's, from CARD_KEYS");
    expect(message).toContain('(from the environment)');
  });
});
