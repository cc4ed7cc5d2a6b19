import { headcountOf, overstayByEntryDay } from './headcount.js';

const TZ = 'Africa/Lubumbashi'; // UTC+2
const SITE = { id: 's1', name: 'Kalimbi', code: 'KAL', closing_time: '17:00' };
const ZONES = [{ id: 'z1', name: 'Pit', capacity: 2 }, { id: 'z2', name: 'Camp', capacity: null }];
const row = (minerId: string, zoneId: string, enteredAt: string) => ({
  miner_id: minerId, zone_id: zoneId, entered_at: new Date(enteredAt), member_number: `N-${minerId}`, first_name: 'A', middle_name: null, last_name: 'B',
});

describe('headcount', () => {
  it('measures each person against the closing hour of the day they entered', () => {
    const present = [
      { memberId: 'yesterday', zoneId: 'z1', enteredAt: new Date('2026-06-14T06:00:00Z') },
      { memberId: 'today', zoneId: 'z1', enteredAt: new Date('2026-06-15T06:00:00Z') },
    ];
    const late = overstayByEntryDay(present, '17:00', TZ, new Date('2026-06-15T00:00:00Z'));
    expect(late.map((person) => [person.memberId, person.minutesOver])).toEqual([['yesterday', 540]]); // since 15:00Z on the 14th
    expect(overstayByEntryDay(present, null, TZ, new Date('2026-06-16T00:00:00Z'))).toEqual([]);
  });

  it('lists every zone with its people, the total, and who overstays', () => {
    const now = new Date('2026-06-15T16:00:00Z');
    const view = headcountOf(SITE, ZONES, TZ, [row('m1', 'z1', '2026-06-15T06:00:00Z'), row('m2', 'z1', '2026-06-15T07:00:00Z')], now);
    expect(view).toMatchObject({ siteId: 's1', siteName: 'Kalimbi', siteCode: 'KAL', timezone: TZ, asOf: now, headcount: 2, closingTime: '17:00' });
    expect(view.zones.map((zone) => [zone.zoneId, zone.count])).toEqual([['z1', 2], ['z2', 0]]);
    expect(view.zones[0].people[0]).toEqual({
      minerId: 'm1', memberNumber: 'N-m1', firstName: 'A', middleName: null, lastName: 'B', zoneId: 'z1', enteredAt: new Date('2026-06-15T06:00:00Z'),
    });
    expect(view.overstay.map((person) => [person.minerId, person.minutesOver, person.enteredAfterClosing])).toEqual([['m1', 60, false], ['m2', 60, false]]);
  });
});
