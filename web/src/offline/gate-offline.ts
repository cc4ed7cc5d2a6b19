import { clear, createStore as createIdbStore, get, set } from 'idb-keyval';
import { api, ok, type Schema } from '../api/client';
import { cooperativePath } from '../cooperative';
import { language } from '../i18n/i18n';
import { fillTemplate } from '../i18n/labels';
import { queue } from './queue';
import { session, updateSession } from '../session';
import { decideGateEntry, type GateInput, type GateReason, type GateWarning } from '../../../src/sites/rules/gate-decision';
import type { GateSnapshot, GateSnapshotMember } from '../../../src/sites/gate-snapshot';
import { localDateIn } from '../../../src/common/time-zone';
import frSites from '../../../templates/i18n/fr/sites.json';
import enSites from '../../../templates/i18n/en/sites.json';

/**
 * The gate without the network. While online, the gate screen keeps a signed snapshot of the
 * site (members, cards, trainings, zones, who is inside) in IndexedDB. Offline, a scan is
 * decided by the same pure rule the server applies (src/sites/rules/gate-decision.ts), from
 * that snapshot once its Ed25519 signature checks out against the server's public key, and
 * the screen says the decision was taken offline. The scan itself waits in the queue and the
 * server decides again, authoritatively, when it is sent.
 */
const database = createIdbStore('ushirika-gate', 'snapshots');

/** The snapshot as received; the key it is checked with is the session's pinned one, never one stored beside it. */
interface Stored {
  readonly signed: Schema<'GateSnapshotView'>;
}

export interface OfflineScan {
  readonly siteId: string;
  readonly zoneId: string;
  readonly direction: 'in' | 'out';
  readonly capturedAt: string;
  readonly ppeWorn: readonly string[];
  /** Declared at a zone that forbids pregnancy. */
  readonly pregnant?: boolean;
  readonly memberNumber?: string;
  readonly qrToken?: string;
}

/** What the phone decides alone: the part of the server's GateDecisionView the gate screen shows. */
export type OfflineDecision = Pick<Schema<'GateDecisionView'>, 'allowed' | 'memberNumber' | 'reasons' | 'warnings'>;

export interface SnapshotSummary {
  readonly members: number;
  readonly generatedAt: string;
  readonly validUntil: string;
}

