import { assertIsoDate, daysBetween, type IsoDate } from '../../../common/calendar-date.js';

/**
 * A site authorisation's standing on a date of the cooperative (its local date: see
 * common/time-zone.ts), and the reminders sent before it expires. An authorisation is valid
 * through its expiry date and expired from the next day. Reminders go out 90, 30 and 7 days
 * before the expiry date (a choice of ours: a renewal at the provincial mines division takes
 * weeks); from the first reminder on, the authorisation is 'expiring' with the reminder it is in.
 */
export const REMINDER_DAYS = [90, 30, 7] as const;

export type ReminderDays = (typeof REMINDER_DAYS)[number];

export type AuthorisationStatus = 'valid' | 'expiring' | 'expired' | 'no_expiry';

export interface AuthorisationStanding {
  readonly status: AuthorisationStatus;
  /** Days from the date to the expiry date (0 on the last valid day, negative once expired); null without expiry. */
  readonly daysUntilExpiry: number | null;
  /** The latest reminder already due (90, then 30, then 7), null before the first and once expired. */
  readonly reminder: ReminderDays | null;
}

export function authorisationStandingOn(expiresOn: IsoDate | null, today: IsoDate): AuthorisationStanding {
  assertIsoDate(today);
  if (expiresOn === null) return { status: 'no_expiry', daysUntilExpiry: null, reminder: null };
  const days = daysBetween(today, expiresOn);
  if (days < 0) return { status: 'expired', daysUntilExpiry: days, reminder: null };
  const due = REMINDER_DAYS.filter((threshold) => days <= threshold);
  const reminder = due.length === 0 ? null : due[due.length - 1];
  return { status: reminder === null ? 'valid' : 'expiring', daysUntilExpiry: days, reminder };
}

/** The reminder whose day `today` is (exactly 90, 30 or 7 days before expiry), for a daily sender; null on other days. */
export function reminderFallingOn(expiresOn: IsoDate | null, today: IsoDate): ReminderDays | null {
  assertIsoDate(today);
  if (expiresOn === null) return null;
  const days = daysBetween(today, expiresOn);
  return REMINDER_DAYS.find((threshold) => threshold === days) ?? null;
}

/** Whether a site whose current authorisations first expire on `expiresOn` is past that date on `today`. */
export function siteAuthorisationExpired(expiresOn: IsoDate | null, today: IsoDate): boolean {
  return authorisationStandingOn(expiresOn, today).status === 'expired';
}
