import { DomainError } from '../../common/domain-error.js';
import { ADULT_AGE, type Age, ageOn, type Birth, isAdultOn } from '../../miners/rules/age.js';
import { assertIsoDate, type IsoDate } from '../../common/calendar-date.js';
import {
  type CardStanding,
  cardStatusOn,
  DEFAULT_EXPIRING_WITHIN_DAYS,
  type MinerCard,
} from '../../miners/rules/card-status.js';
import { missingTrainings, type TrainingAttendance } from '../../miners/rules/certifications.js';
import { siteAuthorisationExpired } from '../authorisations/rules/authorisation-reminders.js';
import { type MembershipStatus } from '../../miners/rules/lifecycle.js';

/**
 * The site gate: one pure decision per scan, recorded whether it allows or denies.
 *
 * Choices, each of ours:
 * - Every reason that applies is returned, not the first one, so the record and the
 *   report of denials by reason are complete (a minor with an expired card at a closed
 *   site counts under all three). Reasons come in the order of REASON_ORDER.
 * - 'out' is always allowed: a gate must never trap anyone inside. It carries no reasons,
 *   only warnings that help reconcile the headcount: NOT_INSIDE (no entry on record),
 *   INSIDE_OTHER_ZONE (recorded inside another zone of the site), UNIDENTIFIED_EXIT.
 * - An invalid token means the identity is not established: the person the caller may have
 *   looked up from the unverified payload is ignored, and the reason is INVALID_TOKEN alone
 *   rather than NOT_A_MEMBER, which would claim more than is known. A genuine token that is no
 *   longer the member's current one (the card was reprinted, renewed or declared lost) is
 *   TOKEN_REVOKED, alone in the same way: whoever holds it may not be the member.
 * - Checks that need an identity (membership, age, card, trainings, already inside) are
 *   skipped for an unidentified person, who is denied anyway; checks on the place and the
 *   declarations (site closed, zone full, PPE, pregnancy) still apply, so the record says
 *   everything that was wrong.
 * - A card not yet valid on the date is NO_CARD (with the date it becomes valid): on that
 *   day the miner holds no card. An expiring card is allowed with a CARD_EXPIRING warning.
 * - A hazardous zone (pit, shaft, washing pond) always forbids pregnancy, whatever its
 *   setting: the ban on pregnant women is the law on mine sites; the setting extends it to
 *   other zones.
 * - Risk flags describe what the gate saw and are raised in both directions: a minor or a
 *   pregnant woman scanning out was inside. A registered member's age comes from the
 *   registry (estimated years counted as youngest possible); an unidentified person raises
 *   child_labour only when the officer reports that the person looks under 18, and that
 *   judgement is a flag, not the UNDER_18 reason, which rests on a recorded birth.
 */

export type GateDirection = 'in' | 'out';

export interface GatePerson {
  readonly memberId: string;
  readonly status: MembershipStatus;
  readonly birth: Birth;
  readonly cards: readonly MinerCard[];
  readonly trainings: readonly TrainingAttendance[];
  /** Zone of this site where the member is recorded inside, or null. */
  readonly insideZoneId: string | null;
}

export interface GateSite {
  readonly status: 'open' | 'closed';
  readonly closedReason?: string;
  /**
   * The earliest expiry date of the site's current authorisations (ZEA, exploitation
   * authorisation…), absent when none expires. Past it, entries are still decided on the
   * person and the zone, and the gate shows SITE_AUTHORISATION_EXPIRED: whether to close the
   * site is the admin's decision, not the gate's.
   */
  readonly authorisationsExpireOn?: IsoDate;
}

export interface GateZone {
  readonly id: string;
  readonly hazardous: boolean;
  readonly ppeRequired: readonly string[];
  readonly forbidsPregnancy: boolean;
  /** Null means no limit. */
  readonly capacity: number | null;
  readonly trainingsRequired: readonly string[];
  readonly currentCount: number;
}

export interface GateDeclarations {
  readonly ppeWorn: readonly string[];
  readonly pregnant?: boolean;
}

/** Per-cooperative settings; defaults from the miners' rules. */
export interface GateSettings {
  readonly adultAge?: number;
  readonly cardExpiringWithinDays?: number;
}

export interface GateInput {
  /** Null when the token is invalid or no member matches it. */
  readonly person: GatePerson | null;
  /** The scanned QR code failed its signature check. */
  readonly tokenInvalid: boolean;
  /** The scanned QR code is genuine but was replaced or declared lost. */
  readonly tokenRevoked?: boolean;
  /** The officer's judgement that an unidentified person looks under 18. */
  readonly unknownPersonApparentMinor?: boolean;
  readonly site: GateSite;
  readonly zone: GateZone;
  readonly direction: GateDirection;
  readonly at: Date;
  /** The site's local calendar date of `at`, computed by the caller. */
  readonly date: IsoDate;
  readonly declarations: GateDeclarations;
  readonly settings?: GateSettings;
}

