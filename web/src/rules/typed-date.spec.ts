import { parseTypedDate, typedDate } from './typed-date';

describe('dates typed day first', () => {
  it('reads day/month/year with slashes, dots or dashes, and ISO dates', () => {
    expect(parseTypedDate('26/11/2026')).toBe('2026-11-26');
    expect(parseTypedDate(' 4.3.1992 ')).toBe('1992-03-04');
    expect(parseTypedDate('04-03-1992')).toBe('1992-03-04');
    expect(parseTypedDate('1992-03-04')).toBe('1992-03-04');
  });

  it('refuses what is not a real day, never reading month first', () => {
    expect(parseTypedDate('11/26/2026')).toBeNull();
    expect(parseTypedDate('29/02/2023')).toBeNull();
    expect(parseTypedDate('29/02/2024')).toBe('2024-02-29');
    expect(parseTypedDate('26/11/26')).toBeNull();
    expect(parseTypedDate('')).toBeNull();
  });

  it('writes an ISO date back day first', () => {
    expect(typedDate('2026-11-26')).toBe('26/11/2026');
    expect(typedDate('')).toBe('');
  });
});
