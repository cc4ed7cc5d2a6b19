import { DomainError } from '../../common/domain-error.js';
import { type IsoDate } from './types.js';

/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings, with no time zone involved: a date is
 * turned into a count of days since 1970-01-01 and back. Month arithmetic clamps to the
 * last day of the target month (31 January + 1 month = 28 or 29 February), and always
 * counts from the original date, because clamping is not reversible.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parseIsoDate(value: IsoDate): CalendarDate {
  const match = ISO_DATE.exec(value);
  if (match === null) throw new DomainError('INVALID_DATE', { value });
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const valid = year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  if (!valid) throw new DomainError('INVALID_DATE', { value });
  return { year, month, day };
}

function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Throws INVALID_DATE unless the value is a real calendar date in 'YYYY-MM-DD' form. */
export function assertIsoDate(value: IsoDate): IsoDate {
  parseIsoDate(value);
  return value;
}

function toEpochDay(value: IsoDate): number {
  const { year, month, day } = parseIsoDate(value);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / MS_PER_DAY);
}

function fromEpochDay(epochDay: number): IsoDate {
  const date = new Date(epochDay * MS_PER_DAY);
  return formatIsoDate({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  });
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw new DomainError('INVALID_COUNT', { what: 'days', value: days });
  return fromEpochDay(toEpochDay(date) + days);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isSafeInteger(months)) {
    throw new DomainError('INVALID_COUNT', { what: 'months', value: months });
  }
  const { year, month, day } = parseIsoDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  if (targetYear < 1 || targetYear > 9999) throw new DomainError('INVALID_DATE', { value: date, months });
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return formatIsoDate({ year: targetYear, month: targetMonth, day: targetDay });
}

/** Negative, zero or positive as a is before, on or after b. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return toEpochDay(a) - toEpochDay(b);
}
