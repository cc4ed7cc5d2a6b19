import { assertUtcOffsetMinutes, instantAt, localDateAt, localDateIn, startOfNextLocalDay, utcMidnightOf, utcOffsetMinutesOf } from './time-zone.js';

describe('utcOffsetMinutesOf', () => {
  it('reads the offsets of the two DRC zones and of UTC', () => {
    const at = new Date('2026-03-01T12:00:00Z');
    expect(utcOffsetMinutesOf('Africa/Lubumbashi', at)).toBe(120);
    expect(utcOffsetMinutesOf('Africa/Kinshasa', at)).toBe(60);
    expect(utcOffsetMinutesOf('UTC', at)).toBe(0);
  });

  it('reads negative and half-hour offsets', () => {
    const at = new Date('2026-01-15T12:00:00Z');
    expect(utcOffsetMinutesOf('America/New_York', at)).toBe(-300);
    expect(utcOffsetMinutesOf('Asia/Kolkata', at)).toBe(330);
  });

  it('throws on an unknown zone', () => {
    expect(() => utcOffsetMinutesOf('Mars/Olympus', new Date())).toThrow();
  });
});

describe('localDateAt', () => {
  it('is already the next day in Lubumbashi at 23:00 UTC', () => {
    expect(localDateAt(new Date('2026-03-01T23:00:00Z'), 120)).toBe('2026-03-02');
    expect(localDateAt(new Date('2026-03-01T21:59:59Z'), 120)).toBe('2026-03-01');
  });

  it('is still the previous day west of UTC', () => {
    expect(localDateAt(new Date('2026-03-01T02:00:00Z'), -300)).toBe('2026-02-28');
  });
});

describe('localDateIn', () => {
  it('reads the local date of an instant at Lubumbashi (UTC+2)', () => {
    expect(localDateIn('Africa/Lubumbashi', new Date('2026-06-15T22:30:00Z'))).toBe('2026-06-16');
    expect(localDateIn('Africa/Lubumbashi', new Date('2026-06-15T21:59:00Z'))).toBe('2026-06-15');
    expect(localDateIn('Africa/Lubumbashi', new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(localDateIn('UTC', new Date('2026-06-30T22:30:00Z'))).toBe('2026-06-30');
  });
});

describe('instantAt', () => {
  it('places a local closing hour on the UTC line', () => {
    expect(instantAt('Africa/Lubumbashi', '2026-06-15', '17:30').toISOString()).toBe('2026-06-15T15:30:00.000Z');
    expect(instantAt('Africa/Kinshasa', '2026-06-15', '00:00').toISOString()).toBe('2026-06-14T23:00:00.000Z');
    expect(instantAt('UTC', '2026-06-15', '23:59').toISOString()).toBe('2026-06-15T23:59:00.000Z');
  });
});

describe('utcMidnightOf, startOfNextLocalDay and assertUtcOffsetMinutes', () => {
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
