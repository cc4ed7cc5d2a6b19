import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The token printed as a QR code on the member card, read offline-capable at the gate:
 * `base64url(payload JSON).base64url(HMAC-SHA256)`. The key is derived from a secret for this
 * one purpose, so a leaked card key never signs access tokens and the JWT secret is never used
 * as is.
 *
 * A card printed since key ids exist carries, besides who it is for, the id of the key that
 * signed it (`k`), its own id (`t`) and its serial for the member (`s`): the server keeps the
 * one current token of each member (card-credentials.repository.ts) and refuses the others,
 * and a key can be retired by adding a new signing key while the old one still verifies.
 * A token without `k` comes from before: it is verified with the key derived from the JWT
 * secret (LEGACY_CARD_KEY_ID) and accepted only until the member's card is next printed,
 * renewed or declared lost.
 */
export interface CardTokenClaims {
  readonly cooperativeId: string;
  readonly minerId: string;
  readonly memberNumber: string;
  /** Day the card was printed, 'YYYY-MM-DD'. */
  readonly issued: string;
  /** Absent on a token printed before tokens had ids. */
  readonly keyId?: string;
  readonly tokenId?: string;
  readonly serial?: number;
}

export interface CardKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Signs with the first key; verifies with whichever key the token names. */
export interface CardKeyRing {
  readonly signing: CardKey;
  readonly keys: readonly CardKey[];
  /** The key a token without a key id was signed with, if it is still trusted. */
  readonly legacy: Buffer | null;
}

const KEY_PURPOSE = 'ushirika-card-qr';
/** The id of the key derived from the JWT secret, the only key before key ids existed. */
export const LEGACY_CARD_KEY_ID = 'k1';
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

export function deriveCardKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_PURPOSE, 32));
}

/**
 * The key ring from `CARD_KEYS` (`id:secret,id:secret…`, the first one signs) or, without it,
 * one key `k1` derived from the JWT secret. Tokens without a key id stay verifiable with the
 * JWT-derived key while `k1` is in the ring.
 */
export function cardKeyRing(jwtSecret: string, cardKeys?: string): CardKeyRing {
  const keys: CardKey[] = [];
  if (cardKeys === undefined || cardKeys.trim() === '') {
    keys.push({ id: LEGACY_CARD_KEY_ID, key: deriveCardKey(jwtSecret) });
  } else {
    for (const entry of cardKeys.split(',')) {
      const separator = entry.indexOf(':');
      const id = entry.slice(0, separator).trim();
      const secret = entry.slice(separator + 1).trim();
      if (separator < 1 || !KEY_ID_PATTERN.test(id) || secret.length < 32) {
        throw new Error('CARD_KEYS: each entry is id:secret, the id 1-16 of [A-Za-z0-9_-], the secret at least 32 characters');
      }
      if (keys.some((key) => key.id === id)) throw new Error(`CARD_KEYS: key id ${id} appears twice`);
      keys.push({ id, key: deriveCardKey(secret) });
    }
  }
  const legacy = keys.find((key) => key.id === LEGACY_CARD_KEY_ID)?.key ?? null;
  return { signing: keys[0], keys, legacy };
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** Signs with `key`; with a key id, token id and serial in the claims, the current format. */
export function signCardToken(claims: CardTokenClaims, key: Buffer): string {
  const base = { c: claims.cooperativeId, m: claims.minerId, n: claims.memberNumber, i: claims.issued };
  const compact = claims.tokenId === undefined ? base : { v: 2, k: claims.keyId, t: claims.tokenId, s: claims.serial, ...base };
  const payload = Buffer.from(JSON.stringify(compact)).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The claims of a well-formed token, before any signature check (to pick the key). */
function claimsOf(payload: string): CardTokenClaims | null {
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { c, m, n, i, v, k, t, s } = parsed;
    if (typeof c !== 'string' || typeof m !== 'string' || typeof n !== 'string' || typeof i !== 'string') return null;
    if (v === undefined) return k === undefined && t === undefined && s === undefined ? { cooperativeId: c, minerId: m, memberNumber: n, issued: i } : null;
    if (v !== 2 || typeof k !== 'string' || typeof t !== 'string' || typeof s !== 'number' || !Number.isInteger(s)) return null;
    return { cooperativeId: c, minerId: m, memberNumber: n, issued: i, keyId: k, tokenId: t, serial: s };
  } catch {
    return null;
  }
}

/**
 * The claims when the token is intact and signed by a key of the ring (or by this one key),
 * else null. A token naming a key id the ring does not hold is refused.
 */
export function verifyCardToken(token: string, keys: Buffer | CardKeyRing): CardTokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload, signature] = parts;
  const claims = claimsOf(payload);
  if (claims === null) return null;
  const key = Buffer.isBuffer(keys) ? keys : claims.keyId === undefined ? keys.legacy : (keys.keys.find((candidate) => candidate.id === claims.keyId)?.key ?? null);
  if (key === null) return null;
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return claims;
}

/** The digest the offline snapshot lists for a card QR token: SHA-256 of its text, lower-case hex. */
export function cardTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
