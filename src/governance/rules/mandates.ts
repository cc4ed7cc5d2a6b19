import { DomainError } from '../../common/domain-error.js';
import { addMonthsClamped, assertIsoDate, compareIsoDates } from '../../common/calendar-date.js';
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
  return addMonthsClamped(assertIsoDate(startOn), termMonths);
}

export function mandateStatus(startOn: IsoDate, endOn: IsoDate, on: IsoDate): MandateStatus {
  if (compareIsoDates(endOn, startOn) <= 0) throw new DomainError('MANDATE_ENDS_BEFORE_START', { startOn, endOn });
  if (compareIsoDates(on, startOn) < 0) return 'not_started';
  return compareIsoDates(on, endOn) < 0 ? 'in_force' : 'ended';
}