export type GateReason =
  | { readonly code: 'INVALID_TOKEN' }
  | { readonly code: 'TOKEN_REVOKED' }
  | { readonly code: 'NOT_A_MEMBER' }
  | { readonly code: 'UNDER_18'; readonly age: Age }
  | { readonly code: 'ZONE_FORBIDS_PREGNANCY' }
  | { readonly code: 'MEMBERSHIP_NOT_ACTIVE'; readonly status: MembershipStatus }
  | { readonly code: 'NO_CARD'; readonly cardValidFrom: IsoDate | null }
  | { readonly code: 'CARD_EXPIRED'; readonly expiredOn: IsoDate }
  | { readonly code: 'TRAINING_MISSING'; readonly topics: readonly string[] }
  | { readonly code: 'SITE_CLOSED'; readonly closedReason: string | null }
  | { readonly code: 'ZONE_FULL'; readonly capacity: number }
  | { readonly code: 'PPE_MISSING'; readonly items: readonly string[] }
  | { readonly code: 'ALREADY_INSIDE'; readonly zoneId: string };

export type ReasonCode = GateReason['code'];

/** Identity first, then the safeguarding bans, the member's papers, the place, the person's presence. */
const REASON_RANK: Readonly<Record<ReasonCode, number>> = {
  INVALID_TOKEN: 0,
  TOKEN_REVOKED: 1,
  NOT_A_MEMBER: 2,
  UNDER_18: 3,
  ZONE_FORBIDS_PREGNANCY: 4,
  MEMBERSHIP_NOT_ACTIVE: 5,
  NO_CARD: 6,
  CARD_EXPIRED: 7,
  TRAINING_MISSING: 8,
  SITE_CLOSED: 9,
  ZONE_FULL: 10,
  PPE_MISSING: 11,
  ALREADY_INSIDE: 12,
};

export const REASON_ORDER: readonly ReasonCode[] = (Object.keys(REASON_RANK) as ReasonCode[]).sort(
  (a, b) => REASON_RANK[a] - REASON_RANK[b],
);

export type GateWarning =
  | { readonly code: 'CARD_EXPIRING'; readonly expiresOn: IsoDate; readonly daysUntilExpiry: number }
  | { readonly code: 'NOT_INSIDE' }
  | { readonly code: 'INSIDE_OTHER_ZONE'; readonly zoneId: string }
  | { readonly code: 'UNIDENTIFIED_EXIT' }
  | { readonly code: 'SITE_AUTHORISATION_EXPIRED'; readonly expiresOn: IsoDate };

export type GateFlag =
  | {
      readonly kind: 'child_labour';
      readonly basis: 'registered_birth';
      readonly memberId: string;
      readonly age: Age;
      readonly zoneId: string;
    }
  | {
      readonly kind: 'child_labour';
      readonly basis: 'apparent_age';
      readonly memberId: null;
      readonly age: null;
      readonly zoneId: string;
    }
  | { readonly kind: 'pregnancy_forbidden_zone'; readonly memberId: string | null; readonly zoneId: string };

export interface GateDecision {
  readonly allowed: boolean;
  readonly direction: GateDirection;
  readonly reasons: readonly GateReason[];
  readonly warnings: readonly GateWarning[];
  readonly flags: readonly GateFlag[];
  readonly at: Date;
}

interface Identified {
  readonly person: GatePerson;
  /** Null only on the way out when the recorded birth cannot be read (see exitIdentity). */
  readonly age: Age | null;
  readonly minor: boolean;
}

export function decideGateEntry(input: GateInput): GateDecision {
  if (input.direction === 'out') {
    const leaving = exitIdentity(input);
    const warnings = exitWarnings(input, leaving);
    return { allowed: true, direction: 'out', reasons: [], warnings, flags: riskFlags(input, leaving), at: input.at };
  }
  assertIsoDate(input.date);
  const identified = identify(input);
  const flags = riskFlags(input, identified);
  const card = identified === null ? null : cardStatusOn(identified.person.cards, input.date, expiringWindow(input));
  const reasons = [
    ...identityReasons(input, identified),
    ...(identified === null || card === null ? [] : memberReasons(input, identified, card)),
    ...placeReasons(input),
  ].sort((a, b) => REASON_RANK[a.code] - REASON_RANK[b.code]);
  const expiredOn = input.site.authorisationsExpireOn;
  const warnings: GateWarning[] = [
    ...(card?.status === 'expiring' ? [{ code: 'CARD_EXPIRING', expiresOn: card.card.expiresOn, daysUntilExpiry: card.daysUntilExpiry } as const] : []),
    ...(expiredOn !== undefined && siteAuthorisationExpired(expiredOn, input.date) ? [{ code: 'SITE_AUTHORISATION_EXPIRED', expiresOn: expiredOn } as const] : []),
  ];
  return { allowed: reasons.length === 0, direction: 'in', reasons, warnings, flags, at: input.at };
}

