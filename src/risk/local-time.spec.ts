import { localDateAt, utcOffsetMinutesOf } from './local-time.js';

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
