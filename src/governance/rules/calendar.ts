import { isoDateRules } from '../../common/calendar-date.js';

/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings, with no time zone involved. The arithmetic
 * itself is shared (common/calendar-date); this module fixes governance's code for a date
 * that is not one, INVALID_DATE, and its month convention: month arithmetic clamps to the
 * last day of the target month (31 January + 1 month = 28 or 29 February), as notice
 * periods and mandates are read, and always counts from the original date, because
 * clamping is not reversible. The miners roll a missing day to the 1st of the next month
 * instead, for birthdays and validity (addMonthsRollingOver); the two are kept apart on purpose.
 */
export { daysInMonth } from '../../common/calendar-date.js';

export const {
  /** Throws INVALID_DATE unless the value is a real calendar date in 'YYYY-MM-DD' form. */
  assertIsoDate,
  /** Whole days from `from` to `to`; negative when `to` is earlier. */
  daysBetween,
  /** Refuses a count that is not a safe integer with INVALID_COUNT. */
  addDays,
  /** `months` months later (earlier when negative), clamped to the last day of the target month. */
  addMonthsClamped: addMonths,
  /** Negative, zero or positive as a is before, on or after b. */
  compareIsoDates: compareDates,
} = isoDateRules('INVALID_DATE');
