import { salesByBuyer, stockAtBothEnds } from './sales-stock.js';

describe('salesByBuyer', () => {
  const kcc = { id: 'b1', name: 'Comptoir Kolwezi' };
  const egc = { id: 'b2', name: 'EGC' };
  it('sums sales per buyer, mineral and currency and reconciles only the measured ones', () => {
    const rows = salesByBuyer([
      { buyer: kcc, mineral: 'HETEROGENITE', currency: 'USD', netMg: 20_000_000, amountMinor: 150_000, measurement: { netMg: 19_500_000, ourNetMg: 20_000_000, massDiffMg: -500_000, exceeds: true } },
      { buyer: kcc, mineral: 'HETEROGENITE', currency: 'USD', netMg: 10_000_000, amountMinor: 70_000, measurement: null },
      { buyer: egc, mineral: 'HETEROGENITE', currency: 'USD', netMg: 5_000_000, amountMinor: 40_000, measurement: { netMg: 5_000_000, ourNetMg: 5_000_000, massDiffMg: 0, exceeds: false } },
      { buyer: kcc, mineral: 'HETEROGENITE', currency: 'CDF', netMg: 1_000_000, amountMinor: 900_000, measurement: null },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['b1|HETEROGENITE|CDF', 'b1|HETEROGENITE|USD', 'b2|HETEROGENITE|USD']);
    expect(rows[1]).toEqual({
      key: 'b1|HETEROGENITE|USD', buyerId: 'b1', buyerName: 'Comptoir Kolwezi', mineral: 'HETEROGENITE', currency: 'USD', sales: 2, netMassMg: 30_000_000, valueMinor: 220_000,
      measured: 1, ourMeasuredNetMassMg: 20_000_000, buyerNetMassMg: 19_500_000, massDifferenceMg: -500_000, beyondTolerance: 1,
    });
    expect(rows[2]).toMatchObject({ measured: 1, massDifferenceMg: 0, beyondTolerance: 0 });
  });

  it('gives no rows without sales', () => {
    expect(salesByBuyer([])).toEqual([]);
  });
});

describe('stockAtBothEnds', () => {
  it('puts opening and closing stock side by side, zero where a line is absent at one end', () => {
    expect(stockAtBothEnds(
      [{ mineral: 'HETEROGENITE', siteId: 's1', onHandMg: 5 }, { mineral: 'COPPER_ORE', siteId: 's1', onHandMg: 7 }],
      [{ mineral: 'HETEROGENITE', siteId: 's1', onHandMg: 9 }, { mineral: 'HETEROGENITE', siteId: 's2', onHandMg: 3 }],
    )).toEqual([
      { key: 'COPPER_ORE|s1', mineral: 'COPPER_ORE', siteId: 's1', openingMg: 7, closingMg: 0 },
      { key: 'HETEROGENITE|s1', mineral: 'HETEROGENITE', siteId: 's1', openingMg: 5, closingMg: 9 },
      { key: 'HETEROGENITE|s2', mineral: 'HETEROGENITE', siteId: 's2', openingMg: 0, closingMg: 3 },
    ]);
  });
});
