import { DomainError } from '../../common/domain-error.js';
import { assertIsoDate, compareIsoDates, daysBetween, type IsoDate, lastDayOfValidity } from '../../common/calendar-date.js';

/** A reporting period: inclusive local dates in the cooperative's time zone. */
export interface ReportPeriod {
  /** 'YYYY-MM', 'YYYY-Qn', 'YYYY' or 'FROM..TO' for any other span. */
  readonly key: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export interface PeriodInput {
  readonly period?: string;
  readonly periodFrom?: string;
  readonly periodTo?: string;
}

/** A year is the longest period a report covers (the regulator asks for month, quarter, year). */
export const MAX_PERIOD_DAYS = 366;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

function span(key: string, from: IsoDate, months: number): ReportPeriod {
  return { key, from, to: lastDayOfValidity(from, months) };
}

/** Either a named period or both dates; never both, never neither. */
export function resolvePeriod(input: PeriodInput): ReportPeriod {
  const named = input.period !== undefined;
  const dated = input.periodFrom !== undefined || input.periodTo !== undefined;
  if (named === dated) throw new DomainError('REPORT_PERIOD_REQUIRED', {}, 'invalid');
  if (named) {
    const period = input.period ?? '';
    const month = MONTH.exec(period);
    if (month) return span(period, `${month[1]}-${month[2]}-01`, 1);
    const quarter = QUARTER.exec(period);
    if (quarter) {
      const firstMonth = (Number(quarter[2]) - 1) * 3 + 1;
      return span(period, `${quarter[1]}-${String(firstMonth).padStart(2, '0')}-01`, 3);
    }
    const year = YEAR.exec(period);
    if (year) return span(period, `${year[1]}-01-01`, 12);
    throw new DomainError('REPORT_PERIOD_INVALID', { period }, 'invalid');
  }
  if (input.periodFrom === undefined || input.periodTo === undefined) throw new DomainError('REPORT_PERIOD_REQUIRED', {}, 'invalid');
  const from = assertIsoDate(input.periodFrom);
  const to = assertIsoDate(input.periodTo);
  if (compareIsoDates(to, from) < 0) throw new DomainError('REPORT_PERIOD_REVERSED', { from, to }, 'invalid');
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) throw new DomainError('REPORT_PERIOD_TOO_LONG', { from, to, maxDays: MAX_PERIOD_DAYS }, 'invalid');
  return { key: `${from}..${to}`, from, to };
}

/** Up to a month a report is generated within the request; anything longer is a background job. */
export const SYNCHRONOUS_MAX_DAYS = 31;

/**
 * Whether a generation runs as a background job: for periods longer than a month, or when
 * the client asks for it with `Prefer: respond-async` (RFC 7240).
 */
export function generatesInBackground(period: ReportPeriod, prefer: string | undefined): boolean {
  const asked = (prefer ?? '').split(',').some((preference) => preference.split(';')[0].trim().toLowerCase() === 'respond-async');
  return asked || daysBetween(period.from, period.to) + 1 > SYNCHRONOUS_MAX_DAYS;
}
