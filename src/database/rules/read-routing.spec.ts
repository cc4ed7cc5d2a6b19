import { lsnValue, replayedUpTo, replicaCondition, routeRead, type ReplicaProbe } from './read-routing.js';

const standby = (overrides: Partial<ReplicaProbe> = {}): ReplicaProbe => ({ inRecovery: true, replayLsn: '0/3000060', lagSeconds: 0.2, ...overrides });

describe('lsnValue', () => {
  it('orders WAL positions as the log does, across the high word', () => {
    expect(lsnValue('0/0')).toBe(0n);
    expect(lsnValue('0/FFFFFFFF') < lsnValue('1/0')).toBe(true);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(lsnValue('0/3000060') > lsnValue('0/300005F')).toBe(true);
  });

  it('refuses what is not a WAL position', () => {
    expect(() => lsnValue('3000060')).toThrow(/not a WAL position/);
    expect(() => lsnValue('0/123456789')).toThrow(/not a WAL position/);
    expect(() => lsnValue('')).toThrow(/not a WAL position/);
  });
});

describe('replayedUpTo', () => {
  it('is true at and past the position, false before it or with nothing replayed', () => {
    expect(replayedUpTo('0/3000060', '0/3000060')).toBe(true);
    expect(replayedUpTo('1/0', '0/3000060')).toBe(true);
    expect(replayedUpTo('0/3000000', '0/3000060')).toBe(false);
    expect(replayedUpTo(null, '0/0')).toBe(false);
  });
});

describe('replicaCondition', () => {
  it('streams within the limit, lags beyond it or when the lag is unknown, and is no standby once promoted', () => {
    expect(replicaCondition(standby({ lagSeconds: 0 }), 30)).toBe('streaming');
    expect(replicaCondition(standby({ lagSeconds: 30 }), 30)).toBe('streaming');
    expect(replicaCondition(standby({ lagSeconds: 30.5 }), 30)).toBe('lagging');
    expect(replicaCondition(standby({ lagSeconds: null }), 30)).toBe('lagging');
    expect(replicaCondition(standby({ inRecovery: false, lagSeconds: 0 }), 30)).toBe('not-a-standby');
  });
});

describe('routeRead', () => {
  it('reads on the standby when it is within the limit and the caller wrote nothing it has not replayed', () => {
    expect(routeRead(standby(), null, 30)).toEqual({ to: 'replica' });
    expect(routeRead(standby(), '0/3000060', 30)).toEqual({ to: 'replica' });
    expect(routeRead(standby(), '0/2FFFFFF', 30)).toEqual({ to: 'replica' });
  });

  it("reads the caller's own write on the primary until the standby has replayed it", () => {
    expect(routeRead(standby(), '0/3000061', 30)).toEqual({ to: 'primary', why: 'own-write-not-replayed' });
    expect(routeRead(standby({ replayLsn: null }), '0/1', 30)).toEqual({ to: 'primary', why: 'own-write-not-replayed' });
  });

  it('reads on the primary when the standby lags beyond the limit or cannot tell its lag', () => {
    expect(routeRead(standby({ lagSeconds: 31 }), null, 30)).toEqual({ to: 'primary', why: 'lagging' });
    expect(routeRead(standby({ lagSeconds: null }), null, 30)).toEqual({ to: 'primary', why: 'lag-unknown' });
  });

  it('never reads on a promoted standby, whatever its lag', () => {
    expect(routeRead(standby({ inRecovery: false, lagSeconds: 0 }), null, 30)).toEqual({ to: 'primary', why: 'not-a-standby' });
  });
});
