/** The day of a sale or a buyer's measurement: given by the client, or today in the cooperative's time zone. */
import { assertIsoDate, type IsoDate } from '../../../common/calendar-date.js';
import { DomainError } from '../../../common/domain-error.js';

/** A day given by the client, or `today`; never after today (refused with `futureCode`). */
export function dayNotAfterToday(given: string | undefined, today: IsoDate, futureCode: string): IsoDate {
  const day = given === undefined ? today : assertIsoDate(given);
  if (day > today) throw new DomainError(futureCode, { day, today });
  return day;
}
