import { DomainError } from '../../common/domain-error.js';
import { addMonths, assertIsoDate, compareDates } from './calendar.js';
import { type IsoDate } from './types.js';

/**
 * A mandate runs from its start date up to, not including, its end date: the successor's
 * mandate starts on that day. The end date is the start plus the term in calendar months,
 * clamped to the month's last day (2024-01-31 + 1 month = 2024-02-29), always counted from
 * the start rather than month by month.
 */

export type MandateStatus = 'not_started' | 'in_force' | 'ended';

export function mandateEndDate(startOn: IsoDate, termMonths: number): IsoDate {
  if (!Number.isSafeInteger(termMonths) || termMonths < 1) {
    throw new DomainError('INVALID_MANDATE_TERM', { termMonths });
  }
  return addMonths(assertIsoDate(startOn), termMonths);
}

export function mandateStatus(startOn: IsoDate, endOn: IsoDate, on: IsoDate): MandateStatus {
  if (compareDates(endOn, startOn) <= 0) throw new DomainError('MANDATE_ENDS_BEFORE_START', { startOn, endOn });
  if (compareDates(on, startOn) < 0) return 'not_started';
  return compareDates(on, endOn) < 0 ? 'in_force' : 'ended';
}
