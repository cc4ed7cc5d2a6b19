import { deriveCardKey, signCardToken, verifyCardToken } from './card-token.js';

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
