import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The token printed as a QR code on the member card, read offline-capable at the gate:
 * `base64url(payload JSON).base64url(HMAC-SHA256)`. The key is derived from the server's
 * secret for this one purpose, so a leaked card key never signs access tokens and the JWT
 * secret is never used as is.
 */
export interface CardTokenClaims {
  readonly cooperativeId: string;
  readonly minerId: string;
  readonly memberNumber: string;
  /** Day the card was printed, 'YYYY-MM-DD'. */
  readonly issued: string;
}

const KEY_PURPOSE = 'ushirika-card-qr';

export function deriveCardKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_PURPOSE, 32));
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signCardToken(claims: CardTokenClaims, key: Buffer): string {
  const compact = { c: claims.cooperativeId, m: claims.minerId, n: claims.memberNumber, i: claims.issued };
  const payload = Buffer.from(JSON.stringify(compact)).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The claims when the token is intact and signed with this key, else null. */
export function verifyCardToken(token: string, key: Buffer): CardTokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload, signature] = parts;
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { c, m, n, i } = parsed;
    if (typeof c !== 'string' || typeof m !== 'string' || typeof n !== 'string' || typeof i !== 'string') return null;
    return { cooperativeId: c, minerId: m, memberNumber: n, issued: i };
  } catch {
    return null;
  }
}
