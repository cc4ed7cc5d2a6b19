/**
 * The period a statement covers: two calendar days in the cooperative's time zone, both
 * included. An entry belongs to the day it happened there: a purchase to its capture time
 * (the weighing), a reversal to the time it was appended; the regulator's report counts the
 * same way.
 */
import { DomainError } from '../../../common/domain-error.js';
import { assertIsoDate, type IsoDate } from '../../../common/calendar-date.js';

export interface StatementPeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export function statementPeriod(from: IsoDate, to: IsoDate): StatementPeriod {
  assertIsoDate(from);
  assertIsoDate(to);
  // 'YYYY-MM-DD' strings compare in calendar order.
  if (to < from) throw new DomainError('STATEMENT_PERIOD_REVERSED', { from, to });
  return { from, to };
}

/** SQL for the local day an entry of purchase_ledger `p` belongs to, with cooperatives `c` joined. */
export const LEDGER_ENTRY_LOCAL_DAY = `((CASE p.kind WHEN 'reversal' THEN p.recorded_at ELSE coalesce(p.captured_at, p.recorded_at) END) AT TIME ZONE c.timezone)::date`;
