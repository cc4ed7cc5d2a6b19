import { DomainError } from './domain-error.js';

/**
 * Calendar dates written 'YYYY-MM-DD', with no time zone: the day as the site lives it.
 * A date is turned into a count of days since 1970-01-01 (its epoch day) and back, so
 * that day arithmetic never passes through local time or daylight saving.
 *
 * The one date kit of every module: a date that is not one is refused with DATE_INVALID
 * (`{ value }`), a count of days or months that is not a safe integer with INVALID_COUNT.
 */
export type IsoDate = string;

/** The shape of a calendar date in a request body; whether the day exists is the rules' check. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The one error code of a date that is not one. */
export const DATE_INVALID = 'DATE_INVALID';

/** The first year an ISO date may carry: the calendar has no year 0. */
export const FIRST_YEAR = 1;
/** The last year that fits in 'YYYY'. */
export const LAST_YEAR = 9999;
/**
 * Date.UTC reads the years 0-99 as 1900-1999, so rules that used to validate dates with
 * it refused every year before 100; they pass this as the first year to keep doing so.
 */
export const FIRST_YEAR_READ_BY_DATE_UTC = 100;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const MONTHS_PER_YEAR = 12;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 28 to 31; `month` counts from 1. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The date, or null unless the value is a real calendar day written 'YYYY-MM-DD' in a year from `firstYear`. */
export function readIsoDate(value: IsoDate, firstYear: number = FIRST_YEAR): CalendarDate | null {
  const match = ISO_DATE.exec(value);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const real = year >= firstYear && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  return real ? { year, month, day } : null;
}

/** Like readIsoDate, but throws DATE_INVALID instead of answering null. */
export function parseIsoDate(value: IsoDate, firstYear: number = FIRST_YEAR): CalendarDate {
  const date = readIsoDate(value, firstYear);
  if (date === null) throw new DomainError(DATE_INVALID, { value });
  return date;
}

/** The value itself, once parseIsoDate has accepted it. */
export function assertIsoDate(value: IsoDate, firstYear: number = FIRST_YEAR): IsoDate {
  parseIsoDate(value, firstYear);
  return value;
}

export function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01, negative before it. */
export function epochDayOf({ year, month, day }: CalendarDate): number {
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** The date `epochDay` days after 1970-01-01; a fractional day counts as the day it falls in. */
export function isoDateOfEpochDay(epochDay: number): IsoDate {
  const date = new Date(epochDay * MS_PER_DAY);
  return formatIsoDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

/** Days since 1970-01-01 of a date written 'YYYY-MM-DD'; refuses '2025-02-30' rather than rolling it into March. */
export function toEpochDay(value: IsoDate, firstYear: number = FIRST_YEAR): number {
  return epochDayOf(parseIsoDate(value, firstYear));
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Negative, zero or positive as a is before, on or after b. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return toEpochDay(a) - toEpochDay(b);
}

/** The date `days` days later (earlier when negative); refuses a count that is not a safe integer with INVALID_COUNT. */
export function addDays(date: IsoDate, days: number): IsoDate {
  assertCount('days', days);
  return isoDateOfEpochDay(toEpochDay(date) + days);
}

/*
 * Adding months. When the target month lacks the day (31 January + 1 month, 29 February +
 * 1 year) the rules of the trade disagree, on purpose, so there are two functions:
 *
 * - addMonthsClamped: the last day of the target month (31 January + 1 month = 28 or
 *   29 February). Governance counts notice periods and mandates this way, as bylaws and
 *   statutes do: "one month after 31 January" is the end of February.
 * - addMonthsRollingOver: the 1st of the following month (31 January + 1 month = 1 March).
 *   Miners count ages and validity this way: a person born on 29 February is one year
 *   older on 1 March, and "valid N months" then ends on the last day of the shorter month.
 *
 * Both count from the original date, never month by month, since clamping cannot be undone.
 */

/** `months` months later (earlier when negative), a day the target month lacks clamped to its last day. */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const { target, day } = shiftMonths(date, months);
  return formatIsoDate({ ...target, day: Math.min(day, daysInMonth(target.year, target.month)) });
}

/** `months` months later (earlier when negative), a day the target month lacks rolled to the 1st of the next month. */
export function addMonthsRollingOver(date: IsoDate, months: number): IsoDate {
  const { target, day } = shiftMonths(date, months);
  const lastDay = daysInMonth(target.year, target.month);
  if (day <= lastDay) return formatIsoDate({ ...target, day });
  return isoDateOfEpochDay(epochDayOf({ ...target, day: lastDay }) + 1);
}

/** The year and month `months` after those of `date`, with the day of `date`; refuses leaving the four-digit years. */
function shiftMonths(date: IsoDate, months: number): { target: { year: number; month: number }; day: number } {
  assertCount('months', months);
  const { year, month, day } = parseIsoDate(date);
  const monthIndex = year * MONTHS_PER_YEAR + (month - 1) + months;
  const target = { year: Math.floor(monthIndex / MONTHS_PER_YEAR), month: (monthIndex % MONTHS_PER_YEAR) + 1 };
  if (target.year < FIRST_YEAR || target.year > LAST_YEAR) throw new DomainError(DATE_INVALID, { value: date, months });
  return { target, day };
}

/**
 * Last day covered by something valid `months` months from `from`, both ends inclusive: the
 * day before the anniversary (addMonthsRollingOver), so that a renewal dated on the
 * anniversary follows on without a gap or an overlap. Miners' cards and trainings.
 */
export function lastDayOfValidity(from: IsoDate, months: number): IsoDate {
  return addDays(addMonthsRollingOver(from, months), -1);
}

/*
 * The day counts of savings and risk, which have always refused any year before 100 (they
 * used Date.UTC) and, for savings, never refused a fractional count of days.
 */

/** Days since 1970-01-01 of a date from the year 100 on. */
export function dayNumberFromYear100(date: IsoDate): number {
  return toEpochDay(date, FIRST_YEAR_READ_BY_DATE_UTC);
}

/** The date itself, once it is a real day from the year 100 on. */
export function assertIsoDateFromYear100(date: IsoDate): IsoDate {
  return assertIsoDate(date, FIRST_YEAR_READ_BY_DATE_UTC);
}

/** Whole days from `from` to `to`, both from the year 100 on; negative when `to` is earlier. */
export function daysBetweenFromYear100(from: IsoDate, to: IsoDate): number {
  return dayNumberFromYear100(to) - dayNumberFromYear100(from);
}

/** The date `days` days later, from the year 100 on; a fractional count is not refused. */
export function addDaysFromYear100(date: IsoDate, days: number): IsoDate {
  return isoDateOfEpochDay(dayNumberFromYear100(date) + days);
}

function assertCount(what: 'days' | 'months', value: number): void {
  if (!Number.isSafeInteger(value)) throw new DomainError('INVALID_COUNT', { what, value });
}
