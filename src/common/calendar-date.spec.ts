import {
  addDays,
  addMonthsClamped,
  addMonthsRollingOver,
  assertIsoDate,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  epochDayOf,
  FIRST_YEAR_READ_BY_DATE_UTC,
  formatIsoDate,
  isLeapYear,
  lastDayOfValidity,
  addDaysFromYear100,
  assertIsoDateFromYear100,
  dayNumberFromYear100,
  daysBetweenFromYear100,
  isoDateOfEpochDay,
  parseIsoDate,
  readIsoDate,
  toEpochDay,
} from './calendar-date.js';
import { domainErrorOf } from './thrown.fixture.js';


describe('leap years', () => {
  it.each([
    [2024, true],
    [2028, true],
    [2000, true],
    [1600, true],
    [2400, true],
    [4, true],
    [2023, false],
    [2025, false],
    [2026, false],
    [1900, false],
    [1800, false],
    [2100, false],
    [1, false],
    [100, false],
  ])('knows whether %i is a leap year (%s)', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});

describe('month lengths', () => {
  const COMMON = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

  it.each(COMMON.map((days, index) => [index + 1, days]))('counts month %i of a common year as %i days', (month, days) => {
    expect(daysInMonth(2025, month)).toBe(days);
  });

  it.each(COMMON.map((days, index) => [index + 1, index === 1 ? 29 : days]))(
    'counts month %i of a leap year as %i days',
    (month, days) => {
      expect(daysInMonth(2024, month)).toBe(days);
    },
  );

  it('gives February 29 days in 2000 and 28 in 1900', () => {
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
  });

  it('adds up to 365 or 366 days a year', () => {
    const yearLength = (year: number): number =>
      Array.from({ length: 12 }, (_, index) => daysInMonth(year, index + 1)).reduce((sum, days) => sum + days, 0);
    expect(yearLength(2025)).toBe(365);
    expect(yearLength(2024)).toBe(366);
    expect(yearLength(1900)).toBe(365);
    expect(yearLength(2000)).toBe(366);
  });
});

describe('reading and writing dates', () => {
  it('reads a real date into year, month and day', () => {
    expect(readIsoDate('2026-03-07')).toEqual({ year: 2026, month: 3, day: 7 });
    expect(readIsoDate('0001-01-01')).toEqual({ year: 1, month: 1, day: 1 });
    expect(readIsoDate('9999-12-31')).toEqual({ year: 9999, month: 12, day: 31 });
  });

  it.each(['2024-02-29', '2000-02-29', '2025-01-31', '2025-04-30', '2025-12-31'])('accepts %s', (value) => {
    expect(readIsoDate(value)).not.toBeNull();
    expect(assertIsoDate(value)).toBe(value);
  });

  it.each([
    '2025-02-30',
    '2025-02-29',
    '1900-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-06-31',
    '2025-09-31',
    '2025-11-31',
    '2025-01-32',
    '2025-01-00',
    '0000-01-01',
  ])('refuses %s, which is no calendar day', (value) => {
    expect(readIsoDate(value)).toBeNull();
  });

  it.each(['2025-1-01', '2025-01-1', '25-01-01', '02025-01-01', '2025/01/01', '01/02/2025', '2025-01-01T00:00:00Z', ' 2025-01-01', '2025-01-01 ', ''])(
    'refuses the malformed %j',
    (value) => {
      expect(readIsoDate(value)).toBeNull();
    },
  );

  it('throws DATE_INVALID with the value', () => {
    for (const value of ['2025-02-30', '2025-13-01', 'not a date']) {
      const error = domainErrorOf(() => parseIsoDate(value));
      expect(error.code).toBe('DATE_INVALID');
      expect(error.params).toEqual({ value });
      expect(domainErrorOf(() => assertIsoDate(value)).code).toBe('DATE_INVALID');
      expect(domainErrorOf(() => toEpochDay(value)).code).toBe('DATE_INVALID');
    }
  });

  it('refuses the years before a given first year, for rules that have always refused 0-99', () => {
    expect(FIRST_YEAR_READ_BY_DATE_UTC).toBe(100);
    expect(readIsoDate('0099-12-31')).not.toBeNull();
    expect(readIsoDate('0099-12-31', FIRST_YEAR_READ_BY_DATE_UTC)).toBeNull();
    expect(readIsoDate('0100-01-01', FIRST_YEAR_READ_BY_DATE_UTC)).toEqual({ year: 100, month: 1, day: 1 });
    expect(domainErrorOf(() => toEpochDay('0050-01-01', FIRST_YEAR_READ_BY_DATE_UTC)).code).toBe('DATE_INVALID');
  });

  it('pads year, month and day when writing', () => {
    expect(formatIsoDate({ year: 7, month: 3, day: 1 })).toBe('0007-03-01');
    expect(formatIsoDate({ year: 2026, month: 12, day: 31 })).toBe('2026-12-31');
  });

  it('writes back exactly what it read', () => {
    for (const value of ['0001-01-01', '0099-12-31', '1900-02-28', '2000-02-29', '2024-02-29', '9999-12-31']) {
      expect(formatIsoDate(parseIsoDate(value))).toBe(value);
    }
  });
});

describe('epoch days', () => {
  it('counts days from 1970-01-01, negative before it', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1970-01-31')).toBe(30);
    expect(toEpochDay('1969-12-31')).toBe(-1);
    expect(toEpochDay('2000-01-01')).toBe(10_957);
  });

  it('agrees with Date.UTC from the year 100 on', () => {
    for (const value of ['0100-01-01', '1900-03-01', '2024-02-29', '9999-12-31']) {
      const { year, month, day } = parseIsoDate(value);
      expect(epochDayOf({ year, month, day }) * 86_400_000).toBe(Date.UTC(year, month - 1, day));
    }
  });

  it('does not confuse the years 0-99 with the 1900s', () => {
    expect(toEpochDay('0050-01-01')).not.toBe(toEpochDay('1950-01-01'));
    expect(isoDateOfEpochDay(toEpochDay('0050-06-15'))).toBe('0050-06-15');
  });

  it('goes there and back on every day of a leap year and a century year', () => {
    for (const start of ['2024-01-01', '1900-01-01', '2000-01-01']) {
      const first = toEpochDay(start);
      for (let offset = 0; offset < 366; offset += 1) {
        expect(toEpochDay(isoDateOfEpochDay(first + offset))).toBe(first + offset);
      }
    }
  });

  it('counts a fractional epoch day as the day it falls in', () => {
    expect(isoDateOfEpochDay(0.5)).toBe('1970-01-01');
    expect(isoDateOfEpochDay(-0.5)).toBe('1969-12-31');
  });
});