async function verified(signed: Schema<'GateSnapshotView'>, key: Schema<'GateSnapshotKeyView'> | null | undefined): Promise<GateSnapshot | null> {
  if (!key) return null;
  if (signed.algorithm !== 'Ed25519' || signed.keyId !== key.keyId) return null;
  try {
    const publicKey = await crypto.subtle.importKey('jwk', { ...key.jwk }, { name: 'Ed25519' }, false, ['verify']);
    const signature = Uint8Array.from(atob(signed.signature.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const valid = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, new TextEncoder().encode(signed.payload));
    return valid ? (JSON.parse(signed.payload) as GateSnapshot) : null;
  } catch {
    // A browser without Ed25519 in WebCrypto cannot check the snapshot: no offline decision.
    return null;
  }
}

/** Fetches and keeps the site's snapshot; its summary, or null when it could not be had. */
export async function refreshSnapshot(siteId: string): Promise<SnapshotSummary | null> {
  const [key, signed] = await Promise.all([
    ok(api.GET('/api/v1/gate-snapshot-key')),
    ok(api.GET('/api/v1/cooperatives/{cooperativeId}/sites/{siteId}/gate-snapshot', { params: { path: { ...cooperativePath(), siteId } } })),
  ]);
  const pinned = session.get().snapshotKey;
  // A key other than the one pinned at the start of this session is not trusted: sign in again.
  if (pinned && (pinned.keyId !== key.keyId || pinned.jwk.x !== key.jwk.x)) return null;
  if (!pinned) updateSession({ snapshotKey: key });
  const snapshot = await verified(signed, key);
  if (!snapshot) return null;
  await set(siteId, { signed } satisfies Stored, database);
  return { members: snapshot.members.length, generatedAt: snapshot.generatedAt, validUntil: snapshot.validUntil };
}

/** Sign-out: the snapshots hold the whole registry with birth dates. */
export async function clearSnapshots(): Promise<void> {
  await clear(database);
}

export async function storedSnapshot(siteId: string): Promise<GateSnapshot | null> {
  const stored = await get<Stored>(siteId, database);
  const snapshot = stored ? await verified(stored.signed, session.get().snapshotKey) : null;
  return snapshot && Date.parse(snapshot.validUntil) > Date.now() ? snapshot : null;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Who is inside now: the snapshot's list, then this phone's own scans made since, those the
 * offline decision let through (`meta.presence`, set by `presenceAfter`).
 */
function insideNow(snapshot: GateSnapshot, siteId: string): Map<string, string> {
  const inside = new Map(snapshot.inside.map((presence) => [presence.minerId, presence.zoneId]));
  const since = Date.parse(snapshot.generatedAt);
  for (const write of queue.get()) {
    const minerId = write.meta?.minerId;
    const presence = write.meta?.presence;
    const capturedAt = Date.parse(String(write.body.capturedAt ?? ''));
    if (write.kind !== 'gate' || !write.path.endsWith(`/sites/${siteId}/gate`) || !minerId || !presence || capturedAt < since) continue;
    if (presence === 'out') inside.delete(minerId);
    else inside.set(minerId, presence.slice('in:'.length));
  }
  return inside;
}

/** What an offline decision changes in the phone's presence list: 'in:<zoneId>', 'out' or nothing. */
export function presenceAfter(decision: OfflineDecision, direction: 'in' | 'out', zoneId: string): string | null {
  if (!decision.allowed) return null;
  return direction === 'in' ? `in:${zoneId}` : 'out';
}

function messageOf(kind: 'reason' | 'warning', item: GateReason | GateWarning): string {
  const catalogue: Record<string, string> = language.get() === 'en' ? enSites : frSites;
  const params: Record<string, unknown> = { ...item, ...('age' in item ? { years: item.age.years } : {}) };
  return fillTemplate(catalogue[`sites.gate.${kind}.${item.code}`] ?? item.code, params);
}

async function findMember(snapshot: GateSnapshot, scan: OfflineScan): Promise<{ member: GateSnapshotMember | null; tokenInvalid: boolean }> {
  if (scan.memberNumber) {
    const wanted = scan.memberNumber.trim().toUpperCase();
    return { member: snapshot.members.find((member) => member.memberNumber.toUpperCase() === wanted) ?? null, tokenInvalid: false };
  }
  // A person with neither a number nor a card (an unregistered person) is nobody on the list, not a bad token.
  if (scan.qrToken === undefined) return { member: null, tokenInvalid: false };
  const digest = await sha256Hex(scan.qrToken);
  const member = snapshot.members.find((candidate) => candidate.tokenDigests.includes(digest)) ?? null;
  return { member, tokenInvalid: member === null };
}

/** The gate's decision from the cached snapshot; null without a valid one for this site. */
export async function decideOffline(scan: OfflineScan): Promise<OfflineDecision | null> {
  const snapshot = await storedSnapshot(scan.siteId);
  const zone = snapshot?.zones.find((candidate) => candidate.id === scan.zoneId);
  if (!snapshot || !zone) return null;
  const { member, tokenInvalid } = await findMember(snapshot, scan);
  const inside = insideNow(snapshot, scan.siteId);
  const at = new Date(scan.capturedAt);
  const input: GateInput = {
    person: member && {
      memberId: member.minerId,
      status: member.status,
      birth: member.birthDateEstimated || !member.dateOfBirth ? { estimated: true, year: member.birthYear ?? 0 } : { estimated: false, date: member.dateOfBirth },
      cards: member.cards,
      trainings: member.trainings,
      insideZoneId: inside.get(member.minerId) ?? null,
    },
    tokenInvalid,
    site: { status: snapshot.site.status, closedReason: snapshot.site.closedReason ?? undefined },
    zone: { ...zone, currentCount: [...inside.values()].filter((zoneId) => zoneId === zone.id).length },
    direction: scan.direction,
    at,
    date: localDateIn(snapshot.timezone, at),
    declarations: { ppeWorn: scan.ppeWorn, ...(scan.pregnant === undefined ? {} : { pregnant: scan.pregnant }) },
    settings: snapshot.rules,
  };
  const decision = decideGateEntry(input);
  return {
    allowed: decision.allowed,
    memberNumber: member?.memberNumber ?? scan.memberNumber ?? null,
    reasons: decision.reasons.map((reason) => ({ code: reason.code, message: messageOf('reason', reason) })),
    warnings: decision.warnings.map((warning) => ({ code: warning.code, message: messageOf('warning', warning) })),
  };
}

/**
 * The member a scan refers to in the site's snapshot: `known` is false when the phone holds
 * no valid snapshot (it cannot tell), `member` null when it holds one without that person.
 */
export async function snapshotMember(
  siteId: string,
  identity: { memberNumber?: string; qrToken?: string },
): Promise<{ readonly known: boolean; readonly member: GateSnapshotMember | null }> {
  const snapshot = await storedSnapshot(siteId);
  if (!snapshot) return { known: false, member: null };
  const { member } = await findMember(snapshot, { siteId, zoneId: '', direction: 'in', capturedAt: '', ppeWorn: [], ...identity });
  return { known: true, member };
}

/** The miner id a scan refers to, for this phone's own presence list (see insideNow). */
export async function minerIdOf(siteId: string, identity: { memberNumber?: string; qrToken?: string }): Promise<string | undefined> {
  return (await snapshotMember(siteId, identity)).member?.minerId;
}
