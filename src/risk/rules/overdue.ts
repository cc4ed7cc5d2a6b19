import { DomainError } from '../../common/domain-error.js';
import { type FlagSeverity } from './categories.js';
import { type IsoDate } from '../../common/calendar-date.js';
import { startOfNextLocalDay } from '../../common/time-zone.js';
import { type FlagState, isActiveFlagState } from './lifecycle.js';

/**
 * When a flag or a corrective action is overdue.
 *
 * - A critical flag must be acknowledged within N hours of being raised (default 24, a
 *   per-cooperative setting). Exactly N hours after it was raised it is still on time; one
 *   millisecond later it is overdue.
 * - A corrective action is due on a calendar date at the site; it is overdue from the
 *   first instant of the following local day until it is done or cancelled.
 * - `overdueSince` is the instant the allowed time ran out (the acknowledgement deadline,
 *   or the start of the day after the due date), so a screen can say "overdue for 3 days".
 */

export const DEFAULT_CRITICAL_ACKNOWLEDGEMENT_HOURS = 24;

const MS_PER_HOUR = 3_600_000;

export interface OverdueStatus {
  readonly overdue: boolean;
  readonly overdueSince?: Date;
}

const ON_TIME: OverdueStatus = { overdue: false };

export interface FlagAcknowledgementFacts {
  readonly severity: FlagSeverity;
  readonly state: FlagState;
  readonly raisedAt: Date;
}

export interface AcknowledgementSettings {
  readonly criticalAcknowledgementHours?: number;
}

export function acknowledgementDeadline(raisedAt: Date, hours = DEFAULT_CRITICAL_ACKNOWLEDGEMENT_HOURS): Date {
  if (!Number.isSafeInteger(hours) || hours <= 0) {
    throw new DomainError('ACKNOWLEDGEMENT_HOURS_INVALID', { hours });
  }
  return new Date(raisedAt.getTime() + hours * MS_PER_HOUR);
}

/** Only a critical flag still in state 'open' can be late for acknowledgement. */
export function flagAcknowledgementOverdue(
  flag: FlagAcknowledgementFacts,
  now: Date,
  settings: AcknowledgementSettings = {},
): OverdueStatus {
  const deadline = acknowledgementDeadline(flag.raisedAt, settings.criticalAcknowledgementHours);
  if (flag.severity !== 'critical' || flag.state !== 'open') return ON_TIME;
  return now.getTime() > deadline.getTime() ? { overdue: true, overdueSince: deadline } : ON_TIME;
}

export const CORRECTIVE_ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;

export type CorrectiveActionStatus = (typeof CORRECTIVE_ACTION_STATUSES)[number];

export interface CorrectiveActionFacts {
  readonly status: CorrectiveActionStatus;
  readonly dueDate: IsoDate;
}

export interface LocalTimeSettings {
  /** The site's offset from UTC in minutes; required because the DRC spans two zones. */
  readonly utcOffsetMinutes: number;
}

export function correctiveActionOverdue(
  action: CorrectiveActionFacts,
  now: Date,
  { utcOffsetMinutes }: LocalTimeSettings,
): OverdueStatus {
  const dueDateOver = startOfNextLocalDay(action.dueDate, utcOffsetMinutes);
  if (action.status !== 'open') return ON_TIME;
  return now.getTime() >= dueDateOver.getTime() ? { overdue: true, overdueSince: dueDateOver } : ON_TIME;
}

export interface FlagOverdueFacts extends FlagAcknowledgementFacts {
  readonly correctiveActions?: readonly CorrectiveActionFacts[];
}

export type OverdueSettings = AcknowledgementSettings & LocalTimeSettings;

/**
 * A flag still being worked on is overdue when its acknowledgement is late or any of its
 * open corrective actions is; it is overdue since the earliest of those. A closed or
 * dismissed flag is never overdue, whatever its actions say.
 */
export function flagOverdue(flag: FlagOverdueFacts, now: Date, settings: OverdueSettings): OverdueStatus {
  const statuses = [
    flagAcknowledgementOverdue(flag, now, settings),
    ...(flag.correctiveActions ?? []).map((action) => correctiveActionOverdue(action, now, settings)),
  ];
  if (!isActiveFlagState(flag.state)) return ON_TIME;
  return earliestOverdue(statuses);
}

function earliestOverdue(statuses: readonly OverdueStatus[]): OverdueStatus {
  const since = statuses.flatMap((status) => (status.overdueSince ? [status.overdueSince.getTime()] : []));
  return since.length === 0 ? ON_TIME : { overdue: true, overdueSince: new Date(Math.min(...since)) };
}

export interface SiteFlagFacts extends FlagOverdueFacts {
  readonly siteId: string;
}

export interface SiteFlagSummary {
  readonly siteId: string;
  /** Flags still being worked on (open, acknowledged, in remediation, resolved). */
  readonly open: number;
  /** The part of `open` that is overdue. */
  readonly overdue: number;
  readonly closed: number;
  readonly dismissed: number;
}

/** One row per site that has at least one flag, ordered by site id. */
export function summariseFlagsBySite(
  flags: readonly SiteFlagFacts[],
  now: Date,
  settings: OverdueSettings,
): SiteFlagSummary[] {
  const bySite = new Map<string, { open: number; overdue: number; closed: number; dismissed: number }>();
  for (const flag of flags) {
    const counts = bySite.get(flag.siteId) ?? { open: 0, overdue: 0, closed: 0, dismissed: 0 };
    if (flag.state === 'closed') counts.closed += 1;
    else if (flag.state === 'dismissed') counts.dismissed += 1;
    else counts.open += 1;
    if (flagOverdue(flag, now, settings).overdue) counts.overdue += 1;
    bySite.set(flag.siteId, counts);
  }
  return [...bySite.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([siteId, counts]) => ({ siteId, ...counts }));
}
