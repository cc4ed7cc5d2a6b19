import { DomainError } from '../../common/domain-error.js';

/** A calendar date, 'YYYY-MM-DD', with no time zone: meetings happen on days, not instants. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01; refuses '2025-02-30' rather than letting Date roll it into March. */
export function dayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new DomainError('DATE_INVALID', { value: date });
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const epochMs = Date.UTC(year, month - 1, day);
  if (formatDayNumber(epochMs / MS_PER_DAY) !== date) throw new DomainError('DATE_INVALID', { value: date });
  return epochMs / MS_PER_DAY;
}

export function requireIsoDate(date: IsoDate): IsoDate {
  dayNumber(date);
  return date;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return formatDayNumber(dayNumber(date) + days);
}

function formatDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
