import { addDays, addMonths, assertIsoDate, compareDates, daysBetween, daysInMonth } from './calendar.js';

const invalidDate = (value: string) =>
  expect.objectContaining({ code: 'DATE_INVALID', params: expect.objectContaining({ value }) });

describe('calendar dates', () => {
  it.each(['2024-02-30', '2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '0000-01-01'])(
    'refuses %s, which is no calendar day',
    (value) => {
      expect(() => assertIsoDate(value)).toThrow(invalidDate(value));
    },
  );

  it.each(['2024-2-1', '24-02-01', '2024/02/01', '2024-02-01T00:00:00Z', ''])('refuses the malformed %p', (value) => {
    expect(() => assertIsoDate(value)).toThrow(invalidDate(value));
  });

  it('accepts 29 February in a leap year, including the 400-year rule', () => {
    expect(assertIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(assertIsoDate('2000-02-29')).toBe('2000-02-29');
    expect(() => assertIsoDate('1900-02-29')).toThrow(invalidDate('1900-02-29'));
  });

  it('knows the length of every kind of month', () => {
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
  });

  it('counts days across a leap day and backwards', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('adds days across a year end', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('does not confuse the years 0-99 with the 1900s', () => {
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(daysBetween('0050-01-01', '0050-03-01')).toBe(59);
  });

  it('refuses a fractional number of days or months', () => {
    expect(() => addDays('2024-01-01', 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_COUNT' }));
    expect(() => addMonths('2024-01-01', 0.5)).toThrow(expect.objectContaining({ code: 'INVALID_COUNT' }));
  });

  it('compares dates by the calendar', () => {
    expect(compareDates('2024-01-02', '2024-01-01')).toBeGreaterThan(0);
    expect(compareDates('2024-01-01', '2024-01-01')).toBe(0);
    expect(compareDates('2023-12-31', '2024-01-01')).toBeLessThan(0);
  });
});

describe('adding months', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-01-30', 1, '2024-02-29'],
    ['2024-01-29', 1, '2024-02-29'],
    ['2024-01-28', 1, '2024-02-28'],
    ['2024-01-31', 2, '2024-03-31'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2024-05-17', 0, '2024-05-17'],
  ])('%s + %i months is %s', (start, months, expected) => {
    expect(addMonths(start, months)).toBe(expected);
  });

  it('counts from the start, not month by month, since clamping cannot be undone', () => {
    expect(addMonths(addMonths('2024-01-31', 1), 1)).toBe('2024-03-29');
    expect(addMonths('2024-01-31', 2)).toBe('2024-03-31');
  });

  it('refuses to leave the four-digit years', () => {
    expect(() => addMonths('9999-12-01', 1)).toThrow(invalidDate('9999-12-01'));
    expect(() => addMonths('0001-01-01', -1)).toThrow(invalidDate('0001-01-01'));
  });
});
