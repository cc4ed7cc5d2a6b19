/**
 * The offline gate snapshot: everything the gate decision (rules/gate-decision.ts) needs to
 * decide at one site without the network, signed by the server. Types only, no runtime
 * import, so that the web console's build can import this file as it is.
 *
 * How a client uses it:
 * 1. Fetch `GET /api/v1/gate-snapshot-key` once (public) and keep the key.
 * 2. Fetch `GET /api/v1/cooperatives/{cooperativeId}/sites/{siteId}/gate-snapshot` while
 *    online. Verify `signature` (Ed25519, base64url) over the UTF-8 bytes of `payload`
 *    exactly as received, with the key whose `keyId` matches; only then `JSON.parse(payload)`
 *    as a {@link GateSnapshot}. Refuse it after `validUntil`.
 * 3. A scanned QR token is verified offline by its SHA-256 (lower-case hex of the digest of
 *    the token text, UTF-8): it must be one of the member's `tokenDigests`, and the member is
 *    found by the `m` (miner id) of the token's payload, or by scanning every member's list.
 *    `tokenDigests` holds only the member's current token (`cardToken`): a card reprinted,
 *    renewed or declared lost is no longer listed. A token whose payload names a member and a
 *    serial (`s`) lower than `cardToken.serial`, or a member with `cardToken` null, was
 *    revoked. A token not listed (a card printed after the snapshot) is not verified
 *    offline: type the member number or wait for the network.
 * 4. Presence (`inside`) is as of `generatedAt`; the client adds its own queued scans.
 */

export const GATE_SNAPSHOT_VERSION = 1;

export interface GateSnapshotSite {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly status: 'open' | 'closed';
  readonly closedReason: string | null;
  readonly closedOn: string | null;
  readonly reopensOn: string | null;
  /** Local 'HH:MM' after which people still inside overstay, or null. */
  readonly closingTime: string | null;
}

export interface GateSnapshotZone {
  readonly id: string;
  readonly name: string;
  readonly hazardous: boolean;
  readonly ppeRequired: readonly string[];
  readonly forbidsPregnancy: boolean;
  /** Null means no limit. */
  readonly capacity: number | null;
  readonly trainingsRequired: readonly string[];
}

/** An artisanal miner's card as the card rules read it (rules/card-status.ts). */
export interface GateSnapshotCard {
  readonly cardNumber: string;
  readonly issuedOn: string;
  readonly expiresOn: string;
}

/** A training session attended, as the certification rules read it (rules/certifications.ts). */
export interface GateSnapshotTraining {
  readonly topic: string;
  /** 'YYYY-MM-DD' the session was held. */
  readonly date: string;
  /** 0 or null: never expires. */
  readonly validityMonths: number | null;
}

export interface GateSnapshotMember {
  readonly minerId: string;
  readonly memberNumber: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  readonly status: 'applicant' | 'active' | 'suspended' | 'exited';
  /** Exact date of birth when known ('YYYY-MM-DD'). */
  readonly dateOfBirth: string | null;
  /** With birthDateEstimated: only the year is known (age counted as youngest possible). */
  readonly birthYear: number | null;
  readonly birthDateEstimated: boolean;
  /** Every card on record, oldest first; the rules pick the one applying on the scan date. */
  readonly cards: readonly GateSnapshotCard[];
  /** Expiry of the card applying on the snapshot's local date, null without one. */
  readonly cardExpiresOn: string | null;
  readonly trainings: readonly GateSnapshotTraining[];
  /**
   * The member's current card QR token (id, serial, signing key id); null when none was
   * printed since token ids, or the last one was revoked (renewal, declared loss).
   */
  readonly cardToken: { readonly id: string; readonly serial: number; readonly keyId: string } | null;
  /** SHA-256 (hex) of the card QR token(s) the gate accepts for this member: the current one only. */
  readonly tokenDigests: readonly string[];
}

export interface GateSnapshotPresence {
  readonly minerId: string;
  readonly zoneId: string;
  readonly enteredAt: string;
}

export interface GateSnapshot {
  readonly version: typeof GATE_SNAPSHOT_VERSION;
  readonly cooperativeId: string;
  readonly siteId: string;
  /** ISO instants. */
  readonly generatedAt: string;
  readonly validUntil: string;
  /** The cooperative's IANA time zone: a scan's local date (card, age, trainings) is taken in it. */
  readonly timezone: string;
  /** The gate rules' settings this server decides with. */
  readonly rules: { readonly adultAge: number; readonly cardExpiringWithinDays: number };
  readonly site: GateSnapshotSite;
  readonly zones: readonly GateSnapshotZone[];
  /** Every person on the cooperative's registry, whatever their status, by member number. */
  readonly members: readonly GateSnapshotMember[];
  /** Who was inside the site at `generatedAt`. */
  readonly inside: readonly GateSnapshotPresence[];
}

/** The response body of the snapshot route. */
export interface SignedGateSnapshot {
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  /** The JSON text of a {@link GateSnapshot}: the exact bytes that were signed. */
  readonly payload: string;
  /** base64url Ed25519 signature of the UTF-8 bytes of `payload`. */
  readonly signature: string;
}

/** The response body of `GET /api/v1/gate-snapshot-key`. */
export interface GateSnapshotKey {
  readonly algorithm: 'Ed25519';
  /** base64url of the first 16 bytes of SHA-256 of the raw public key. */
  readonly keyId: string;
  /** For WebCrypto `importKey('jwk', jwk, { name: 'Ed25519' }, true, ['verify'])`. */
  readonly jwk: { readonly kty: 'OKP'; readonly crv: 'Ed25519'; readonly x: string };
  /** The same key as SubjectPublicKeyInfo PEM. */
  readonly pem: string;
}
