import { assertSafeMinor, isSupportedCurrency, minorUnitDigits } from './money.js';

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
});
