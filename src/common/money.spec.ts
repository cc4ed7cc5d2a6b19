import { assertSafeMinor, formatMoney, isSupportedCurrency, minorUnitDigits } from './money.js';

describe('money', () => {
  it('knows that the Congolese franc has two minor digits and the CFA franc none', () => {
    expect(minorUnitDigits('CDF')).toBe(2);
    expect(minorUnitDigits('XOF')).toBe(0);
  });
  it('refuses a currency it does not know', () => {
    expect(isSupportedCurrency('BTC')).toBe(false);
    expect(() => minorUnitDigits('BTC')).toThrow(RangeError);
  });
  it('refuses fractional or unsafe amounts', () => {
    expect(assertSafeMinor(1500)).toBe(1500);
    expect(() => assertSafeMinor(0.5)).toThrow(RangeError);
    expect(() => assertSafeMinor(2 ** 53)).toThrow(RangeError);
  });
  it('formats minor units exactly for people, in French and English', () => {
    const spaces = (text: string): string => text.replace(/\s/g, ' ');
    expect(spaces(formatMoney('fr', 123_456, 'USD'))).toBe('1 234,56 USD');
    expect(formatMoney('en', 123_456, 'USD')).toBe('1,234.56 USD');
    expect(formatMoney('en', -5, 'CDF')).toBe('-0.05 CDF');
    expect(formatMoney('fr', 0, 'USD')).toBe('0,00 USD');
    expect(spaces(formatMoney('fr', 1_500_000, 'XOF'))).toBe('1 500 000 XOF');
    expect(formatMoney('en', 9_007_199_254_740_991, 'USD')).toBe('90,071,992,547,409.91 USD');
    expect(() => formatMoney('en', 0.5, 'USD')).toThrow(RangeError);
  });
});
