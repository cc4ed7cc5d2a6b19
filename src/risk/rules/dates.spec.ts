import { assertUtcOffsetMinutes, startOfNextLocalDay, utcMidnightOf } from './dates.js';

describe('calendar dates of the risk rules', () => {
  it('reads a calendar date as midnight UTC of that day', () => {
    expect(utcMidnightOf('2025-03-14')).toBe(Date.UTC(2025, 2, 14));
    expect(utcMidnightOf('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });

  it.each(['2025-02-29', '2025-13-01', '2025-04-31', '2025-00-10', '2025-3-14', '14/03/2025', '', '2025-03-14T00:00'])(
    'refuses %j as a date',
    (value) => {
      expect(() => utcMidnightOf(value)).toThrow('DATE_INVALID');
    },
  );

  it('ends a due date at local midnight: Kinshasa (UTC+1) at 23:00 UTC, Lubumbashi (UTC+2) at 22:00 UTC', () => {
    expect(startOfNextLocalDay('2025-03-14', 60).toISOString()).toBe('2025-03-14T23:00:00.000Z');
    expect(startOfNextLocalDay('2025-03-14', 120).toISOString()).toBe('2025-03-14T22:00:00.000Z');
    expect(startOfNextLocalDay('2025-03-14', 0).toISOString()).toBe('2025-03-15T00:00:00.000Z');
    expect(startOfNextLocalDay('2025-03-14', -60).toISOString()).toBe('2025-03-15T01:00:00.000Z');
  });

  it('crosses month and year ends', () => {
    expect(startOfNextLocalDay('2024-12-31', 0).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(startOfNextLocalDay('2024-02-28', 0).toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it.each([[840], [-720], [-840], [0]])('accepts an offset of %i minutes', (offset) => {
    expect(assertUtcOffsetMinutes(offset)).toBe(offset);
  });

  it.each([[841], [-841], [60.5], [Number.NaN]])('refuses an offset of %d minutes', (offset) => {
    expect(() => assertUtcOffsetMinutes(offset)).toThrow('UTC_OFFSET_INVALID');
  });
});
