import { DomainError } from '../../common/domain-error.js';
import type { CardTokenClaims } from '../../miners/card-token.js';
import { parseMemberNumber } from '../../miners/rules/member-number.js';
import type { GateAttemptFacts } from '../../risk/rules/auto-rules.js';
import type { GateDeclarationsRecord, IdentifiedBy } from '../gate-event.entity.js';
import type { GateDecision, GateDirection, GateSite, GateZone } from './gate-decision.js';
import { cleanList, zoneSettingsOf, type ZoneValues } from './site-values.js';

/**
 * What the server does with one scan around the pure decision (gate-decision.ts): how far
 * the phone's capture time may be trusted, who the scan names, and what of the decision
 * is recorded and raised as a flag.
 */

const MS_PER_MINUTE = 60_000;
/** A phone's clock may run this far ahead of the server's. */
export const MAX_AHEAD_MINUTES = 5;
/** An offline phone may sync a scan this late. */
export const MAX_AGE_DAYS = 7;

/** The capture time the phone reports, refused when unreadable, from the future or too old. */
export function boundedCaptureTime(value: string, now: Date): Date {
  const capturedAt = new Date(value);
  const latest = new Date(now.getTime() + MAX_AHEAD_MINUTES * MS_PER_MINUTE);
  const earliest = new Date(now.getTime() - MAX_AGE_DAYS * 24 * 60 * MS_PER_MINUTE);
  if (Number.isNaN(capturedAt.getTime()) || capturedAt > latest || capturedAt < earliest) {
    throw new DomainError('CAPTURED_AT_OUT_OF_RANGE', { capturedAt: value, earliest: earliest.toISOString(), latest: latest.toISOString() });
  }
  return capturedAt;
}

export interface ScannedIdentity {
  readonly qrToken?: string;
  readonly memberNumber?: string;
  readonly unknownPerson?: { readonly description: string; readonly apparentMinor: boolean };
}

export interface ScanIdentity {
  readonly identifiedBy: IdentifiedBy;
  /** The member number typed, in its canonical form. */
  readonly memberNumber: string | null;
  /** The token's claims when its signature holds and it is of this cooperative. */
  readonly claims: CardTokenClaims | null;
  /** A token was scanned and is not a genuine token of this cooperative. */
  readonly tokenInvalid: boolean;
}

/** Exactly one of a QR token, a member number or an unknown person; `verify` checks a token's signature. */
export function scanIdentityOf(scan: ScannedIdentity, cooperativeId: string, verify: (token: string) => CardTokenClaims | null): ScanIdentity {
  const given = [scan.qrToken, scan.memberNumber, scan.unknownPerson].filter((value) => value !== undefined).length;
  if (given !== 1) throw new DomainError('GATE_IDENTITY_ONE_OF', {});
  if (scan.qrToken !== undefined) {
    const claims = verify(scan.qrToken);
    const genuine = claims !== null && claims.cooperativeId === cooperativeId;
    return { identifiedBy: 'qr', memberNumber: null, claims: genuine ? claims : null, tokenInvalid: !genuine };
  }
  if (scan.memberNumber !== undefined) {
    return { identifiedBy: 'member_number', memberNumber: parseMemberNumber(scan.memberNumber).formatted, claims: null, tokenInvalid: false };
  }
  return { identifiedBy: 'none', memberNumber: null, claims: null, tokenInvalid: false };
}

/**
 * Only the member's current token opens the gate. A token printed before token ids carries
 * none: it counts until the member's next print, when a current token is first recorded.
 */
export function tokenRevoked(claims: CardTokenClaims, credential: { readonly currentTokenId: string | null } | null): boolean {
  return claims.tokenId === undefined ? credential !== null : credential?.currentTokenId !== claims.tokenId;
}

export function declarationsOf(scan: { readonly declarations?: { readonly ppeWorn: string[]; readonly pregnant?: boolean } }): GateDeclarationsRecord {
  return { ppeWorn: cleanList(scan.declarations?.ppeWorn), pregnant: scan.declarations?.pregnant ?? null };
}

export function gateSiteOf(site: { readonly status: 'open' | 'closed'; readonly closed_reason: string | null; readonly authorisations_expire_on?: string | null }): GateSite {
  const expiry = site.authorisations_expire_on ? { authorisationsExpireOn: site.authorisations_expire_on } : {};
  return site.status === 'closed' ? { status: 'closed', closedReason: site.closed_reason ?? undefined, ...expiry } : { status: 'open', ...expiry };
}

export type ZoneRules = Omit<ZoneValues, 'name'> & { readonly id: string };

export function gateZoneOf(zone: ZoneRules, currentCount: number): GateZone {
  return { id: zone.id, ...zoneSettingsOf(zone), currentCount };
}

/** The facts of the attempt the risk rules (risk/rules/auto-rules.ts) propose flags from. */
export function gateAttemptOf(eventId: string, siteId: string, zone: ZoneRules, capturedAt: Date, decision: GateDecision): GateAttemptFacts {
  const childFlag = decision.flags.find((flag) => flag.kind === 'child_labour' && flag.basis === 'registered_birth');
  return {
    id: eventId,
    siteId,
    zoneId: zone.id,
    attemptedAt: capturedAt,
    ageYears: childFlag?.kind === 'child_labour' && childFlag.age !== null ? childFlag.age.years : null,
    apparentMinor: decision.flags.some((flag) => flag.kind === 'child_labour' && flag.basis === 'apparent_age'),
    pregnancyDeclared: decision.flags.some((flag) => flag.kind === 'pregnancy_forbidden_zone'),
    zoneBansPregnantWomen: zone.hazardous || zone.forbids_pregnancy,
  };
}

export interface RecordedScan {
  readonly siteId: string;
  readonly zoneId: string;
  readonly minerId: string | null;
  readonly direction: GateDirection;
  readonly capturedAt: Date;
  readonly flagIds: readonly string[];
}

/** What the audit trail keeps of a scan: the decision's codes, not its wording. */
export function gateAuditOf(scan: RecordedScan, decision: Pick<GateDecision, 'allowed' | 'reasons'>): Record<string, unknown> {
  return {
    siteId: scan.siteId,
    zoneId: scan.zoneId,
    minerId: scan.minerId,
    direction: scan.direction,
    capturedAt: scan.capturedAt.toISOString(),
    allowed: decision.allowed,
    reasons: decision.reasons.map((reason) => reason.code),
    flags: [...scan.flagIds],
  };
}

/** Who a scan names once the registry is read: the member (null when none) and whether the token was revoked. */
export interface ScannedMember<M> {
  readonly miner: M | null;
  readonly tokenRevoked: boolean;
}

/**
 * Only the member's current token opens the gate; a typed member number is looked up as
 * typed. `found` is the member the scan's token or number names, with their card credential.
 */
export function scannedMemberOf<M extends { readonly credential: { readonly currentTokenId: string | null } | null }>(
  identity: ScanIdentity,
  found: M | null,
): ScannedMember<M> {
  if (identity.memberNumber !== null) return { miner: found, tokenRevoked: false };
  if (identity.claims === null) return { miner: null, tokenRevoked: false };
  if (tokenRevoked(identity.claims, found?.credential ?? null)) return { miner: null, tokenRevoked: true };
  return { miner: found, tokenRevoked: false };
}
