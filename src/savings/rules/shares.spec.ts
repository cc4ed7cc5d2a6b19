import { domainErrorOf } from '../../common/thrown.fixture.js';
import { defineCycleRules } from './cycle-rules.js';
import { resolveSharePurchase, sharesForAmount, sharesValueMinor, validateShareCount } from './shares.js';

const rules = defineCycleRules({ currency: 'CDF', sharePriceMinor: 100_000, socialFundContributionMinor: 20_000 });

describe('validateShareCount', () => {
  it.each([1, 2, 3, 4, 5])('accepts %p shares within the default 1–5', (shares) => {
    expect(validateShareCount(rules, shares)).toBe(shares);
  });

  it('refuses 2.5 shares instead of rounding', () => {
    const error = domainErrorOf(() => validateShareCount(rules, 2.5));
    expect(error.code).toBe('SHARES_NOT_WHOLE');
    expect(error.params).toEqual({ requested: 2.5 });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %p shares as not whole', (shares) => {
    expect(domainErrorOf(() => validateShareCount(rules, shares)).code).toBe('SHARES_NOT_WHOLE');
  });

  it('refuses fewer shares than the minimum, zero and negatives included', () => {
    expect(domainErrorOf(() => validateShareCount(rules, 0)).params).toEqual({ min: 1, requested: 0 });
    expect(domainErrorOf(() => validateShareCount(rules, -1)).code).toBe('SHARES_BELOW_MINIMUM');
  });

  it('refuses more shares than the maximum', () => {
    const error = domainErrorOf(() => validateShareCount(rules, 6));
    expect(error.code).toBe('SHARES_ABOVE_MAXIMUM');
    expect(error.params).toEqual({ max: 5, requested: 6 });
  });

  it('follows the group’s own range, including a zero minimum', () => {
    const custom = defineCycleRules({ ...rules, minSharesPerMeeting: 0, maxSharesPerMeeting: 10 });
    expect(validateShareCount(custom, 0)).toBe(0);
    expect(validateShareCount(custom, 10)).toBe(10);
    expect(domainErrorOf(() => validateShareCount(custom, 11)).code).toBe('SHARES_ABOVE_MAXIMUM');
  });
});

describe('sharesForAmount', () => {
  it('turns an exact multiple of the share price into shares', () => {
    expect(sharesForAmount(rules, 100_000)).toBe(1);
    expect(sharesForAmount(rules, 500_000)).toBe(5);
  });

  it('refuses money that is not a whole number of shares and names the nearest valid amounts', () => {
    const error = domainErrorOf(() => sharesForAmount(rules, 250_000));
    expect(error.code).toBe('SHARE_AMOUNT_NOT_MULTIPLE_OF_PRICE');
    expect(error.params).toEqual({
      amountMinor: 250_000,
      sharePriceMinor: 100_000,
      remainderMinor: 50_000,
      lowerAmountMinor: 200_000,
      higherAmountMinor: 300_000,
    });
  });

  it('refuses one minor unit short of a share', () => {
    expect(domainErrorOf(() => sharesForAmount(rules, 99_999)).code).toBe('SHARE_AMOUNT_NOT_MULTIPLE_OF_PRICE');
  });

  it('applies the min/max rule after converting the money', () => {
    expect(domainErrorOf(() => sharesForAmount(rules, 600_000)).code).toBe('SHARES_ABOVE_MAXIMUM');
    expect(domainErrorOf(() => sharesForAmount(rules, 0)).code).toBe('SHARES_BELOW_MINIMUM');
  });

  it('refuses fractional or negative money', () => {
    expect(domainErrorOf(() => sharesForAmount(rules, 100_000.5)).code).toBe('AMOUNT_NOT_WHOLE_MINOR_UNITS');
    expect(domainErrorOf(() => sharesForAmount(rules, -100_000)).code).toBe('AMOUNT_NOT_WHOLE_MINOR_UNITS');
  });
});

describe('sharesValueMinor', () => {
  it('prices shares at the cycle’s share price', () => {
    expect(sharesValueMinor(rules, 0)).toBe(0);
    expect(sharesValueMinor(rules, 37)).toBe(3_700_000);
  });

  it('refuses a fractional count and a value beyond the safe range', () => {
    expect(domainErrorOf(() => sharesValueMinor(rules, 1.5)).code).toBe('COUNT_NOT_WHOLE');
    expect(() => sharesValueMinor(rules, Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
  });
});

describe('resolveSharePurchase', () => {
  it('prices a purchase given as a count', () => {
    expect(resolveSharePurchase(rules, { shares: 3 })).toEqual({ shares: 3, amountMinor: 300_000 });
  });

  it('counts a purchase given as money', () => {
    expect(resolveSharePurchase(rules, { amountMinor: 200_000 })).toEqual({ shares: 2, amountMinor: 200_000 });
  });

  it('accepts a count and an amount that agree', () => {
    expect(resolveSharePurchase(rules, { shares: 4, amountMinor: 400_000 })).toEqual({ shares: 4, amountMinor: 400_000 });
  });

  it('refuses a count and an amount that disagree', () => {
    const error = domainErrorOf(() => resolveSharePurchase(rules, { shares: 4, amountMinor: 300_000 }));
    expect(error.code).toBe('SHARE_AMOUNT_MISMATCH');
    expect(error.params).toEqual({ shares: 4, amountMinor: 300_000, expectedAmountMinor: 400_000 });
  });

  it('refuses a purchase with neither a count nor an amount', () => {
    expect(domainErrorOf(() => resolveSharePurchase(rules, {} as { shares: number })).code).toBe('SHARE_PURCHASE_EMPTY');
  });

  it('refuses money that is not a multiple of the price rather than rounding it', () => {
    expect(domainErrorOf(() => resolveSharePurchase(rules, { amountMinor: 150_000 })).code).toBe(
      'SHARE_AMOUNT_NOT_MULTIPLE_OF_PRICE',
    );
  });

  it('refuses a fractional count rather than rounding it', () => {
    expect(domainErrorOf(() => resolveSharePurchase(rules, { shares: 1.5 })).code).toBe('SHARES_NOT_WHOLE');
  });
});
