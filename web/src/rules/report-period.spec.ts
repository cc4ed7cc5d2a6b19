import { indexesOf, lastEnded, periodKey } from './report-period';

describe('report periods as the API names them', () => {
  it('names months, quarters and years', () => {
    expect(periodKey('month', 2026, 3)).toBe('2026-03');
    expect(periodKey('month', 2026, 11)).toBe('2026-11');
    expect(periodKey('quarter', 2026, 4)).toBe('2026-Q4');
    expect(periodKey('year', 2025, 1)).toBe('2025');
  });

  it('offers the period just ended, across a year boundary', () => {
    expect(lastEnded('month', '2026-12-07')).toEqual({ year: 2026, index: 11 });
    expect(lastEnded('month', '2026-01-15')).toEqual({ year: 2025, index: 12 });
    expect(lastEnded('quarter', '2026-12-07')).toEqual({ year: 2026, index: 3 });
    expect(lastEnded('quarter', '2026-02-01')).toEqual({ year: 2025, index: 4 });
    expect(lastEnded('quarter', '2026-04-01')).toEqual({ year: 2026, index: 1 });
    expect(lastEnded('year', '2026-12-07')).toEqual({ year: 2025, index: 1 });
  });

  it('lists twelve months, four quarters, and nothing to choose for a year', () => {
    expect(indexesOf('month')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(indexesOf('quarter')).toEqual([1, 2, 3, 4]);
    expect(indexesOf('year')).toEqual([]);
  });
});