describe('adding days', () => {
  it.each([
    ['2025-01-01', 30, '2025-01-31'],
    ['2025-01-31', 1, '2025-02-01'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2025-01-01', 365, '2026-01-01'],
    ['2025-06-15', 0, '2025-06-15'],
    ['0099-12-31', 1, '0100-01-01'],
    ['0001-01-02', -1, '0001-01-01'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([1.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses a count of %d days', (days) => {
    const error = domainErrorOf(() => addDays('2025-01-01', days));
    expect(error.code).toBe('INVALID_COUNT');
    expect(error.params).toEqual({ what: 'days', value: days });
  });

  it('refuses an invalid date with the code it is given', () => {
    expect(domainErrorOf(() => addDays('2025-02-30', 1)).code).toBe('DATE_INVALID');
  });
});

describe('days between and comparing', () => {
  it.each([
    ['2025-01-01', '2025-01-31', 30],
    ['2025-01-31', '2025-01-01', -30],
    ['2024-02-28', '2024-03-01', 2],
    ['2025-02-28', '2025-03-01', 1],
    ['1900-02-28', '1900-03-01', 1],
    ['2000-02-28', '2000-03-01', 2],
    ['2025-12-31', '2026-01-01', 1],
    ['2026-01-01', '2025-12-31', -1],
    ['2024-01-01', '2025-01-01', 366],
    ['2025-01-01', '2026-01-01', 365],
    ['2025-06-15', '2025-06-15', 0],
    ['0050-01-01', '0050-03-01', 59],
  ])('counts from %s to %s as %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('is antisymmetric and agrees with addDays', () => {
    const pairs: [string, string][] = [
      ['2024-02-29', '2031-07-04'],
      ['1899-12-31', '2000-01-01'],
    ];
    for (const [a, b] of pairs) {
      const forward = daysBetween(a, b);
      expect(daysBetween(b, a)).toBe(-forward);
      expect(addDays(a, forward)).toBe(b);
    }
  });

  it('compares dates by the calendar, not by the text', () => {
    expect(compareIsoDates('2026-01-02', '2026-01-01')).toBeGreaterThan(0);
    expect(compareIsoDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(compareIsoDates('2025-12-31', '2026-01-01')).toBeLessThan(0);
    expect(compareIsoDates('2024-03-01', '2024-02-29')).toBe(1);
  });

  it('names the later argument in the error when both are invalid, as before', () => {
    expect(domainErrorOf(() => daysBetween('2025-02-30', '2025-02-31')).params).toEqual({ value: '2025-02-31' });
    expect(domainErrorOf(() => compareIsoDates('2025-02-30', '2025-02-31')).params).toEqual({ value: '2025-02-30' });
  });
});

describe('adding months', () => {
  it.each([
    // from, months, clamped (governance), rolled over (miners)
    ['2025-01-15', 1, '2025-02-15', '2025-02-15'],
    ['2025-01-28', 1, '2025-02-28', '2025-02-28'],
    ['2025-01-29', 1, '2025-02-28', '2025-03-01'],
    ['2025-01-31', 1, '2025-02-28', '2025-03-01'],
    ['2024-01-31', 1, '2024-02-29', '2024-03-01'],
    ['2024-01-30', 1, '2024-02-29', '2024-03-01'],
    ['2024-03-31', 1, '2024-04-30', '2024-05-01'],
    ['2025-08-31', 1, '2025-09-30', '2025-10-01'],
    ['2024-01-31', 2, '2024-03-31', '2024-03-31'],
    ['2024-02-29', 12, '2025-02-28', '2025-03-01'],
    ['2024-02-29', 48, '2028-02-29', '2028-02-29'],
    ['2000-02-29', 1200, '2100-02-28', '2100-03-01'],
    ['2025-11-30', 3, '2026-02-28', '2026-03-01'],
    ['2025-12-15', 1, '2026-01-15', '2026-01-15'],
    ['2024-03-31', -1, '2024-02-29', '2024-03-01'],
    ['2025-01-15', -1, '2024-12-15', '2024-12-15'],
    ['2025-05-17', 0, '2025-05-17', '2025-05-17'],
  ])('%s + %i months is %s clamped and %s rolled over', (from, months, clamped, rolled) => {
    expect(addMonthsClamped(from, months)).toBe(clamped);
    expect(addMonthsRollingOver(from, months)).toBe(rolled);
  });

  it('counts from the start, since clamping cannot be undone', () => {
    expect(addMonthsClamped(addMonthsClamped('2024-01-31', 1), 1)).toBe('2024-03-29');
    expect(addMonthsClamped('2024-01-31', 2)).toBe('2024-03-31');
  });

  it('refuses to leave the four-digit years with DATE_INVALID', () => {
    for (const add of [addMonthsClamped, addMonthsRollingOver]) {
      const late = domainErrorOf(() => add('9999-12-01', 1));
      expect(late.code).toBe('DATE_INVALID');
      expect(late.params).toEqual({ value: '9999-12-01', months: 1 });
      expect(domainErrorOf(() => add('0001-01-01', -1)).code).toBe('DATE_INVALID');
      expect(add('9999-11-30', 1)).toBe('9999-12-30');
    }
  });

  it('refuses a fractional month count and an invalid date', () => {
    for (const add of [addMonthsClamped, addMonthsRollingOver]) {
      const error = domainErrorOf(() => add('2025-01-01', 0.5));
      expect(error.code).toBe('INVALID_COUNT');
      expect(error.params).toEqual({ what: 'months', value: 0.5 });
      expect(domainErrorOf(() => add('2025-02-30', 1)).code).toBe('DATE_INVALID');
    }
  });
});

describe('validity and the day counts from the year 100', () => {
  it('ends a validity the day before the anniversary', () => {
    expect(lastDayOfValidity('2024-01-31', 1)).toBe('2024-02-29');
    expect(lastDayOfValidity('2024-02-29', 12)).toBe('2025-02-28');
    expect(lastDayOfValidity('2025-06-15', 12)).toBe('2026-06-14');
  });

  it('counts days from the year 100 on, and adds a fractional count as the day it falls in', () => {
    expect(dayNumberFromYear100('1970-01-02')).toBe(1);
    expect(domainErrorOf(() => dayNumberFromYear100('0099-12-31')).code).toBe('DATE_INVALID');
    expect(addDaysFromYear100('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDaysFromYear100('2024-02-28', 1.5)).toBe('2024-02-29');
  });

  it('counts the days between two dates from the year 100 on, negative when the second comes first', () => {
    expect(daysBetweenFromYear100('2025-01-01', '2025-01-31')).toBe(30);
    expect(daysBetweenFromYear100('2025-01-31', '2025-01-01')).toBe(-30);
    expect(daysBetweenFromYear100('2024-02-28', '2024-03-01')).toBe(2);
    expect(domainErrorOf(() => daysBetweenFromYear100('0099-12-31', '2025-01-01')).code).toBe('DATE_INVALID');
  });

  it('returns a valid date from the year 100 on unchanged and refuses an impossible or earlier one', () => {
    expect(assertIsoDateFromYear100('2024-02-29')).toBe('2024-02-29');
    expect(domainErrorOf(() => assertIsoDateFromYear100('2025-02-29')).code).toBe('DATE_INVALID');
    expect(domainErrorOf(() => assertIsoDateFromYear100('0099-12-31')).code).toBe('DATE_INVALID');
  });
});
