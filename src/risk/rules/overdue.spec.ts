import { FLAG_SEVERITIES, type FlagSeverity } from './categories.js';
import { FLAG_STATES, type FlagState } from './lifecycle.js';
import {
  acknowledgementDeadline,
  correctiveActionOverdue,
  type CorrectiveActionStatus,
  DEFAULT_CRITICAL_ACKNOWLEDGEMENT_HOURS,
  flagAcknowledgementOverdue,
  flagOverdue,
  type SiteFlagFacts,
  summariseFlagsBySite,
} from './overdue.js';

const HOUR = 3_600_000;
const RAISED = new Date('2025-03-14T08:30:00.000Z');
const KINSHASA = { utcOffsetMinutes: 60 };

function at(msAfterRaised: number): Date {
  return new Date(RAISED.getTime() + msAfterRaised);
}

function criticalFlag(state: FlagState = 'open', severity: FlagSeverity = 'critical') {
  return { severity, state, raisedAt: RAISED };
}

describe('acknowledgement of critical flags', () => {
  it('defaults to 24 hours', () => {
    expect(DEFAULT_CRITICAL_ACKNOWLEDGEMENT_HOURS).toBe(24);
    expect(acknowledgementDeadline(RAISED).toISOString()).toBe('2025-03-15T08:30:00.000Z');
  });

  it('is on time exactly 24 hours after the flag was raised', () => {
    expect(flagAcknowledgementOverdue(criticalFlag(), at(24 * HOUR))).toEqual({ overdue: false });
  });

  it('is overdue one millisecond after 24 hours, since the deadline', () => {
    const status = flagAcknowledgementOverdue(criticalFlag(), at(24 * HOUR + 1));
    expect(status.overdue).toBe(true);
    expect(status.overdueSince?.toISOString()).toBe('2025-03-15T08:30:00.000Z');
  });

  it('is on time when raised just now, and before it was raised', () => {
    expect(flagAcknowledgementOverdue(criticalFlag(), RAISED).overdue).toBe(false);
    expect(flagAcknowledgementOverdue(criticalFlag(), at(-HOUR)).overdue).toBe(false);
  });

  it('keeps the same overdueSince however late it is checked', () => {
    const status = flagAcknowledgementOverdue(criticalFlag(), at(30 * 24 * HOUR));
    expect(status).toEqual({ overdue: true, overdueSince: at(24 * HOUR) });
  });

  it('follows the cooperative setting, with the same boundary', () => {
    const settings = { criticalAcknowledgementHours: 6 };
    expect(flagAcknowledgementOverdue(criticalFlag(), at(6 * HOUR), settings).overdue).toBe(false);
    expect(flagAcknowledgementOverdue(criticalFlag(), at(6 * HOUR + 1), settings)).toEqual({
      overdue: true,
      overdueSince: at(6 * HOUR),
    });
    expect(flagAcknowledgementOverdue(criticalFlag(), at(24 * HOUR + 1), { criticalAcknowledgementHours: 48 }).overdue).toBe(false);
  });

  it.each([[0], [-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %d hours as a setting', (hours) => {
    expect(() => flagAcknowledgementOverdue(criticalFlag(), at(0), { criticalAcknowledgementHours: hours })).toThrow(
      'ACKNOWLEDGEMENT_HOURS_INVALID',
    );
  });

  it.each(FLAG_SEVERITIES.filter((severity) => severity !== 'critical'))(
    'never holds a %s flag overdue for acknowledgement',
    (severity) => {
      expect(flagAcknowledgementOverdue(criticalFlag('open', severity), at(1000 * HOUR)).overdue).toBe(false);
    },
  );

  it.each(FLAG_STATES.filter((state) => state !== 'open'))(
    'no longer waits for acknowledgement once the flag is %s',
    (state) => {
      expect(flagAcknowledgementOverdue(criticalFlag(state), at(1000 * HOUR)).overdue).toBe(false);
    },
  );
});

describe('corrective actions', () => {
  const dueOn14March = (status: CorrectiveActionStatus = 'open') => ({ status, dueDate: '2025-03-14' });

  it('is on time through the last millisecond of the due date at the site', () => {
    expect(correctiveActionOverdue(dueOn14March(), new Date('2025-03-14T22:59:59.999Z'), KINSHASA)).toEqual({
      overdue: false,
    });
  });

  it('is overdue from local midnight after the due date, since that midnight', () => {
    const midnightKinshasa = new Date('2025-03-14T23:00:00.000Z');
    expect(correctiveActionOverdue(dueOn14March(), midnightKinshasa, KINSHASA)).toEqual({
      overdue: true,
      overdueSince: midnightKinshasa,
    });
  });

  it('uses the site offset: the same instant is overdue in Lubumbashi and not in Kinshasa', () => {
    const instant = new Date('2025-03-14T22:30:00.000Z');
    expect(correctiveActionOverdue(dueOn14March(), instant, { utcOffsetMinutes: 120 }).overdue).toBe(true);
    expect(correctiveActionOverdue(dueOn14March(), instant, KINSHASA).overdue).toBe(false);
  });

  it.each<CorrectiveActionStatus>(['done', 'cancelled'])('is never overdue once %s', (status) => {
    expect(correctiveActionOverdue(dueOn14March(status), new Date('2026-01-01T00:00:00Z'), KINSHASA).overdue).toBe(false);
  });

  it('refuses a malformed due date or offset even for a finished action', () => {
    expect(() => correctiveActionOverdue({ status: 'done', dueDate: '2025-02-30' }, RAISED, KINSHASA)).toThrow(
      'DATE_INVALID',
    );
    expect(() => correctiveActionOverdue(dueOn14March(), RAISED, { utcOffsetMinutes: 900 })).toThrow(
      'UTC_OFFSET_INVALID',
    );
  });
});

describe('a flag with its corrective actions', () => {
  const settings = { utcOffsetMinutes: 0 };
  const lateAction = { status: 'open' as const, dueDate: '2025-03-10' };
  const laterAction = { status: 'open' as const, dueDate: '2025-03-12' };
  const futureAction = { status: 'open' as const, dueDate: '2025-12-31' };

  it('is overdue since its earliest late corrective action', () => {
    const flag = { ...criticalFlag('in_remediation', 'low'), correctiveActions: [laterAction, futureAction, lateAction] };
    expect(flagOverdue(flag, at(0), settings)).toEqual({
      overdue: true,
      overdueSince: new Date('2025-03-11T00:00:00.000Z'),
    });
  });

  it('takes the acknowledgement deadline when it came first', () => {
    const flag = { ...criticalFlag('open'), correctiveActions: [{ status: 'open' as const, dueDate: '2025-03-20' }] };
    expect(flagOverdue(flag, new Date('2025-03-25T00:00:00.000Z'), settings)).toEqual({
      overdue: true,
      overdueSince: at(24 * HOUR),
    });
  });

  it('is on time when nothing is late, with or without actions', () => {
    expect(flagOverdue(criticalFlag('open'), at(HOUR), settings)).toEqual({ overdue: false });
    expect(flagOverdue({ ...criticalFlag('acknowledged'), correctiveActions: [futureAction] }, at(0), settings)).toEqual({
      overdue: false,
    });
  });

  it.each<FlagState>(['closed', 'dismissed'])('is never overdue once %s, whatever its actions', (state) => {
    const flag = { ...criticalFlag(state), correctiveActions: [lateAction] };
    expect(flagOverdue(flag, at(1000 * HOUR), settings)).toEqual({ overdue: false });
  });

  it('counts a late action of a resolved flag awaiting closure', () => {
    expect(flagOverdue({ ...criticalFlag('resolved'), correctiveActions: [lateAction] }, at(0), settings).overdue).toBe(true);
  });
});

describe('summary of flags per site', () => {
  const settings = { utcOffsetMinutes: 60 };
  const now = at(48 * HOUR);
  const flag = (siteId: string, state: FlagState, severity: FlagSeverity = 'medium', raisedAt = RAISED): SiteFlagFacts => ({
    siteId,
    state,
    severity,
    raisedAt,
  });

  it('counts open, overdue, closed and dismissed flags per site, sites in id order', () => {
    const flags: SiteFlagFacts[] = [
      flag('site-b', 'open', 'critical'),
      flag('site-b', 'open', 'critical', at(47 * HOUR)),
      flag('site-a', 'acknowledged', 'high'),
      flag('site-a', 'in_remediation', 'low'),
      { ...flag('site-a', 'resolved', 'medium'), correctiveActions: [{ status: 'open', dueDate: '2025-03-01' }] },
      flag('site-a', 'closed', 'critical'),
      flag('site-b', 'dismissed', 'critical'),
      { ...flag('site-b', 'closed'), correctiveActions: [{ status: 'open', dueDate: '2025-03-01' }] },
    ];
    expect(summariseFlagsBySite(flags, now, settings)).toEqual([
      { siteId: 'site-a', open: 3, overdue: 1, closed: 1, dismissed: 0 },
      { siteId: 'site-b', open: 2, overdue: 1, closed: 1, dismissed: 1 },
    ]);
  });

  it('flips the overdue count at the acknowledgement boundary', () => {
    const flags = [flag('site-a', 'open', 'critical')];
    expect(summariseFlagsBySite(flags, at(24 * HOUR), settings)[0]?.overdue).toBe(0);
    expect(summariseFlagsBySite(flags, at(24 * HOUR + 1), settings)[0]?.overdue).toBe(1);
  });

  it('applies the acknowledgement setting', () => {
    const flags = [flag('site-a', 'open', 'critical')];
    expect(summariseFlagsBySite(flags, now, { ...settings, criticalAcknowledgementHours: 72 })[0]?.overdue).toBe(0);
  });

  it('returns no row for an empty list', () => {
    expect(summariseFlagsBySite([], now, settings)).toEqual([]);
  });
});
