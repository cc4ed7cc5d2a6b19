import { DomainError } from '../../common/domain-error.js';
import { type GateDirection } from './gate-decision.js';

/**
 * Who is inside, folded from gate events that offline phones sync late and out of order.
 *
 * Choices, each of ours:
 * - Events are replayed in order of capture time. At the same instant an 'out' comes before
 *   an 'in', so that an uncertain person ends up on the muster list, where a roll call
 *   settles it; the opposite error would leave someone possibly trapped off the list. Ties
 *   are then broken by member and zone so that any sync order gives the same result.
 * - Denied events are ignored: they moved nobody.
 * - A member is inside at most one zone of the site. An 'out' at any zone ends the
 *   member's presence (they passed a gate outward); an 'out' with no presence is a no-op.
 * - An 'in' at the zone the member is already in keeps the first entry time (a repeated
 *   scan or the same event synced twice); an 'in' at another zone moves the member there
 *   with that entry time (two offline phones each let the member through).
 */

export interface GateEvent {
  readonly memberId: string;
  readonly zoneId: string;
  readonly direction: GateDirection;
  readonly capturedAt: Date;
  readonly allowed: boolean;
}

export interface PresentMember {
  readonly memberId: string;
  readonly zoneId: string;
  readonly enteredAt: Date;
}

export interface Overstay extends PresentMember {
  /** Whole minutes (rounded down) from closing time to `asOf`. */
  readonly minutesOver: number;
  /** Went in after the site had closed, not merely stayed on. */
  readonly enteredAfterClosing: boolean;
}

const MS_PER_MINUTE = 60_000;

function timeOf(instant: Date, what: string): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new DomainError('INSTANT_INVALID', { what });
  return ms;
}

function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function replayOrder(a: GateEvent, b: GateEvent): number {
  return (
    a.capturedAt.getTime() - b.capturedAt.getTime() ||
    (a.direction === b.direction ? 0 : a.direction === 'out' ? -1 : 1) ||
    byText(a.memberId, b.memberId) ||
    byText(a.zoneId, b.zoneId)
  );
}

function presenceOrder(a: PresentMember, b: PresentMember): number {
  return byText(a.zoneId, b.zoneId) || a.enteredAt.getTime() - b.enteredAt.getTime() || byText(a.memberId, b.memberId);
}

/** Members inside, by zone then entry time; only events captured at or before `asOf` count when it is given. */
export function foldPresence(events: readonly GateEvent[], asOf?: Date): PresentMember[] {
  const cutoff = asOf === undefined ? Number.POSITIVE_INFINITY : timeOf(asOf, 'asOf');
  const replayed = events
    .filter((event) => event.allowed && timeOf(event.capturedAt, 'capturedAt') <= cutoff)
    .sort(replayOrder);
  const inside = new Map<string, PresentMember>();
  for (const event of replayed) apply(inside, event);
  return [...inside.values()].sort(presenceOrder);
}

function apply(inside: Map<string, PresentMember>, event: GateEvent): void {
  const { memberId, zoneId, capturedAt } = event;
  if (event.direction === 'out') {
    inside.delete(memberId);
    return;
  }
  if (inside.get(memberId)?.zoneId !== zoneId) inside.set(memberId, { memberId, zoneId, enteredAt: capturedAt });
}

/** The muster list per zone, each in order of entry. */
export function presenceByZone(present: readonly PresentMember[]): Map<string, PresentMember[]> {
  const byZone = new Map<string, PresentMember[]>();
  for (const member of [...present].sort(presenceOrder)) {
    const zone = byZone.get(member.zoneId);
    if (zone === undefined) byZone.set(member.zoneId, [member]);
    else zone.push(member);
  }
  return byZone;
}

export function insideZoneOf(present: readonly PresentMember[], memberId: string): string | null {
  return present.find((member) => member.memberId === memberId)?.zoneId ?? null;
}

export function headcountInZone(present: readonly PresentMember[], zoneId: string): number {
  return present.filter((member) => member.zoneId === zoneId).length;
}

/**
 * Everyone still inside at `asOf` once the site closed at `closingTime`, longest inside
 * first (the first to look for); nobody before closing time.
 */
export function overstay(present: readonly PresentMember[], closingTime: Date, asOf: Date): Overstay[] {
  const closingMs = timeOf(closingTime, 'closingTime');
  const asOfMs = timeOf(asOf, 'asOf');
  if (asOfMs <= closingMs) return [];
  const minutesOver = Math.floor((asOfMs - closingMs) / MS_PER_MINUTE);
  return [...present]
    .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || byText(a.memberId, b.memberId))
    .map((member) => ({ ...member, minutesOver, enteredAfterClosing: member.enteredAt.getTime() > closingMs }));
}

/**
 * Where the member is once one more allowed event of theirs is recorded. `events` are their
 * allowed events from one of their exits onwards (that exit included, or all of them): folding
 * them with the new one gives what folding their whole history with it gives, wherever in
 * capture order the new event lands.
 */
export function presenceAfter(events: readonly GateEvent[], event: GateEvent): PresentMember | null {
  return foldPresence([...events, event]).find((member) => member.memberId === event.memberId) ?? null;
}

function samePresence(a: PresentMember | null, b: PresentMember | null): boolean {
  if (a === null || b === null) return a === b;
  return a.memberId === b.memberId && a.zoneId === b.zoneId && a.enteredAt.getTime() === b.enteredAt.getTime();
}

/** How recording one scan moves its member's presence row and the zones' headcounts. */
export interface PresenceWrite {
  /** The member's allowed events the decision read, to check they are still all; null when the scan moves nobody. */
  readonly allowedEvents: number | null;
  /** The row changes: from `from` (null: no row) to `to` (null: the row goes). */
  readonly moves: boolean;
  readonly from: PresentMember | null;
  readonly to: PresentMember | null;
}

/** What the member's presence was read as, for presenceWriteOf. */
export interface PresenceRead {
  readonly events: readonly GateEvent[];
  /** The member's row in the presence table. */
  readonly present: PresentMember | null;
  readonly allowedEvents: number;
}

const MOVES_NOBODY: PresenceWrite = { allowedEvents: null, moves: false, from: null, to: null };

/**
 * The presence write of a recorded event: a denied event or one of nobody moves nothing; an
 * allowed event of a member rewrites their row to the fold of their events with it (the row
 * kept when that changes nothing), on condition that their events are still those read.
 */
export function presenceWriteOf(event: Omit<GateEvent, 'memberId'> & { readonly memberId: string | null }, read: PresenceRead): PresenceWrite {
  if (!event.allowed || event.memberId === null) return MOVES_NOBODY;
  const to = presenceAfter(read.events, { ...event, memberId: event.memberId });
  return { allowedEvents: read.allowedEvents, moves: !samePresence(read.present, to), from: read.present, to };
}
