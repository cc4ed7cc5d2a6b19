import { localDateAt, utcOffsetMinutesOf } from '../risk/local-time.js';
import type { IsoDate } from '../miners/rules/calendar.js';

const MS_PER_MINUTE = 60_000;

/** The site's calendar date at an instant, in the cooperative's time zone. */
export function siteDateAt(timeZone: string, at: Date): IsoDate {
  return localDateAt(at, utcOffsetMinutesOf(timeZone, at));
}

/** The instant a local 'HH:MM' falls on a local date in a time zone (offset re-read once for DST). */
export function instantAt(timeZone: string, date: IsoDate, time: string): Date {
  const [hours, minutes] = time.split(':').map(Number);
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, day, hours, minutes);
  const guess = wall - utcOffsetMinutesOf(timeZone, new Date(wall)) * MS_PER_MINUTE;
  return new Date(wall - utcOffsetMinutesOf(timeZone, new Date(guess)) * MS_PER_MINUTE);
}
