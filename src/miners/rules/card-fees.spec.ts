import { totalsByCurrency } from './card-fees.js';

describe('totalsByCurrency', () => {
  it('adds the fees of each currency apart, sorted by currency code', () => {
    expect(
      totalsByCurrency([
        { amountMinor: 1_000, currency: 'USD' },
        { amountMinor: 2_500_000, currency: 'CDF' },
        { amountMinor: 500, currency: 'USD' },
      ]),
    ).toEqual([
      { amountMinor: 2_500_000, currency: 'CDF' },
      { amountMinor: 1_500, currency: 'USD' },
    ]);
  });

  it('is empty when nothing was collected', () => {
    expect(totalsByCurrency([])).toEqual([]);
  });

  it('refuses a total that would leave the safe integers rather than round it', () => {
    expect(() => totalsByCurrency([{ amountMinor: Number.MAX_SAFE_INTEGER, currency: 'USD' }, { amountMinor: 1, currency: 'USD' }])).toThrow(RangeError);
    expect(() => totalsByCurrency([{ amountMinor: 0.5, currency: 'USD' }])).toThrow(RangeError);
  });
});
