import { instantAt, siteDateAt } from './site-clock.js';

describe('site clock', () => {
  it('reads the local date of an instant at Lubumbashi (UTC+2)', () => {
    expect(siteDateAt('Africa/Lubumbashi', new Date('2026-06-15T22:30:00Z'))).toBe('2026-06-16');
    expect(siteDateAt('Africa/Lubumbashi', new Date('2026-06-15T21:59:00Z'))).toBe('2026-06-15');
  });

  it('places a local closing hour on the UTC line', () => {
    expect(instantAt('Africa/Lubumbashi', '2026-06-15', '17:30').toISOString()).toBe('2026-06-15T15:30:00.000Z');
    expect(instantAt('Africa/Kinshasa', '2026-06-15', '00:00').toISOString()).toBe('2026-06-14T23:00:00.000Z');
    expect(instantAt('UTC', '2026-06-15', '23:59').toISOString()).toBe('2026-06-15T23:59:00.000Z');
  });
});
