import { assertBylawInteger, assertCount, assertValidFraction, compareFractions, minimumCountFor, reachesShare } from './arithmetic.js';

describe('share arithmetic', () => {
  it('rounds the minimum count up, never down', () => {
    expect(minimumCountFor(10, { num: 1, den: 2 })).toBe(5);
    expect(minimumCountFor(11, { num: 1, den: 2 })).toBe(6);
    expect(minimumCountFor(10, { num: 2, den: 3 })).toBe(7);
    expect(minimumCountFor(9, { num: 2, den: 3 })).toBe(6);
    expect(minimumCountFor(0, { num: 1, den: 4 })).toBe(0);
  });

  it('compares shares exactly where a float would not', () => {
    const almostAll = { num: 999_999_999_999, den: 1_000_000_000_000 };
    expect(reachesShare(999_999_999_999, 1_000_000_000_000, almostAll)).toBe(true);
    expect(reachesShare(999_999_999_998, 1_000_000_000_000, almostAll)).toBe(false);
    expect(minimumCountFor(1_000_000_000_000, almostAll)).toBe(999_999_999_999);
  });

  it('orders fractions by value, not by their terms', () => {
    expect(compareFractions({ num: 2, den: 4 }, { num: 1, den: 2 })).toBe(0);
    expect(compareFractions({ num: 1, den: 3 }, { num: 1, den: 2 })).toBe(-1);
    expect(compareFractions({ num: 3, den: 4 }, { num: 2, den: 3 })).toBe(1);
  });

  it.each([
    [0, 1],
    [2, 1],
    [1, 0],
    [-1, 2],
    [0.5, 1],
  ])('refuses the fraction %p/%p', (num, den) => {
    expect(() => assertValidFraction({ num, den }, 'quorum')).toThrow(
      expect.objectContaining({ code: 'INVALID_FRACTION', params: { what: 'quorum', num, den } }),
    );
  });

  it('accepts a whole (1/1) fraction', () => {
    expect(assertValidFraction({ num: 1, den: 1 }, 'quorum')).toEqual({ num: 1, den: 1 });
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 53])('refuses the count %p', (value) => {
    expect(() => assertCount(value, 'present')).toThrow(
      expect.objectContaining({ code: 'INVALID_COUNT', params: { what: 'present', value } }),
    );
  });

  it('accepts zero as a count', () => {
    expect(assertCount(0, 'present')).toBe(0);
  });

  it('refuses a bylaw number below its minimum or not whole', () => {
    expect(assertBylawInteger('noticeDays', 1, 1)).toBe(1);
    expect(() => assertBylawInteger('noticeDays', 0, 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_BYLAW_SETTING', params: { setting: 'noticeDays', value: 0, minimum: 1 } }),
    );
    expect(() => assertBylawInteger('noticeDays', 2.5, 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_BYLAW_SETTING' }),
    );
  });
});
