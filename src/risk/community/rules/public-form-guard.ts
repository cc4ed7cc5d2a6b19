import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The public incident form's spam protection, which needs no outside service: a proof-of-work
 * challenge the server signs (HMAC) with an expiry, solved by the reporter's browser and sent
 * back with the report, each challenge good for one report; and a per-address counter whose
 * key is a keyed hash of the address, the key changing every window, so that the database never
 * holds an address nor a hash that outlives its window.
 *
 * A challenge token is `<base64url(JSON {id, exp, bits})>.<base64url(HMAC-SHA256)>`; it is solved
 * by a nonce such that SHA-256(`<token>:<nonce>`) starts with `bits` zero bits.
 */

export interface ChallengeClaims {
  /** Spent on use: a second report with it is refused. */
  readonly id: string;
  /** Expiry, epoch milliseconds. */
  readonly exp: number;
  /** Leading zero bits the answer's hash must have. */
  readonly bits: number;
}

export type ChallengeRefusal = 'malformed' | 'forged' | 'expired' | 'unsolved';

export type ChallengeCheck = { readonly ok: true; readonly claims: ChallengeClaims } | { readonly ok: false; readonly refusal: ChallengeRefusal };

/** A nonce is short printable text: what a browser loop produces. */
const NONCE = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_BITS = 32;

function signature(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signChallenge(key: Buffer, claims: ChallengeClaims): string {
  const payload = Buffer.from(JSON.stringify({ id: claims.id, exp: claims.exp, bits: claims.bits }), 'utf8').toString('base64url');
  return `${payload}.${signature(key, payload).toString('base64url')}`;
}

/** How many zero bits the hash starts with. */
export function leadingZeroBits(hash: Buffer): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function answerHash(token: string, nonce: string): Buffer {
  return createHash('sha256').update(`${token}:${nonce}`).digest();
}

function claimsOf(payload: string): ChallengeClaims | null {
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { id, exp, bits } = parsed;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return null;
    if (typeof exp !== 'number' || !Number.isSafeInteger(exp)) return null;
    if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 0 || bits > MAX_BITS) return null;
    return { id, exp, bits };
  } catch {
    return null;
  }
}

/** Whether the token is ours, unexpired at `now`, and the nonce solves it. Spending it is the caller's. */
export function checkChallenge(key: Buffer, token: string, nonce: string, now: number): ChallengeCheck {
  const parts = token.split('.');
  if (parts.length !== 2 || !NONCE.test(nonce)) return { ok: false, refusal: 'malformed' };
  const [payload, signed] = parts as [string, string];
  const expected = signature(key, payload);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, refusal: 'forged' };
  const claims = claimsOf(payload);
  if (claims === null) return { ok: false, refusal: 'malformed' };
  if (now >= claims.exp) return { ok: false, refusal: 'expired' };
  if (leadingZeroBits(answerHash(token, nonce)) < claims.bits) return { ok: false, refusal: 'unsolved' };
  return { ok: true, claims };
}

/** What a browser (or a test) does: the first nonce, counting up, that solves the token. */
export function solveChallenge(token: string, bits: number): string {
  for (let counter = 0; ; counter += 1) {
    const nonce = counter.toString(36);
    if (leadingZeroBits(answerHash(token, nonce)) >= bits) return nonce;
  }
}

export interface AddressWindow {
  /** HMAC of the address under a key of this window only: hex, 64 characters. */
  readonly key: string;
  readonly windowStartedAt: Date;
}

/**
 * The counter key of an address in the window holding `now`. The HMAC key is derived from the
 * server's secret and the window's number, so a key of a past window cannot be recomputed from
 * the address once the row is gone, nor compared across windows.
 */
export function addressWindowOf(secret: Buffer, address: string, now: number, windowMs: number): AddressWindow {
  const index = Math.floor(now / windowMs);
  const windowKey = createHmac('sha256', secret).update(`public-form-window:${index}`).digest();
  return { key: createHmac('sha256', windowKey).update(address).digest('hex'), windowStartedAt: new Date(index * windowMs) };
}

/** Whether the submissions counted in the window (this one included) exceed the limit. */
export function overSubmissionLimit(submissions: number, limit: number): boolean {
  return submissions > limit;
}

/** Seconds from `now` to the end of the window. */
export function secondsLeftInWindow(window: AddressWindow, now: number, windowMs: number): number {
  return Math.max(1, Math.ceil((window.windowStartedAt.getTime() + windowMs - now) / 1000));
}
