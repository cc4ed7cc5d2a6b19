import {
  addDays,
  anniversary,
  assertIsoDate,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  formatIsoDate,
  isLeapYear,
  lastDayOfValidity,
  parseIsoDate,
} from './calendar.js';
import { domainErrorOf } from '../../common/thrown.fixture.js';

describe('calendar dates', () => {
  it.each([
    [2024, true],
    [2026, false],
    [2000, true],
    [1900, false],
    [2100, false],
  ])('knows whether %i is a leap year (%s)', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it.each([
    [2024, 2, 29],
    [2026, 2, 28],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('counts %i-%i as %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it('parses and formats a date, padding year, month and day', () => {
    expect(parseIsoDate('2026-03-07')).toEqual({ year: 2026, month: 3, day: 7 });
    expect(formatIsoDate({ year: 7, month: 3, day: 1 })).toBe('0007-03-01');
    expect(assertIsoDate('2024-02-29')).toBe('2024-02-29');
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '0000-01-01', '2026-1-01', '26-01-01', '', '2026-01-01T00:00'])(
    'refuses %j as a date',
    (value) => {
      const error = domainErrorOf(() => parseIsoDate(value));
      expect(error.code).toBe('DATE_INVALID');
      expect(error.params).toMatchObject({ value });
    },
  );

  it('counts days across month, year and leap-day boundaries', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-12-31', '2026-01-01')).toBe(-364);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('0001-01-02', -1)).toBe('0001-01-01');
    expect(compareIsoDates('2026-01-02', '2026-01-01')).toBeGreaterThan(0);
    expect(compareIsoDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(compareIsoDates('2025-12-31', '2026-01-01')).toBeLessThan(0);
  });

  it('refuses a fractional day or month count', () => {
    expect(domainErrorOf(() => addDays('2026-01-01', 1.5)).code).toBe('INVALID_COUNT');
    expect(domainErrorOf(() => anniversary('2026-01-01', 0.5)).code).toBe('INVALID_COUNT');
  });

  it.each([
    ['2026-01-15', 12, '2027-01-15'],
    ['2024-02-29', 12, '2025-03-01'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-01-31', 1, '2026-03-01'],
    ['2024-01-31', 1, '2024-03-01'],
    ['2026-01-28', 1, '2026-02-28'],
    ['2026-08-31', 1, '2026-10-01'],
    ['2026-11-30', 3, '2027-03-01'],
    ['2026-12-15', 0, '2026-12-15'],
  ])('puts the anniversary of %s after %i months on %s, a missing day rolling to the 1st', (from, months, expected) => {
    expect(anniversary(from, months)).toBe(expected);
  });

  it('refuses an anniversary beyond year 9999', () => {
    expect(domainErrorOf(() => anniversary('9999-06-01', 12)).code).toBe('DATE_INVALID');
  });

  it.each([
    ['2026-01-15', 12, '2027-01-14'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2023-03-01', 12, '2024-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-01-01', 12, '2026-12-31'],
  ])('ends validity of %s for %i months on %s, inclusive', (from, months, lastDay) => {
    expect(lastDayOfValidity(from, months)).toBe(lastDay);
  });
});
