import { localDateIn } from '../../../common/time-zone.js';
import { authorisationStandingOn, reminderFallingOn, REMINDER_DAYS, siteAuthorisationExpired } from './authorisation-reminders.js';

describe('site authorisation reminders', () => {
  describe('authorisationStandingOn', () => {
    const EXPIRES = '2027-03-31';
    it.each([
      ['2026-12-30', 'valid', 91, null],
      ['2026-12-31', 'expiring', 90, 90],
      ['2027-01-01', 'expiring', 89, 90],
      ['2027-02-28', 'expiring', 31, 90],
      ['2027-03-01', 'expiring', 30, 30],
      ['2027-03-23', 'expiring', 8, 30],
      ['2027-03-24', 'expiring', 7, 7],
      ['2027-03-31', 'expiring', 0, 7],
      ['2027-04-01', 'expired', -1, null],
      ['2028-04-01', 'expired', -367, null],
    ] as const)('on %s: %s, %i days left, reminder %p', (today, status, days, reminder) => {
      expect(authorisationStandingOn(EXPIRES, today)).toEqual({ status, daysUntilExpiry: days, reminder });
    });

    it('counts across a leap day', () => {
      expect(authorisationStandingOn('2028-03-01', '2028-02-28')).toEqual({ status: 'expiring', daysUntilExpiry: 2, reminder: 7 });
      expect(authorisationStandingOn('2028-05-29', '2028-02-29')).toEqual({ status: 'expiring', daysUntilExpiry: 90, reminder: 90 });
    });

    it('has no reminder and no expiry for an authorisation without an expiry date', () => {
      expect(authorisationStandingOn(null, '2027-01-01')).toEqual({ status: 'no_expiry', daysUntilExpiry: null, reminder: null });
    });

    it('refuses a date that is not a calendar date', () => {
      expect(() => authorisationStandingOn(EXPIRES, '2027-02-30')).toThrow();
      expect(() => authorisationStandingOn('2027-13-01', '2027-01-01')).toThrow();
    });
  });

  describe('reminderFallingOn', () => {
    it('falls exactly on the 90th, 30th and 7th day before expiry and no other', () => {
      const falling: [string, number][] = [];
      for (let day = 0; day <= 100; day += 1) {
        const today = new Date(Date.UTC(2027, 2, 31) - day * 86_400_000).toISOString().slice(0, 10);
        const reminder = reminderFallingOn('2027-03-31', today);
        if (reminder !== null) falling.push([today, reminder]);
      }
      expect(falling).toEqual([['2027-03-24', 7], ['2027-03-01', 30], ['2026-12-31', 90]]);
      expect(REMINDER_DAYS).toEqual([90, 30, 7]);
    });

    it('sends nothing for an authorisation without expiry or already expired', () => {
      expect(reminderFallingOn(null, '2027-01-01')).toBeNull();
      expect(reminderFallingOn('2027-01-01', '2027-01-08')).toBeNull();
    });
  });

  describe('in the cooperative’s time zone', () => {
    // 22:30 UTC on 31 March is already 1 April in Lubumbashi (UTC+2) but still 31 March in Kinshasa's neighbour Abidjan (UTC+0).
    const at = new Date('2027-03-31T22:30:00Z');
    it('is expired at the gate in Lubumbashi and still valid in Abidjan at the same instant', () => {
      expect(siteAuthorisationExpired('2027-03-31', localDateIn('Africa/Lubumbashi', at))).toBe(true);
      expect(siteAuthorisationExpired('2027-03-31', localDateIn('Africa/Abidjan', at))).toBe(false);
    });

    it('is never expired without an expiry date', () => {
      expect(siteAuthorisationExpired(null, '2099-01-01')).toBe(false);
    });

    it('falls on the 7-day reminder a day earlier in UTC+2 than in UTC', () => {
      const evening = new Date('2027-03-23T23:00:00Z');
      expect(reminderFallingOn('2027-03-31', localDateIn('Africa/Lubumbashi', evening))).toBe(7);
      expect(reminderFallingOn('2027-03-31', localDateIn('UTC', evening))).toBeNull();
    });
  });
});
