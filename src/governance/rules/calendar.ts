/**
 * Governance's names for the shared date kit (common/calendar-date): months clamp to the last
 * day of the target month (31 January + 1 month = 28 or 29 February), as notice periods and
 * mandates are read. Kept only so that its callers compile; import from common instead.
 */
export {
  addDays,
  addMonthsClamped as addMonths,
  assertIsoDate,
  compareIsoDates as compareDates,
  daysBetween,
  daysInMonth,
} from '../../common/calendar-date.js';
