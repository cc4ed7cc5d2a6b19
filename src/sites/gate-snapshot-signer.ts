import { createHash, createPrivateKey, createPublicKey, hkdfSync, type KeyObject, sign, verify } from 'node:crypto';
import type { GateSnapshot, GateSnapshotKey, SignedGateSnapshot } from './gate-snapshot.js';

const KEY_PURPOSE = 'ushirika-gate-snapshot-ed25519';
/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410), followed by the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Signs offline gate snapshots with an Ed25519 key derived from the server's secret for this
 * one purpose, as the card key is: every instance sharing JWT_SECRET signs with the same key,
 * and a browser verifies with the public half without holding any secret.
 */
export class GateSnapshotSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: GateSnapshotKey;

  constructor(secret: string) {
    const seed = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_PURPOSE, 32));
    this.privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(this.privateKey);
    const jwk = publicKey.export({ format: 'jwk' });
    const raw = Buffer.from(jwk.x ?? '', 'base64url');
    this.publicKey = {
      algorithm: 'Ed25519',
      keyId: createHash('sha256').update(raw).digest().subarray(0, 16).toString('base64url'),
      jwk: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    };
  }

  sign(snapshot: GateSnapshot): SignedGateSnapshot {
    const payload = JSON.stringify(snapshot);
    return {
      algorithm: 'Ed25519',
      keyId: this.publicKey.keyId,
      payload,
      signature: sign(null, Buffer.from(payload, 'utf8'), this.privateKey).toString('base64url'),
    };
  }
}

/** What a client does: true when `signed` carries a valid signature by `key` (here for tests and tools). */
export function verifyGateSnapshot(signed: SignedGateSnapshot, key: GateSnapshotKey): boolean {
  if (signed.algorithm !== 'Ed25519' || signed.keyId !== key.keyId) return false;
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.jwk.x }, format: 'jwk' });
  return verify(null, Buffer.from(signed.payload, 'utf8'), publicKey, Buffer.from(signed.signature, 'base64url'));
}

export { cardTokenDigest } from '../miners/card-token.js';
