import { reconcileCash } from './cash.js';

describe('reconcileCash', () => {
  it('reports a balanced box when the count matches the books', () => {
    expect(reconcileCash(125_000, 125_000)).toEqual({
      expectedMinor: 125_000,
      countedMinor: 125_000,
      differenceMinor: 0,
      outcome: 'balanced',
    });
  });

  it('reports a shortage as a negative difference, down to one unit, without touching either figure', () => {
    expect(reconcileCash(125_000, 124_999)).toEqual({
      expectedMinor: 125_000,
      countedMinor: 124_999,
      differenceMinor: -1,
      outcome: 'shortage',
    });
  });

  it('reports a surplus as a positive difference', () => {
    expect(reconcileCash(0, 500)).toEqual({ expectedMinor: 0, countedMinor: 500, differenceMinor: 500, outcome: 'surplus' });
  });

  it('reports an empty box against a non-empty ledger as a shortage of the whole balance', () => {
    expect(reconcileCash(80_000, 0)).toMatchObject({ differenceMinor: -80_000, outcome: 'shortage' });
  });

  it('refuses negative or fractional figures', () => {
    expect(() => reconcileCash(-1, 0)).toThrow('AMOUNT_NOT_WHOLE_MINOR_UNITS');
    expect(() => reconcileCash(100, 99.5)).toThrow('AMOUNT_NOT_WHOLE_MINOR_UNITS');
  });
});
