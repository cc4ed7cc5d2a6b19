/**
 * Savings' names for the shared date kit (common/calendar-date): meetings happen on days, not
 * instants; years before 100 are refused and a fractional count of days is not, as always.
 * Kept only so that its callers compile; import from common instead.
 */
export {
  addDaysFromYear100 as addDays,
  dayNumberFromYear100 as dayNumber,
  type IsoDate,
} from '../../common/calendar-date.js';
import { dayNumberFromYear100, type IsoDate } from '../../common/calendar-date.js';

export function requireIsoDate(date: IsoDate): IsoDate {
  dayNumberFromYear100(date);
  return date;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumberFromYear100(to) - dayNumberFromYear100(from);
}
