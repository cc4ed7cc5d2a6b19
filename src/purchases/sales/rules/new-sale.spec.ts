import { DomainError } from '../../../common/domain-error.js';
import { assertSalePriceComplete, newSaleOf } from './new-sale.js';

const composition = { mineral: 'HETEROGENITE', lots: [], total: { massMg: 25_000_000, gradeBp: 1300 }, siteId: null };
const place = { id: 's1', soldOn: '2025-03-14', recordedBy: 'u1' };

describe('newSaleOf', () => {
  it('records the lots’ totals, the agreed amount and the mineral’s pricing unit when a price is stated', () => {
    const sale = newSaleOf(place, composition, { buyerId: 'b1', amountMinor: 90_000, currency: 'USD', unitPriceMinor: 3600, priceBasis: 'per_unit_net_mass' }, {
      currency: 'USD', amountMinor: 90_000, exactMinor: { numerator: 90_000n, denominator: 1n }, rateUsed: null,
    });
    expect(sale).toMatchObject({ id: 's1', soldOn: '2025-03-14', netMg: 25_000_000, gradeBp: 1300, priceUnit: 'kg', exchangeRate: null, reportingCurrency: 'USD', amountReportingMinor: 90_000, reference: null });
  });

  it('leaves the price unit empty without a price', () => {
    const sale = newSaleOf(place, composition, { buyerId: 'b1', amountMinor: 1, currency: 'USD' }, { currency: 'USD', amountMinor: 1, rateUsed: null } as never);
    expect(sale.priceUnit).toBeNull();
  });
});

describe('assertSalePriceComplete', () => {
  it('refuses half a price and a unit without a price', () => {
    expect(() => assertSalePriceComplete({ unitPriceMinor: 10 })).toThrow(DomainError);
    expect(() => assertSalePriceComplete({ priceUnit: 'kg' })).toThrow(DomainError);
    expect(() => assertSalePriceComplete({ unitPriceMinor: 10, priceBasis: 'per_unit_net_mass' })).not.toThrow();
  });
});
