import { newResetCode, resetCodeHash } from './reset-code.js';

describe('password-reset codes', () => {
  it('are four groups of four unambiguous characters, different each time', () => {
    const codes = new Set(Array.from({ length: 50 }, () => newResetCode()));
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('hash the same whatever the case, spaces and dashes, and never store the code itself', () => {
    const code = 'K7QM-2XRP-9DWF-HT4C';
    expect(resetCodeHash('k7qm 2xrp 9dwf ht4c')).toBe(resetCodeHash(code));
    expect(resetCodeHash('K7QM2XRP9DWFHT4C')).toBe(resetCodeHash(code));
    expect(resetCodeHash(code)).not.toContain('K7QM');
    expect(resetCodeHash('K7QM-2XRP-9DWF-HT4D')).not.toBe(resetCodeHash(code));
  });
});
