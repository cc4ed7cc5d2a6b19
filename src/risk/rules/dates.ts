import { FIRST_YEAR_READ_BY_DATE_UTC, type IsoDate, toEpochDay } from '../../common/calendar-date.js';
import { DomainError } from '../../common/domain-error.js';

/** A calendar date 'YYYY-MM-DD', with no time zone: the day as the site lives it. */
export { type IsoDate } from '../../common/calendar-date.js';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
/** UTC-12:00 to UTC+14:00, the range of offsets in use. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * Milliseconds since the epoch of midnight UTC starting that date; refuses 2024-02-30 with
 * DATE_INVALID (the risk rules' code), and, as it always has, any year before 100.
 */
export function utcMidnightOf(date: IsoDate): number {
  return toEpochDay(date, 'DATE_INVALID', FIRST_YEAR_READ_BY_DATE_UTC) * MS_PER_DAY;
}

export function assertUtcOffsetMinutes(utcOffsetMinutes: number): number {
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > MAX_OFFSET_MINUTES) {
    throw new DomainError('UTC_OFFSET_INVALID', { utcOffsetMinutes });
  }
  return utcOffsetMinutes;
}

/**
 * The instant the day after `date` begins at a place `utcOffsetMinutes` ahead of UTC
 * (Kinshasa +60, Lubumbashi +120): the first instant at which that date is in the past.
 */
export function startOfNextLocalDay(date: IsoDate, utcOffsetMinutes: number): Date {
  const offsetMs = assertUtcOffsetMinutes(utcOffsetMinutes) * MS_PER_MINUTE;
  return new Date(utcMidnightOf(date) + MS_PER_DAY - offsetMs);
}
