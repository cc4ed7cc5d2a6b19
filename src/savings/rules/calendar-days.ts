import { FIRST_YEAR_READ_BY_DATE_UTC, type IsoDate, isoDateOfEpochDay, toEpochDay } from '../../common/calendar-date.js';

/**
 * A calendar date, 'YYYY-MM-DD', with no time zone: meetings happen on days, not instants.
 * The arithmetic is shared (common/calendar-date); savings answers a date that is not one
 * with its own code, DATE_INVALID.
 */
export { type IsoDate } from '../../common/calendar-date.js';

/**
 * Days since 1970-01-01; refuses '2025-02-30' rather than letting Date roll it into March,
 * and, as it always has, any year before 100.
 */
export function dayNumber(date: IsoDate): number {
  return toEpochDay(date, 'DATE_INVALID', FIRST_YEAR_READ_BY_DATE_UTC);
}

export function requireIsoDate(date: IsoDate): IsoDate {
  dayNumber(date);
  return date;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** Unlike the miners' and governance's addDays, does not refuse a fractional count (it never has). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDateOfEpochDay(dayNumber(date) + days);
}
