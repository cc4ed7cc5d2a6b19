import { parseAmountToMinor } from './money';

describe('amounts typed in the console', () => {
  it('reads a dot or a comma as the decimal mark, in minor units', () => {
    expect(parseAmountToMinor('9.50', 'USD')).toBe(950);
    expect(parseAmountToMinor('9,5', 'USD')).toBe(950);
    expect(parseAmountToMinor(' 12 ', 'USD')).toBe(1200);
    expect(parseAmountToMinor('0.07', 'USD')).toBe(7);
  });

  it('refuses more decimals than the currency has, and anything that is not a plain amount', () => {
    expect(parseAmountToMinor('9.505', 'USD')).toBeNull();
    expect(parseAmountToMinor('1.5', 'GNF')).toBeNull();
    expect(parseAmountToMinor('-3', 'USD')).toBeNull();
    expect(parseAmountToMinor('1e3', 'USD')).toBeNull();
    expect(parseAmountToMinor('', 'USD')).toBeNull();
  });

  it('counts whole units for a currency without minor units', () => {
    expect(parseAmountToMinor('25000', 'GNF')).toBe(25000);
  });
});
