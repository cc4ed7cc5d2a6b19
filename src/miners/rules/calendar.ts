import { type IsoDate, isoDateRules } from '../../common/calendar-date.js';

/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings with no time zone: the day as the site lives it.
 * The arithmetic itself is shared (common/calendar-date); this module fixes the miners'
 * code for a date that is not one, INVALID_DATE, and their month convention.
 *
 * One convention runs through birthdays, card validity and training validity: when the
 * same day of the month does not exist in the target month (29 February in a common year,
 * 31 January + 1 month), the anniversary falls on the first day of the following month.
 * That is the common legal reading for a person born on 29 February (one year older on
 * 1 March), and it makes "valid N months" end on the last day of the shorter month.
 * Governance clamps to the last day of the month instead, for notice periods and mandates
 * (addMonthsClamped); the two are kept apart on purpose.
 */
export { type CalendarDate, daysInMonth, formatIsoDate, type IsoDate, isLeapYear } from '../../common/calendar-date.js';

export const {
  /** Throws INVALID_DATE unless the value is a real calendar date written 'YYYY-MM-DD'. */
  parseIsoDate,
  assertIsoDate,
  /** Whole days from `from` to `to`; negative when `to` is earlier. */
  daysBetween,
  /** Negative, zero or positive as a is before, on or after b. */
  compareIsoDates,
  /** Refuses a count that is not a safe integer with INVALID_COUNT. */
  addDays,
  /** The same day of the month `months` later; a day the target month lacks rolls to the 1st of the next. */
  addMonthsRollingOver: anniversary,
} = isoDateRules('INVALID_DATE');

/**
 * Last day covered by something valid `months` months from `from`, both ends inclusive:
 * the day before the anniversary, so that a renewal dated on the anniversary follows on
 * without a gap or an overlap.
 */
export function lastDayOfValidity(from: IsoDate, months: number): IsoDate {
  return addDays(anniversary(from, months), -1);
}
