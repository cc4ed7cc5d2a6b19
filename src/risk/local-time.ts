import type { IsoDate } from './rules/dates.js';

const MS_PER_MINUTE = 60_000;

/**
 * The offset from UTC, in minutes, of an IANA time zone at an instant ('Africa/Lubumbashi'
 * is +120). Corrective actions fall due on a calendar day at the cooperative.
 */
export function utcOffsetMinutesOf(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!match) throw new Error(`Cannot read the UTC offset of ${timeZone}: ${name ?? 'none'}`);
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The calendar date at a place utcOffsetMinutes ahead of UTC, at an instant. */
export function localDateAt(at: Date, utcOffsetMinutes: number): IsoDate {
  return new Date(at.getTime() + utcOffsetMinutes * MS_PER_MINUTE).toISOString().slice(0, 10);
}
