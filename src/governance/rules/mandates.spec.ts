import { mandateEndDate, mandateStatus } from './mandates.js';

describe('mandate end date', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-05-31', 1, '2024-06-30'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2024-03-15', 36, '2027-03-15'],
    ['2024-12-31', 2, '2025-02-28'],
  ])('a mandate from %s for %i months ends on %s', (startOn, months, endOn) => {
    expect(mandateEndDate(startOn, months)).toBe(endOn);
  });

  it.each([0, -12, 1.5])('refuses a term of %p months', (termMonths) => {
    expect(() => mandateEndDate('2024-01-01', termMonths)).toThrow(
      expect.objectContaining({ code: 'INVALID_MANDATE_TERM', params: { termMonths } }),
    );
  });

  it('refuses an impossible start date', () => {
    expect(() => mandateEndDate('2023-02-29', 12)).toThrow(expect.objectContaining({ code: 'DATE_INVALID' }));
  });
});

describe('mandate status', () => {
  const start = '2024-01-31';
  const end = mandateEndDate(start, 12);

  it('is not started the day before the start', () => {
    expect(mandateStatus(start, end, '2024-01-30')).toBe('not_started');
  });

  it('is in force from the start day', () => {
    expect(mandateStatus(start, end, start)).toBe('in_force');
  });

  it('is in force on the day before the end', () => {
    expect(mandateStatus(start, end, '2025-01-30')).toBe('in_force');
  });

  it('has ended on the end day, when the successor takes over', () => {
    expect(end).toBe('2025-01-31');
    expect(mandateStatus(start, end, end)).toBe('ended');
  });

  it('refuses a mandate that ends on or before its start', () => {
    expect(() => mandateStatus(start, start, start)).toThrow(
      expect.objectContaining({ code: 'MANDATE_ENDS_BEFORE_START', params: { startOn: start, endOn: start } }),
    );
  });
});
