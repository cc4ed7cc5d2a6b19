import { DomainError } from '../../common/domain-error.js';

/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings with no time zone: the day as the site lives it.
 *
 * One convention runs through birthdays, card validity and training validity: when the
 * same day of the month does not exist in the target month (29 February in a common year,
 * 31 January + 1 month), the anniversary falls on the first day of the following month.
 * That is the common legal reading for a person born on 29 February (one year older on
 * 1 March), and it makes "valid N months" end on the last day of the shorter month.
 */
export type IsoDate = string;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const MONTHS_PER_YEAR = 12;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Throws INVALID_DATE unless the value is a real calendar date written 'YYYY-MM-DD'. */
export function parseIsoDate(value: IsoDate): CalendarDate {
  const match = ISO_DATE.exec(value);
  if (match === null) throw new DomainError('INVALID_DATE', { value });
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const real = year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  if (!real) throw new DomainError('INVALID_DATE', { value });
  return { year, month, day };
}

export function assertIsoDate(value: IsoDate): IsoDate {
  parseIsoDate(value);
  return value;
}

export function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
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
  return formatIsoDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Negative, zero or positive as a is before, on or after b. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return daysBetween(b, a);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw new DomainError('INVALID_COUNT', { what: 'days', value: days });
  return fromEpochDay(toEpochDay(date) + days);
}

/** The same day of the month `months` later; a day the target month lacks rolls to the 1st of the next. */
export function anniversary(date: IsoDate, months: number): IsoDate {
  if (!Number.isSafeInteger(months)) throw new DomainError('INVALID_COUNT', { what: 'months', value: months });
  const { year, month, day } = parseIsoDate(date);
  const monthIndex = year * MONTHS_PER_YEAR + (month - 1) + months;
  const target = { year: Math.floor(monthIndex / MONTHS_PER_YEAR), month: (monthIndex % MONTHS_PER_YEAR) + 1 };
  if (target.year < 1 || target.year > 9999) throw new DomainError('INVALID_DATE', { value: date, months });
  if (day <= daysInMonth(target.year, target.month)) return formatIsoDate({ ...target, day });
  return addDays(formatIsoDate({ ...target, day: daysInMonth(target.year, target.month) }), 1);
}

/**
 * Last day covered by something valid `months` months from `from`, both ends inclusive:
 * the day before the anniversary, so that a renewal dated on the anniversary follows on
 * without a gap or an overlap.
 */
export function lastDayOfValidity(from: IsoDate, months: number): IsoDate {
  return addDays(anniversary(from, months), -1);
}
