import {
  formatMemberNumber,
  isValidMemberNumber,
  luhnMod36CheckCharacter,
  parseMemberNumber,
} from './member-number.js';
import { domainErrorOf } from '../../common/thrown.fixture.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('member number format', () => {
  it.each([
    ['KOL', 2026, 42, 'KOL-2026-00042-W'],
    ['KOL', 2026, 1, 'KOL-2026-00001-2'],
    ['ABC', 1999, 12_345, 'ABC-1999-12345-2'],
    ['XYZ', 2030, 99_999, 'XYZ-2030-99999-X'],
  ])('formats %s, %i, member %i as %s', (prefix, year, sequence, expected) => {
    expect(formatMemberNumber(prefix, year, sequence)).toBe(expected);
  });

  it('computes the check character with Luhn mod 36', () => {
    expect(luhnMod36CheckCharacter('KOL202600042')).toBe('W');
    expect(luhnMod36CheckCharacter('0')).toBe('0');
    // '1' doubled is 2, so the check must bring the sum to 36: 36 - 2 = 34 = 'Y'.
    expect(luhnMod36CheckCharacter('1')).toBe('Y');
    // 'Z' (35) doubled is 70 = 1×36 + 34, digit sum 35, so the check is 1.
    expect(luhnMod36CheckCharacter('Z')).toBe('1');
  });

  it('upper-cases a lower-case prefix', () => {
    expect(formatMemberNumber('kol', 2026, 42)).toBe('KOL-2026-00042-W');
  });

  it.each(['KO', 'KOLW', 'K0L', 'KÉL', '', 'K L'])('refuses prefix %j', (prefix) => {
    expect(domainErrorOf(() => formatMemberNumber(prefix, 2026, 1)).code).toBe('MEMBER_PREFIX_INVALID');
  });

  it.each([999, 10_000, 2026.5])('refuses year %p', (year) => {
    expect(domainErrorOf(() => formatMemberNumber('KOL', year, 1)).code).toBe('MEMBER_YEAR_INVALID');
  });

  it.each([0, -1, 10_000_000, 1.5])('refuses sequence %p', (sequence) => {
    const error = domainErrorOf(() => formatMemberNumber('KOL', 2026, sequence));
    expect(error.code).toBe('MEMBER_SEQUENCE_OUT_OF_RANGE');
    expect(error.params).toEqual({ sequence, max: 9_999_999 });
  });

  it('grows past five digits without a leading zero, so a large cooperative is not capped', () => {
    expect(formatMemberNumber('KOL', 2026, 99_999)).toMatch(/^KOL-2026-99999-[0-9A-Z]$/);
    expect(formatMemberNumber('KOL', 2026, 100_000)).toMatch(/^KOL-2026-100000-[0-9A-Z]$/);
    expect(formatMemberNumber('KOL', 2026, 9_999_999)).toMatch(/^KOL-2026-9999999-[0-9A-Z]$/);
  });
});

describe('member number parsing', () => {
  it('round-trips every formatted number', () => {
    for (const [prefix, year, sequence] of [
      ['KOL', 2026, 42],
      ['ABC', 1000, 1],
      ['ZZZ', 9999, 99_999],
      ['MAN', 2024, 7_070],
      ['LIK', 2031, 100_000],
      ['KOL', 2040, 9_999_999],
    ] as const) {
      const formatted = formatMemberNumber(prefix, year, sequence);
      expect(parseMemberNumber(formatted)).toEqual({
        prefix,
        year,
        sequence,
        checkCharacter: formatted.slice(-1),
        formatted,
      });
    }
  });

  it.each(['kol-2026-00042-w', 'kol202600042w', 'KOL-202600042-W', ' KOL 2026 00042 W '])(
    'forgives lower case, spaces and missing dashes in %j',
    (typed) => {
      expect(parseMemberNumber(typed).formatted).toBe('KOL-2026-00042-W');
    },
  );

  it('reads a number past five digits with dashes or spaces between its parts', () => {
    const formatted = formatMemberNumber('LIK', 2031, 100_000);
    expect(parseMemberNumber(formatted.replaceAll('-', ' ').toLowerCase()).formatted).toBe(formatted);
    expect(parseMemberNumber(` ${formatted} `).sequence).toBe(100_000);
  });

  it.each(['', 'KOL-2026-00042', 'KOL-2026-0042-W', 'KOL-2026-000042-W', 'KOL-2026-0100000-W', 'KOL-2026-12345678-W', 'KOL2026-100000-A', 'KOL-2026100000-A', 'KOL-2026-100000A', 'KO-2026-00042-W', 'KOLA-2026-00042-W', 'K-OL-2026-00042-W', 'KOL--2026-00042-W', 'KOL-2026-00042-WW', 'KOL_2026_00042_W', 'KOL-0999-00042-W', 'KOL-2026-00000-W'])(
    'refuses malformed %j',
    (typed) => {
      const error = domainErrorOf(() => parseMemberNumber(typed));
      expect(error.code).toBe('MEMBER_NUMBER_MALFORMED');
      expect(isValidMemberNumber(typed)).toBe(false);
    },
  );

  it('reports a wrong check character as a failed check', () => {
    const error = domainErrorOf(() => parseMemberNumber('KOL-2026-00042-X'));
    expect(error.code).toBe('MEMBER_NUMBER_CHECK_FAILED');
    expect(error.params).toEqual({ value: 'KOL-2026-00042-X' });
  });

  it('accepts the valid number', () => {
    expect(isValidMemberNumber('KOL-2026-00042-W')).toBe(true);
  });
});

describe('typo detection', () => {
  const samples = [
    formatMemberNumber('KOL', 2026, 42),
    formatMemberNumber('ABC', 1999, 12_345),
    formatMemberNumber('XYZ', 2030, 99_999),
    formatMemberNumber('MAN', 2024, 7_070),
    formatMemberNumber('OIO', 2010, 10_101),
    formatMemberNumber('LIK', 2031, 100_000),
    formatMemberNumber('KOL', 2040, 1_234_567),
  ];

  /** A space typed for a dash is the same separator, forgiven on purpose (tested above). */
  const sameSeparator = (original: string, replacement: string): boolean => original === '-' && replacement === ' ';

  it.each(samples)('detects every single-character substitution in %s, dashes and spaces included', (sample) => {
    const replacements = [...`${ALPHABET}- `];
    let tried = 0;
    for (let index = 0; index < sample.length; index += 1) {
      for (const replacement of replacements) {
        if (replacement === sample[index] || sameSeparator(sample[index], replacement)) continue;
        const typed = `${sample.slice(0, index)}${replacement}${sample.slice(index + 1)}`;
        expect([typed, isValidMemberNumber(typed)]).toEqual([typed, false]);
        tried += 1;
      }
    }
    const dashes = 3;
    expect(tried).toBe(sample.length * (replacements.length - 1) - dashes);
  });

  it.each(samples)('detects every single-character substitution in %s typed without dashes', (sample) => {
    const compact = sample.replaceAll('-', '');
    for (let index = 0; index < compact.length; index += 1) {
      for (const replacement of ALPHABET) {
        if (replacement === compact[index]) continue;
        const typed = `${compact.slice(0, index)}${replacement}${compact.slice(index + 1)}`;
        expect([typed, isValidMemberNumber(typed)]).toEqual([typed, false]);
      }
    }
  });
});
