import { domainErrorOf } from '../../common/thrown.fixture.js';
import {
  foldPresence,
  type GateEvent,
  headcountInZone,
  insideZoneOf,
  overstay,
  type PresentMember,
  presenceAfter,
  presenceByZone,
  presenceWriteOf,
} from './presence.js';

const at = (time: string): Date => new Date(`2026-06-15T${time}:00Z`);

function event(memberId: string, zoneId: string, direction: 'in' | 'out', time: string, allowed = true): GateEvent {
  return { memberId, zoneId, direction, capturedAt: at(time), allowed };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('presence folding', () => {
  it('has nobody inside without events', () => {
    expect(foldPresence([])).toEqual([]);
  });

  it('puts a member inside with the entry time, and out again', () => {
    expect(foldPresence([event('m1', 'pit', 'in', '07:00')])).toEqual([{ memberId: 'm1', zoneId: 'pit', enteredAt: at('07:00') }]);
    expect(foldPresence([event('m1', 'pit', 'in', '07:00'), event('m1', 'pit', 'out', '12:00')])).toEqual([]);
  });

  it('replays by capture time whatever the order of sync', () => {
    const events = [
      event('m1', 'pit', 'in', '07:00'),
      event('m1', 'pit', 'out', '12:00'),
      event('m1', 'pit', 'in', '13:00'),
      event('m2', 'pond', 'in', '08:00'),
      event('m2', 'pond', 'out', '09:00'),
    ];
    const expected = [{ memberId: 'm1', zoneId: 'pit', enteredAt: at('13:00') }];
    for (const order of permutations(events)) expect(foldPresence(order)).toEqual(expected);
  });

  it('ignores denied events', () => {
    expect(foldPresence([event('m1', 'pit', 'in', '07:00', false)])).toEqual([]);
    expect(foldPresence([event('m1', 'pit', 'in', '07:00'), event('m1', 'pit', 'out', '08:00', false)])).toHaveLength(1);
  });

  it('absorbs an event synced twice and a repeated scan, keeping the first entry time', () => {
    const twice = [event('m1', 'pit', 'in', '07:00'), event('m1', 'pit', 'in', '07:00')];
    expect(foldPresence(twice)).toEqual([{ memberId: 'm1', zoneId: 'pit', enteredAt: at('07:00') }]);
    const rescanned = [event('m1', 'pit', 'in', '07:30'), event('m1', 'pit', 'in', '07:00')];
    expect(foldPresence(rescanned)).toEqual([{ memberId: 'm1', zoneId: 'pit', enteredAt: at('07:00') }]);
    const outTwice = [event('m1', 'pit', 'in', '07:00'), event('m1', 'pit', 'out', '09:00'), event('m1', 'pit', 'out', '09:00')];
    expect(foldPresence(outTwice)).toEqual([]);
  });

  it('keeps on the muster list a member whose in and out carry the same instant', () => {
    for (const order of permutations([event('m1', 'pit', 'out', '07:00'), event('m1', 'pit', 'in', '07:00')])) {
      expect(foldPresence(order)).toEqual([{ memberId: 'm1', zoneId: 'pit', enteredAt: at('07:00') }]);
    }
  });

  it('moves a member let into another zone, with the new entry time', () => {
    const events = [event('m1', 'pit', 'in', '07:00'), event('m1', 'pond', 'in', '09:00')];
    expect(foldPresence(events)).toEqual([{ memberId: 'm1', zoneId: 'pond', enteredAt: at('09:00') }]);
  });

  it('decides two entries at the same instant into two zones the same way in any order', () => {
    const events = [event('m1', 'pond', 'in', '07:00'), event('m1', 'pit', 'in', '07:00')];
    const results = permutations(events).map((order) => foldPresence(order));
    expect(results[0]).toEqual([{ memberId: 'm1', zoneId: 'pond', enteredAt: at('07:00') }]);
    expect(results[1]).toEqual(results[0]);
  });

  it('ends presence on an out at any zone, and ignores an out with no presence', () => {
    expect(foldPresence([event('m1', 'pit', 'in', '07:00'), event('m1', 'pond', 'out', '10:00')])).toEqual([]);
    expect(foldPresence([event('m1', 'pit', 'out', '06:00'), event('m1', 'pit', 'in', '07:00')])).toHaveLength(1);
  });

  it('counts only events captured at or before the given instant', () => {
    const events = [event('m1', 'pit', 'in', '07:00'), event('m1', 'pit', 'out', '12:00'), event('m2', 'pit', 'in', '12:00')];
    expect(foldPresence(events, at('11:59')).map((member) => member.memberId)).toEqual(['m1']);
    expect(foldPresence(events, at('12:00')).map((member) => member.memberId)).toEqual(['m2']);
    expect(foldPresence(events, at('06:00'))).toEqual([]);
  });

  it('lists members by zone, then entry time, then member', () => {
    const events = [
      event('m3', 'pit', 'in', '08:00'),
      event('m1', 'pond', 'in', '06:00'),
      event('m2', 'pit', 'in', '07:00'),
      event('m4', 'pit', 'in', '07:00'),
    ];
    expect(foldPresence(events).map((member) => `${member.zoneId}:${member.memberId}`)).toEqual([
      'pit:m2',
      'pit:m4',
      'pit:m3',
      'pond:m1',
    ]);
  });

  it('refuses an event or a cutoff with an invalid instant', () => {
    const broken: GateEvent = { ...event('m1', 'pit', 'in', '07:00'), capturedAt: new Date('nonsense') };
    expect(domainErrorOf(() => foldPresence([broken])).code).toBe('INSTANT_INVALID');
    expect(domainErrorOf(() => foldPresence([], new Date(Number.NaN))).code).toBe('INSTANT_INVALID');
  });
});

describe('muster list and headcount', () => {
  const present: PresentMember[] = foldPresence([
    event('m1', 'pond', 'in', '06:00'),
    event('m2', 'pit', 'in', '08:00'),
    event('m3', 'pit', 'in', '07:00'),
  ]);

  it('groups who is inside by zone, in order of entry', () => {
    const byZone = presenceByZone(present);
    expect([...byZone.keys()]).toEqual(['pit', 'pond']);
    expect(byZone.get('pit')?.map((member) => member.memberId)).toEqual(['m3', 'm2']);
    expect(byZone.get('pond')?.map((member) => member.memberId)).toEqual(['m1']);
    expect(presenceByZone([]).size).toBe(0);
  });

  it('counts heads per zone and finds where a member is', () => {
    expect(headcountInZone(present, 'pit')).toBe(2);
    expect(headcountInZone(present, 'shaft')).toBe(0);
    expect(insideZoneOf(present, 'm1')).toBe('pond');
    expect(insideZoneOf(present, 'm9')).toBeNull();
  });
});

describe('overstay', () => {
  const closing = at('17:00');
  const present: PresentMember[] = [
    { memberId: 'm2', zoneId: 'pit', enteredAt: at('09:00') },
    { memberId: 'm1', zoneId: 'pond', enteredAt: at('07:00') },
    { memberId: 'm3', zoneId: 'pit', enteredAt: at('17:30') },
  ];

  it('reports nobody before or at closing time', () => {
    expect(overstay(present, closing, at('16:59'))).toEqual([]);
    expect(overstay(present, closing, closing)).toEqual([]);
  });

  it('reports everyone still inside after closing, longest inside first, with whole minutes over', () => {
    const asOf = new Date(at('17:45').getTime() + 59_999);
    expect(overstay(present, closing, asOf)).toEqual([
      { memberId: 'm1', zoneId: 'pond', enteredAt: at('07:00'), minutesOver: 45, enteredAfterClosing: false },
      { memberId: 'm2', zoneId: 'pit', enteredAt: at('09:00'), minutesOver: 45, enteredAfterClosing: false },
      { memberId: 'm3', zoneId: 'pit', enteredAt: at('17:30'), minutesOver: 45, enteredAfterClosing: true },
    ]);
  });

  it('does not count entry exactly at closing time as entering after closing', () => {
    const atClosing = [{ memberId: 'm4', zoneId: 'pit', enteredAt: closing }];
    expect(overstay(atClosing, closing, at('17:01'))).toEqual([
      { memberId: 'm4', zoneId: 'pit', enteredAt: closing, minutesOver: 1, enteredAfterClosing: false },
    ]);
  });

  it('refuses invalid instants', () => {
    expect(domainErrorOf(() => overstay(present, new Date(Number.NaN), at('18:00'))).code).toBe('INSTANT_INVALID');
  });
});

describe('presence once one more event is recorded', () => {
  const history = [
    event('m1', 'pit', 'in', '06:00'),
    event('m1', 'pit', 'out', '07:00'),
    event('m1', 'pit', 'in', '08:00'),
    event('m1', 'pond', 'in', '09:00'),
    event('m1', 'pond', 'out', '11:00'),
    event('m1', 'pit', 'in', '11:00'),
    event('m1', 'pit', 'in', '12:00'),
  ];
  const candidates = ['05:00', '07:00', '08:30', '10:00', '11:00', '11:30', '12:00', '13:00'].flatMap((time) =>
    (['pit', 'pond'] as const).flatMap((zone) => (['in', 'out'] as const).map((direction) => event('m1', zone, direction, time))),
  );

  it('is the fold of the whole history with it, read from any exit onwards, wherever the event lands in capture order', () => {
    for (const added of candidates) {
      const whole = foldPresence([...history, added])[0] ?? null;
      expect(presenceAfter(history, added)).toEqual(whole);
      for (const exit of history.filter((past) => past.direction === 'out')) {
        const sinceExit = history.filter((past) => past.capturedAt >= exit.capturedAt);
        expect(presenceAfter(sinceExit, added)).toEqual(whole);
      }
    }
  });

  it('keeps only the member of the event', () => {
    expect(presenceAfter([event('m2', 'pit', 'in', '06:00')], event('m1', 'pond', 'in', '07:00'))).toEqual({ memberId: 'm1', zoneId: 'pond', enteredAt: at('07:00') });
    expect(presenceAfter([], event('m1', 'pit', 'out', '07:00'))).toBeNull();
  });
});

describe('the presence write of a recorded event', () => {
  const inside: PresentMember = { memberId: 'm1', zoneId: 'pit', enteredAt: at('08:00') };
  const read = { events: [event('m1', 'pit', 'in', '08:00')], present: inside, allowedEvents: 5 };

  it('moves nobody for a denied event or an event of nobody, and checks nothing', () => {
    const nobody = { allowedEvents: null, moves: false, from: null, to: null };
    expect(presenceWriteOf({ ...event('m1', 'pit', 'out', '09:00'), allowed: false }, read)).toEqual(nobody);
    expect(presenceWriteOf({ ...event('m1', 'pit', 'out', '09:00'), memberId: null }, read)).toEqual(nobody);
  });

  it('removes the row on an exit, adds it on an entry, each on condition that the events read are still all', () => {
    expect(presenceWriteOf(event('m1', 'pit', 'out', '09:00'), read)).toEqual({ allowedEvents: 5, moves: true, from: inside, to: null });
    const entry = presenceWriteOf(event('m1', 'pond', 'in', '09:00'), { events: [], present: null, allowedEvents: 0 });
    expect(entry).toEqual({ allowedEvents: 0, moves: true, from: null, to: { memberId: 'm1', zoneId: 'pond', enteredAt: at('09:00') } });
  });

  it('keeps the row when the event changes nothing: a repeated entry, an exit synced before a later entry', () => {
    expect(presenceWriteOf(event('m1', 'pit', 'in', '08:30'), read)).toMatchObject({ allowedEvents: 5, moves: false, to: inside });
    expect(presenceWriteOf(event('m1', 'pit', 'out', '07:30'), read)).toMatchObject({ allowedEvents: 5, moves: false, to: inside });
  });

  it('moves the row to an earlier entry synced late, and rewrites a row that disagrees with the events', () => {
    expect(presenceWriteOf(event('m1', 'pit', 'in', '07:30'), read)).toEqual({
      allowedEvents: 5, moves: true, from: inside, to: { memberId: 'm1', zoneId: 'pit', enteredAt: at('07:30') },
    });
    expect(presenceWriteOf(event('m1', 'pit', 'in', '08:30'), { ...read, present: null })).toMatchObject({ moves: true, from: null, to: inside });
  });
});
