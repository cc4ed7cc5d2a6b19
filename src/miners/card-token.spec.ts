import { cardKeyRing, deriveCardKey, signCardToken, verifyCardToken } from './card-token.js';

const key = deriveCardKey('a-server-secret-a-server-secret-0123');
const claims = {
  cooperativeId: '6a1d7f3e-4c2b-4a8e-9f00-0c1d2e3f4a5b',
  minerId: '1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0',
  memberNumber: 'TUJ-2026-00001-7',
  issued: '2026-11-23',
};

describe('member card token', () => {
  it('verifies a token it signed and returns its claims', () => {
    expect(verifyCardToken(signCardToken(claims, key), key)).toEqual(claims);
  });

  it('refuses a token whose payload names another member', () => {
    const [, signature] = signCardToken(claims, key).split('.');
    const forged = Buffer.from(JSON.stringify({ c: claims.cooperativeId, m: '99999999-5f60-4172-8394-a5b6c7d8e9f0', n: 'TUJ-2026-00002-5', i: claims.issued })).toString('base64url');
    expect(verifyCardToken(`${forged}.${signature}`, key)).toBeNull();
  });

  it('refuses a token signed with another key, a truncated one and garbage', () => {
    const token = signCardToken(claims, key);
    expect(verifyCardToken(token, deriveCardKey('another-secret-another-secret-0123'))).toBeNull();
    expect(verifyCardToken(token.slice(0, -2), key)).toBeNull();
    expect(verifyCardToken('not-a-token', key)).toBeNull();
    expect(verifyCardToken('a.b.c', key)).toBeNull();
  });

  it('derives a key different from the secret itself', () => {
    expect(deriveCardKey('s3cret').toString('utf8')).not.toBe('s3cret');
    expect(deriveCardKey('s3cret')).toHaveLength(32);
  });
});

describe('member card key ring', () => {
  const v2 = { ...claims, tokenId: '0b5d3c2a-1f4e-4a6b-9c8d-7e6f5a4b3c2d', serial: 3 };

  it('is one key k1 derived from the JWT secret without CARD_KEYS, which also verifies tokens without key id', () => {
    const ring = cardKeyRing('a-server-secret-a-server-secret-0123');
    expect(ring.signing.id).toBe('k1');
    expect(ring.signing.key.equals(key)).toBe(true);
    expect(verifyCardToken(signCardToken(claims, key), ring)).toEqual(claims);
  });

  it('signs with the first key of CARD_KEYS, verifies with any key the token names, and refuses an unknown key id', () => {
    const ring = cardKeyRing('jwt-secret-jwt-secret-jwt-secret-0123', 'k2:new-card-secret-new-card-secret-01234,k1:a-server-secret-a-server-secret-0123');
    const fresh = signCardToken({ ...v2, keyId: ring.signing.id }, ring.signing.key);
    expect(verifyCardToken(fresh, ring)).toEqual({ ...v2, keyId: 'k2' });
    expect(verifyCardToken(signCardToken({ ...v2, keyId: 'k1' }, key), ring)).toEqual({ ...v2, keyId: 'k1' });
    expect(verifyCardToken(signCardToken(claims, key), ring)).toEqual(claims);
    expect(verifyCardToken(signCardToken({ ...v2, keyId: 'k9' }, key), ring)).toBeNull();
    // A token claiming k1 but signed with k2's key fails: the key id picks the key, it proves nothing itself.
    expect(verifyCardToken(signCardToken({ ...v2, keyId: 'k1' }, ring.signing.key), ring)).toBeNull();
  });

  it('no longer verifies tokens without key id once k1 is retired', () => {
    const ring = cardKeyRing('a-server-secret-a-server-secret-0123', 'k2:new-card-secret-new-card-secret-01234');
    expect(ring.legacy).toBeNull();
    expect(verifyCardToken(signCardToken(claims, key), ring)).toBeNull();
  });

  it('refuses a malformed CARD_KEYS', () => {
    expect(() => cardKeyRing('s', 'k2:short')).toThrow(/CARD_KEYS/);
    expect(() => cardKeyRing('s', 'k2:new-card-secret-new-card-secret-01234,k2:new-card-secret-new-card-secret-01234')).toThrow(/twice/);
  });

  it('refuses a token whose payload mixes the two formats', () => {
    const payload = Buffer.from(JSON.stringify({ c: claims.cooperativeId, m: claims.minerId, n: claims.memberNumber, i: claims.issued, t: v2.tokenId })).toString('base64url');
    expect(verifyCardToken(`${payload}.${signCardToken(claims, key).split('.')[1]}`, key)).toBeNull();
  });
});