function identify(input: GateInput): Identified | null {
  const person = input.tokenInvalid || input.tokenRevoked === true ? null : input.person;
  if (person === null) return null;
  const minor = !isAdultOn(person.birth, input.date, input.settings?.adultAge ?? ADULT_AGE);
  return { person, age: ageOn(person.birth, input.date), minor };
}

/**
 * On the way out a birth record the rules cannot read (a data-entry error) must not throw
 * and block the exit: the person leaves, unflagged for age; the entry side reports the error.
 */
function exitIdentity(input: GateInput): Identified | null {
  try {
    return identify(input);
  } catch (error) {
    if (!(error instanceof DomainError) || input.person === null) throw error;
    return { person: input.person, age: null, minor: false };
  }
}

function expiringWindow(input: GateInput): number {
  return input.settings?.cardExpiringWithinDays ?? DEFAULT_EXPIRING_WITHIN_DAYS;
}

function pregnancyForbidden({ zone, declarations }: GateInput): boolean {
  return declarations.pregnant === true && (zone.hazardous || zone.forbidsPregnancy);
}

function identityReasons(input: GateInput, identified: Identified | null): GateReason[] {
  if (input.tokenInvalid) return [{ code: 'INVALID_TOKEN' }];
  if (input.tokenRevoked === true) return [{ code: 'TOKEN_REVOKED' }];
  return identified === null ? [{ code: 'NOT_A_MEMBER' }] : [];
}

function memberReasons(input: GateInput, { person, age, minor }: Identified, card: CardStanding): GateReason[] {
  const reasons: GateReason[] = [];
  if (person.status !== 'active') reasons.push({ code: 'MEMBERSHIP_NOT_ACTIVE', status: person.status });
  if (minor && age !== null) reasons.push({ code: 'UNDER_18', age });
  reasons.push(...cardReasons(card));
  const topics = missingTrainings(person.trainings, input.zone.trainingsRequired, input.date);
  if (topics.length > 0) reasons.push({ code: 'TRAINING_MISSING', topics });
  if (person.insideZoneId !== null) reasons.push({ code: 'ALREADY_INSIDE', zoneId: person.insideZoneId });
  return reasons;
}

function cardReasons(card: CardStanding): GateReason[] {
  switch (card.status) {
    case 'none':
      return [{ code: 'NO_CARD', cardValidFrom: null }];
    case 'not_yet_valid':
      return [{ code: 'NO_CARD', cardValidFrom: card.card.issuedOn }];
    case 'expired':
      return [{ code: 'CARD_EXPIRED', expiredOn: card.card.expiresOn }];
    case 'valid':
    case 'expiring':
      return [];
  }
}

function placeReasons(input: GateInput): GateReason[] {
  const { site, zone, declarations } = input;
  const reasons: GateReason[] = [];
  if (site.status === 'closed') reasons.push({ code: 'SITE_CLOSED', closedReason: site.closedReason ?? null });
  if (pregnancyForbidden(input)) reasons.push({ code: 'ZONE_FORBIDS_PREGNANCY' });
  if (zone.capacity !== null && zone.currentCount >= zone.capacity) {
    reasons.push({ code: 'ZONE_FULL', capacity: zone.capacity });
  }
  const worn = new Set(declarations.ppeWorn);
  const items = [...new Set(zone.ppeRequired)].filter((item) => !worn.has(item));
  if (items.length > 0) reasons.push({ code: 'PPE_MISSING', items });
  return reasons;
}

function riskFlags(input: GateInput, identified: Identified | null): GateFlag[] {
  const zoneId = input.zone.id;
  const flags: GateFlag[] = [];
  if (identified?.minor === true && identified.age !== null) {
    const { person, age } = identified;
    flags.push({ kind: 'child_labour', basis: 'registered_birth', memberId: person.memberId, age, zoneId });
  }
  if (identified === null && input.unknownPersonApparentMinor === true) {
    flags.push({ kind: 'child_labour', basis: 'apparent_age', memberId: null, age: null, zoneId });
  }
  if (pregnancyForbidden(input)) {
    flags.push({ kind: 'pregnancy_forbidden_zone', memberId: identified?.person.memberId ?? null, zoneId });
  }
  return flags;
}

function exitWarnings({ zone }: GateInput, identified: Identified | null): GateWarning[] {
  if (identified === null) return [{ code: 'UNIDENTIFIED_EXIT' }];
  const insideZoneId = identified.person.insideZoneId;
  if (insideZoneId === null) return [{ code: 'NOT_INSIDE' }];
  return insideZoneId === zone.id ? [] : [{ code: 'INSIDE_OTHER_ZONE', zoneId: insideZoneId }];
}
