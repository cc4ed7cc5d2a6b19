/**
 * The miners' names for the shared date kit (common/calendar-date): anniversaries roll a day
 * the target month lacks to the 1st of the next month (a person born on 29 February is one
 * year older on 1 March). Kept only so that its callers compile; import from common instead.
 */
export {
  addDays,
  addMonthsRollingOver as anniversary,
  assertIsoDate,
  type CalendarDate,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  formatIsoDate,
  type IsoDate,
  isLeapYear,
  lastDayOfValidity,
  parseIsoDate,
} from '../../common/calendar-date.js';
