import { cardPrintDays } from './card-print-days.js';

describe('cardPrintDays', () => {
  it('gives the one local day of a print made in the middle of the day', () => {
    expect(cardPrintDays(new Date('2026-11-23T10:00:00Z'), 'Africa/Lubumbashi')).toEqual(['2026-11-23']);
  });

  it('takes the day in the cooperative time zone, not UTC', () => {
    // 23:00 UTC is 01:00 the next day in Lubumbashi (UTC+2).
    expect(cardPrintDays(new Date('2026-11-23T23:00:00Z'), 'Africa/Lubumbashi')).toEqual(['2026-11-24']);
  });

  it('gives both days for a print within five minutes of local midnight', () => {
    expect(cardPrintDays(new Date('2026-11-23T21:58:00Z'), 'Africa/Lubumbashi')).toEqual(['2026-11-23', '2026-11-24']);
    expect(cardPrintDays(new Date('2026-11-23T22:04:00Z'), 'Africa/Lubumbashi')).toEqual(['2026-11-23', '2026-11-24']);
    expect(cardPrintDays(new Date('2026-11-23T22:06:00Z'), 'Africa/Lubumbashi')).toEqual(['2026-11-24']);
  });
});
