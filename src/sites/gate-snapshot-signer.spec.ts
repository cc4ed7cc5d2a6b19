import { webcrypto } from 'node:crypto';
import { GATE_SNAPSHOT_VERSION, type GateSnapshot } from './gate-snapshot.js';
import { cardTokenDigest, GateSnapshotSigner, verifyGateSnapshot } from './gate-snapshot-signer.js';

const snapshot: GateSnapshot = {
  version: GATE_SNAPSHOT_VERSION,
  cooperativeId: '6f1c2a4e-0000-4000-8000-000000000001',
  siteId: '6f1c2a4e-0000-4000-8000-000000000002',
  generatedAt: '2026-11-23T10:00:00.000Z',
  validUntil: '2026-11-24T10:00:00.000Z',
  timezone: 'Africa/Lubumbashi',
  rules: { adultAge: 18, cardExpiringWithinDays: 30 },
  site: { id: '6f1c2a4e-0000-4000-8000-000000000002', name: 'Kasulo', code: 'KAS', status: 'open', closedReason: null, closedOn: null, reopensOn: null, closingTime: '17:00' },
  zones: [],
  members: [],
  inside: [],
};

describe('GateSnapshotSigner', () => {
  it('derives the same key from the same secret and another key from another secret', () => {
    expect(new GateSnapshotSigner('secret-one').publicKey).toEqual(new GateSnapshotSigner('secret-one').publicKey);
    expect(new GateSnapshotSigner('secret-two').publicKey.keyId).not.toBe(new GateSnapshotSigner('secret-one').publicKey.keyId);
  });

  it('signs the payload so that the public key verifies it and refuses any change', () => {
    const signer = new GateSnapshotSigner('secret-one');
    const signed = signer.sign(snapshot);
    expect(JSON.parse(signed.payload)).toEqual(snapshot);
    expect(verifyGateSnapshot(signed, signer.publicKey)).toBe(true);
    expect(verifyGateSnapshot({ ...signed, payload: signed.payload.replace('"open"', '"closed"') }, signer.publicKey)).toBe(false);
    expect(verifyGateSnapshot(signed, new GateSnapshotSigner('secret-two').publicKey)).toBe(false);
  });

  it('is verifiable the way a browser does, with WebCrypto and the published JWK', async () => {
    const signer = new GateSnapshotSigner('secret-one');
    const signed = signer.sign(snapshot);
    const key = await webcrypto.subtle.importKey('jwk', signer.publicKey.jwk, { name: 'Ed25519' }, true, ['verify']);
    const valid = await webcrypto.subtle.verify({ name: 'Ed25519' }, key, Buffer.from(signed.signature, 'base64url'), new TextEncoder().encode(signed.payload));
    expect(valid).toBe(true);
  });

  it('digests a card token as lower-case hex SHA-256 of its text', () => {
    expect(cardTokenDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
