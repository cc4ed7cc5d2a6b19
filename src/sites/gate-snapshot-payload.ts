import { localDateIn } from '../common/time-zone.js';
import { cardTokenDigest, signCardToken } from '../miners/card-token.js';
import { ADULT_AGE } from '../miners/rules/age.js';
import { cardApplyingOn, DEFAULT_EXPIRING_WITHIN_DAYS, type MinerCard } from '../miners/rules/card-status.js';
import type { TrainingAttendance } from '../miners/rules/certifications.js';
import type { MembershipStatus } from '../miners/rules/lifecycle.js';
import { GATE_SNAPSHOT_VERSION, type GateSnapshot, type GateSnapshotMember } from './gate-snapshot.js';
import { cardPrintDays } from './rules/card-print-days.js';

/** How long a client may decide from one snapshot before it must fetch a fresh one. */
export const GATE_SNAPSHOT_VALIDITY_MS = 24 * 60 * 60_000;

export interface SnapshotMember {
  readonly id: string;
  readonly member_number: string;
  readonly first_name: string;
  readonly middle_name: string | null;
  readonly last_name: string;
  readonly status: MembershipStatus;
  readonly date_of_birth: string | null;
  readonly birth_year: number | null;
  readonly birth_date_estimated: boolean;
}

/** The member's recorded current token, as card-credentials.repository.ts keeps it. */
export interface SnapshotCredential {
  readonly minerId: string;
  readonly serial: number;
  readonly currentTokenId: string | null;
  readonly currentKeyId: string | null;
  readonly currentTokenDigest: string | null;
}

/** Everything read from the database for one snapshot, the cooperative's rows in bulk. */
export interface SnapshotSources {
  readonly cooperativeId: string;
  readonly timezone: string;
  readonly site: GateSnapshot['site'];
  readonly zones: GateSnapshot['zones'];
  readonly members: readonly SnapshotMember[];
  readonly cards: readonly (MinerCard & { readonly minerId: string })[];
  readonly trainings: readonly (TrainingAttendance & { readonly minerId: string })[];
  readonly prints: readonly { readonly minerId: string; readonly printedAt: Date }[];
  readonly credentials: readonly SnapshotCredential[];
  /** The key of tokens printed before token ids, while it is still trusted. */
  readonly legacyKey: Buffer | null;
  readonly inside: readonly { readonly miner_id: string; readonly zone_id: string; readonly entered_at: Date }[];
}

export function groupByMiner<T extends { readonly minerId: string }>(rows: readonly T[]): Map<string, T[]> {
  const byMiner = new Map<string, T[]>();
  for (const row of rows) {
    const held = byMiner.get(row.minerId);
    if (held === undefined) byMiner.set(row.minerId, [row]);
    else held.push(row);
  }
  return byMiner;
}

/** The snapshot a gate phone decides from offline (shape and use: gate-snapshot.ts). */
export function gateSnapshotOf(sources: SnapshotSources, now: Date): GateSnapshot {
  const cards = groupByMiner(sources.cards);
  const trainings = groupByMiner(sources.trainings);
  const prints = groupByMiner(sources.prints);
  const credentials = new Map(sources.credentials.map((row) => [row.minerId, row]));
  const today = localDateIn(sources.timezone, now);
  return {
    version: GATE_SNAPSHOT_VERSION,
    cooperativeId: sources.cooperativeId,
    siteId: sources.site.id,
    generatedAt: now.toISOString(),
    validUntil: new Date(now.getTime() + GATE_SNAPSHOT_VALIDITY_MS).toISOString(),
    timezone: sources.timezone,
    rules: { adultAge: ADULT_AGE, cardExpiringWithinDays: DEFAULT_EXPIRING_WITHIN_DAYS },
    site: sources.site,
    zones: sources.zones,
    members: sources.members.map((miner) => {
      const held: MinerCard[] = (cards.get(miner.id) ?? []).map(({ cardNumber, issuedOn, expiresOn }) => ({ cardNumber, issuedOn, expiresOn }));
      const attended: TrainingAttendance[] = (trainings.get(miner.id) ?? []).map(({ topic, date, validityMonths }) => ({ topic, date, validityMonths }));
      return {
        minerId: miner.id,
        memberNumber: miner.member_number,
        firstName: miner.first_name,
        middleName: miner.middle_name,
        lastName: miner.last_name,
        status: miner.status,
        dateOfBirth: miner.date_of_birth,
        birthYear: miner.birth_year,
        birthDateEstimated: miner.birth_date_estimated,
        cards: held,
        cardExpiresOn: cardApplyingOn(held, today)?.expiresOn ?? null,
        trainings: attended,
        ...memberTokens(sources, miner, credentials.get(miner.id), prints.get(miner.id) ?? []),
      };
    }),
    inside: sources.inside.map((row) => ({ minerId: row.miner_id, zoneId: row.zone_id, enteredAt: row.entered_at.toISOString() })),
  };
}

/**
 * The member's current token, or (never printed since token ids) the digests of the legacy
 * tokens their recorded prints may have signed: those count only while no card of the member
 * was printed, renewed or declared lost since.
 */
function memberTokens(
  sources: SnapshotSources,
  miner: SnapshotMember,
  credential: SnapshotCredential | undefined,
  prints: readonly { readonly printedAt: Date }[],
): Pick<GateSnapshotMember, 'cardToken' | 'tokenDigests'> {
  if (credential?.currentTokenId && credential.currentTokenDigest && credential.currentKeyId) {
    return {
      cardToken: { id: credential.currentTokenId, serial: credential.serial, keyId: credential.currentKeyId },
      tokenDigests: [credential.currentTokenDigest],
    };
  }
  const legacyKey = sources.legacyKey;
  if (credential !== undefined || legacyKey === null) return { cardToken: null, tokenDigests: [] };
  const days = [...new Set(prints.flatMap((print) => cardPrintDays(print.printedAt, sources.timezone)))].sort();
  const claims = { cooperativeId: sources.cooperativeId, minerId: miner.id, memberNumber: miner.member_number };
  return { cardToken: null, tokenDigests: days.map((issued) => cardTokenDigest(signCardToken({ ...claims, issued }, legacyKey))) };
}
