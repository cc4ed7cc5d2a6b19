import { addressWindowOf, answerHash, checkChallenge, leadingZeroBits, overSubmissionLimit, secondsLeftInWindow, signChallenge, solveChallenge } from './public-form-guard.js';

const KEY = Buffer.from('challenge-key-challenge-key-0123', 'utf8');
const OTHER_KEY = Buffer.from('another-key-another-key-another-', 'utf8');
const NOW = Date.UTC(2026, 11, 7, 10, 0, 0);
const claims = { id: '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f', exp: NOW + 600_000, bits: 8 };

describe('public form guard', () => {
  describe('leadingZeroBits', () => {
    it('counts whole zero bytes and the zero bits of the first non-zero byte', () => {
      expect(leadingZeroBits(Buffer.from([0x80]))).toBe(0);
      expect(leadingZeroBits(Buffer.from([0x01, 0xff]))).toBe(7);
      expect(leadingZeroBits(Buffer.from([0x00, 0x10]))).toBe(11);
      expect(leadingZeroBits(Buffer.from([0x00, 0x00]))).toBe(16);
    });
  });

  describe('checkChallenge', () => {
    const token = signChallenge(KEY, claims);
    const nonce = solveChallenge(token, claims.bits);

    it('accepts a solved, unexpired challenge of ours and gives its claims', () => {
      expect(leadingZeroBits(answerHash(token, nonce))).toBeGreaterThanOrEqual(8);
      expect(checkChallenge(KEY, token, nonce, NOW)).toEqual({ ok: true, claims });
    });

    it('refuses a challenge signed with another key', () => {
      expect(checkChallenge(OTHER_KEY, token, nonce, NOW)).toEqual({ ok: false, refusal: 'forged' });
    });

    it('refuses a challenge whose claims were changed (fewer bits asked)', () => {
      const [, signed] = token.split('.');
      const easier = Buffer.from(JSON.stringify({ ...claims, bits: 0 }), 'utf8').toString('base64url');
      expect(checkChallenge(KEY, `${easier}.${signed}`, '0', NOW)).toEqual({ ok: false, refusal: 'forged' });
    });

    it('refuses at and after its expiry, not a millisecond before', () => {
      expect(checkChallenge(KEY, token, nonce, claims.exp - 1).ok).toBe(true);
      expect(checkChallenge(KEY, token, nonce, claims.exp)).toEqual({ ok: false, refusal: 'expired' });
    });

    it('refuses a nonce that does not solve it', () => {
      const wrong = Array.from({ length: 400 }, (_, n) => `x${n}`).find((candidate) => leadingZeroBits(answerHash(token, candidate)) < 8) as string;
      expect(checkChallenge(KEY, token, wrong, NOW)).toEqual({ ok: false, refusal: 'unsolved' });
    });

    it('refuses malformed tokens and nonces', () => {
      expect(checkChallenge(KEY, 'no-dot', nonce, NOW)).toEqual({ ok: false, refusal: 'malformed' });
      expect(checkChallenge(KEY, `${token}.extra`, nonce, NOW)).toEqual({ ok: false, refusal: 'malformed' });
      expect(checkChallenge(KEY, token, 'with space', NOW)).toEqual({ ok: false, refusal: 'malformed' });
      expect(checkChallenge(KEY, token, '', NOW)).toEqual({ ok: false, refusal: 'malformed' });
      const junk = Buffer.from('not json', 'utf8').toString('base64url');
      const signedJunk = signChallenge(KEY, claims).replace(/^[^.]+/, junk);
      expect(checkChallenge(KEY, signedJunk, nonce, NOW).ok).toBe(false);
    });

    it('with zero bits, any well-formed nonce solves it', () => {
      const free = signChallenge(KEY, { ...claims, bits: 0 });
      expect(checkChallenge(KEY, free, 'a', NOW).ok).toBe(true);
    });
  });

  describe('addressWindowOf', () => {
    const HOUR = 3_600_000;

    it('keys an address the same way within a window and never contains the address', () => {
      const a = addressWindowOf(KEY, '203.0.113.7', NOW, HOUR);
      const b = addressWindowOf(KEY, '203.0.113.7', NOW + HOUR - 1, HOUR);
      expect(a).toEqual(b);
      expect(a.key).toMatch(/^[0-9a-f]{64}$/);
      expect(a.key).not.toContain('203');
      expect(a.windowStartedAt.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    });

    it('gives the same address another key in the next window and under another secret', () => {
      const a = addressWindowOf(KEY, '203.0.113.7', NOW, HOUR);
      expect(addressWindowOf(KEY, '203.0.113.7', NOW + HOUR, HOUR).key).not.toBe(a.key);
      expect(addressWindowOf(OTHER_KEY, '203.0.113.7', NOW, HOUR).key).not.toBe(a.key);
      expect(addressWindowOf(KEY, '203.0.113.8', NOW, HOUR).key).not.toBe(a.key);
    });

    it('tells the seconds left in the window, at least one', () => {
      const window = addressWindowOf(KEY, '203.0.113.7', NOW + 1_000, HOUR);
      expect(secondsLeftInWindow(window, NOW + 1_000, HOUR)).toBe(3599);
      expect(secondsLeftInWindow(window, NOW + HOUR - 1, HOUR)).toBe(1);
    });
  });

  it('refuses the submission past the limit, not the one reaching it', () => {
    expect(overSubmissionLimit(5, 5)).toBe(false);
    expect(overSubmissionLimit(6, 5)).toBe(true);
  });
});
