import { dayNumberFromYear100, type IsoDate } from './calendar-date.js';
import { DomainError } from './domain-error.js';

const MS_PER_MINUTE = 60_000;

/**
 * Calendar dates and wall-clock times where the cooperative works. Every module asks the
 * same questions (what day is it at the site, when does 17:30 fall), so they are answered
 * once, here, from the IANA time-zone data Node ships.
 */

/**
 * Building an Intl.DateTimeFormat costs far more than using one (it showed in the purchase
 * benchmark's profile), and a deployment knows a handful of time zones: keep one per zone.
 */
const formatters = new Map<string, { date: Intl.DateTimeFormat; offset: Intl.DateTimeFormat }>();

function formattersOf(timeZone: string): { date: Intl.DateTimeFormat; offset: Intl.DateTimeFormat } {
  let found = formatters.get(timeZone);
  if (!found) {
    found = {
      date: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      offset: new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }),
    };
    formatters.set(timeZone, found);
  }
  return found;
}

/** 'YYYY-MM-DD' at an instant (now by default) in an IANA time zone. */
export function localDateIn(timeZone: string, at: Date = new Date()): IsoDate {
  return formattersOf(timeZone).date.format(at);
}

/** The offset from UTC, in minutes, of an IANA time zone at an instant ('Africa/Lubumbashi' is +120). */
export function utcOffsetMinutesOf(timeZone: string, at: Date): number {
  const name = formattersOf(timeZone)
    .offset.formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!match) throw new Error(`Cannot read the UTC offset of ${timeZone}: ${name ?? 'none'}`);
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The calendar date at a place utcOffsetMinutes ahead of UTC, at an instant (for pure rules given an offset). */
export function localDateAt(at: Date, utcOffsetMinutes: number): IsoDate {
  return new Date(at.getTime() + utcOffsetMinutes * MS_PER_MINUTE).toISOString().slice(0, 10);
}

/** The instant a local 'HH:MM' falls on a local date in a time zone (offset re-read once for DST). */
export function instantAt(timeZone: string, date: IsoDate, time: string): Date {
  const [hours, minutes] = time.split(':').map(Number);
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, day, hours, minutes);
  const guess = wall - utcOffsetMinutesOf(timeZone, new Date(wall)) * MS_PER_MINUTE;
  return new Date(wall - utcOffsetMinutesOf(timeZone, new Date(guess)) * MS_PER_MINUTE);
}

/*
 * Fixed UTC offsets, for rules that receive the site's offset rather than its zone (risk's
 * overdue deadlines): dates from the year 100 on, as they always were.
 */
const MS_PER_DAY = 86_400_000;
/** UTC-12:00 to UTC+14:00, the range of offsets in use. */
const MAX_OFFSET_MINUTES = 14 * 60;

/** Milliseconds since the epoch of midnight UTC starting that date; refuses 2024-02-30 with DATE_INVALID. */
export function utcMidnightOf(date: IsoDate): number {
  return dayNumberFromYear100(date) * MS_PER_DAY;
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
