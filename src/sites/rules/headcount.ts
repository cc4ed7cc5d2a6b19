import { instantAt, localDateIn } from '../../common/time-zone.js';
import type { HeadcountView, GatePresentPersonView } from '../dto/headcount.view.js';
import { type Overstay, overstay, type PresentMember, presenceByZone } from './presence.js';

/**
 * Each person is measured against the closing hour of the day they entered (local date):
 * someone inside since yesterday still shows at 2 a.m., someone who came in this morning
 * does not until today's closing hour. Earliest entry first.
 */
export function overstayByEntryDay(present: readonly PresentMember[], closingTime: string | null, timezone: string, now: Date): Overstay[] {
  if (closingTime === null) return [];
  const byEntryDate = new Map<string, PresentMember[]>();
  for (const member of present) {
    const date = localDateIn(timezone, member.enteredAt);
    const sameDay = byEntryDate.get(date);
    if (sameDay === undefined) byEntryDate.set(date, [member]);
    else sameDay.push(member);
  }
  return [...byEntryDate.entries()]
    .flatMap(([date, members]) => overstay(members, instantAt(timezone, date, closingTime), now))
    .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || (a.memberId < b.memberId ? -1 : 1));
}

export interface HeadcountSite {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly closing_time: string | null;
}

export interface HeadcountZone {
  readonly id: string;
  readonly name: string;
  readonly capacity: number | null;
}

/** A member inside, as gate_presence holds them, with their registry names. */
export interface InsideRow {
  readonly miner_id: string;
  readonly zone_id: string;
  readonly entered_at: Date;
  readonly member_number: string;
  readonly first_name: string;
  readonly middle_name: string | null;
  readonly last_name: string;
}

/** Who is inside now, per zone of the site (every zone listed, empty ones too), and who overstays. */
export function headcountOf(site: HeadcountSite, zones: readonly HeadcountZone[], timezone: string, inside: readonly InsideRow[], now: Date): HeadcountView {
  const rows = new Map(inside.map((row) => [row.miner_id, row]));
  const present: PresentMember[] = inside.map((row) => ({ memberId: row.miner_id, zoneId: row.zone_id, enteredAt: row.entered_at }));
  const personOf = (member: PresentMember): GatePresentPersonView => {
    const miner = rows.get(member.memberId);
    return {
      minerId: member.memberId,
      memberNumber: miner?.member_number ?? '',
      firstName: miner?.first_name ?? '',
      middleName: miner?.middle_name ?? null,
      lastName: miner?.last_name ?? '',
      zoneId: member.zoneId,
      enteredAt: member.enteredAt,
    };
  };
  const byZone = presenceByZone(present);
  return {
    siteId: site.id,
    siteName: site.name,
    siteCode: site.code,
    timezone,
    asOf: now,
    headcount: present.length,
    closingTime: site.closing_time,
    zones: zones.map((zone) => {
      const people = (byZone.get(zone.id) ?? []).map(personOf);
      return { zoneId: zone.id, name: zone.name, capacity: zone.capacity, count: people.length, people };
    }),
    overstay: overstayByEntryDay(present, site.closing_time, timezone, now).map((late) => ({
      ...personOf(late),
      minutesOver: late.minutesOver,
      enteredAfterClosing: late.enteredAfterClosing,
    })),
  };
}
