import { domainErrorOf } from '../../../common/thrown.fixture.js';
import { stockPosition, type ValuedMovement } from './stock.js';

function move(mineral: string, siteId: string, massMg: number, valueMinor: number, currency = 'USD'): ValuedMovement {
  return { mineral, siteId, massMg, valueMinor, currency };
}

describe('stockPosition', () => {
  it('is purchased − sold in mass and value, per mineral and site, sorted', () => {
    const purchased = [move('HETEROGENITE', 's2', 5_000_000, 500), move('CASSITERITE', 's1', 2_000_000, 900), move('HETEROGENITE', 's1', 12_000_000, 1551)];
    const sold = [move('HETEROGENITE', 's1', 12_000_000, 1551)];
    expect(stockPosition(purchased, sold)).toEqual([
      { mineral: 'CASSITERITE', siteId: 's1', purchasedMg: 2_000_000, soldMg: 0, onHandMg: 2_000_000, values: [{ currency: 'USD', purchasedMinor: 900, soldMinor: 0, onHandMinor: 900 }] },
      { mineral: 'HETEROGENITE', siteId: 's1', purchasedMg: 12_000_000, soldMg: 12_000_000, onHandMg: 0, values: [{ currency: 'USD', purchasedMinor: 1551, soldMinor: 1551, onHandMinor: 0 }] },
      { mineral: 'HETEROGENITE', siteId: 's2', purchasedMg: 5_000_000, soldMg: 0, onHandMg: 5_000_000, values: [{ currency: 'USD', purchasedMinor: 500, soldMinor: 0, onHandMinor: 500 }] },
    ]);
  });

  it('takes a reversal off as a negative movement of mass and value', () => {
    const [line] = stockPosition([move('GOLD', 's1', 1000, 7000), move('GOLD', 's1', 400, 3000), move('GOLD', 's1', -400, -3000)], []);
    expect(line).toMatchObject({ purchasedMg: 1000, onHandMg: 1000, values: [{ currency: 'USD', onHandMinor: 7000 }] });
  });

  it('keeps one value per reporting currency, sorted, rather than mixing them', () => {
    const [line] = stockPosition([move('GOLD', 's1', 1000, 7000, 'USD'), move('GOLD', 's1', 1000, 20_000_000, 'CDF')], []);
    expect(line.values.map((value) => [value.currency, value.onHandMinor])).toEqual([['CDF', 20_000_000], ['USD', 7000]]);
  });

  it('refuses a stock that would be negative', () => {
    expect(domainErrorOf(() => stockPosition([move('GOLD', 's1', 1000, 10)], [move('GOLD', 's1', 1001, 10)])).code).toBe('STOCK_NEGATIVE');
  });

  it('refuses a value that is not a safe integer', () => {
    expect(domainErrorOf(() => stockPosition([move('GOLD', 's1', 1000, 0.5)], [])).code).toBe('AMOUNT_TOO_LARGE');
  });

  it('is empty without movements', () => {
    expect(stockPosition([], [])).toEqual([]);
  });
});
