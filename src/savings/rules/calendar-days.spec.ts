import { DomainError } from '../../common/domain-error.js';
import { addDays, dayNumber, daysBetween, requireIsoDate } from './calendar-days.js';

describe('calendar days', () => {
  it('counts days from the Unix epoch', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-31')).toBe(30);
  });

  it('counts the days between two dates, negative when the second comes first', () => {
    expect(daysBetween('2025-01-01', '2025-01-31')).toBe(30);
    expect(daysBetween('2025-01-31', '2025-01-01')).toBe(-30);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2025-01-01', 30)).toBe('2025-01-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it.each(['2025-02-30', '2025-13-01', '2025-1-01', '01/02/2025', '2025-01-01T00:00:00Z', ''])(
    'refuses %p as a calendar date',
    (value) => {
      expect(() => dayNumber(value)).toThrow(DomainError);
      expect(() => dayNumber(value)).toThrow('DATE_INVALID');
    },
  );
});

describe('requireIsoDate', () => {
  it('returns a valid date unchanged and refuses an impossible one', () => {
    expect(requireIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(() => requireIsoDate('2025-02-29')).toThrow('DATE_INVALID');
  });
});
