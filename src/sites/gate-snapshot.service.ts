import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { AUTH_SECRETS, type AuthSecrets } from '../auth/auth-secrets.js';
import { CardCredentialsRepository } from '../miners/card-credentials.repository.js';
import { CARD_KEY_RING } from '../miners/card-key-ring.provider.js';
import { DomainError } from '../common/domain-error.js';
import { localDateIn } from '../common/time-zone.js';
import { Db } from '../database/db.service.js';
import { type CardKeyRing, cardTokenDigest, signCardToken } from '../miners/card-token.js';
import { ADULT_AGE } from '../miners/rules/age.js';
import { cardApplyingOn, DEFAULT_EXPIRING_WITHIN_DAYS, type MinerCard } from '../miners/rules/card-status.js';
import type { TrainingAttendance } from '../miners/rules/certifications.js';
import { GATE_SNAPSHOT_VERSION, type GateSnapshot, type GateSnapshotKey, type SignedGateSnapshot } from './gate-snapshot.js';
import { GateSnapshotSigner } from './gate-snapshot-signer.js';
import { cardPrintDays } from './rules/card-print-days.js';
import { SitesRepository } from './sites.repository.js';

/** How long a client may decide from one snapshot before it must fetch a fresh one. */
export const GATE_SNAPSHOT_VALIDITY_MS = 24 * 60 * 60_000;

function groupByMiner<T extends { minerId: string }>(rows: readonly T[]): Map<string, T[]> {
  const byMiner = new Map<string, T[]>();
  for (const row of rows) {
    const held = byMiner.get(row.minerId);
    if (held === undefined) byMiner.set(row.minerId, [row]);
    else held.push(row);
  }
  return byMiner;
}

/** The signed snapshot a gate phone decides from while offline (shape: gate-snapshot.ts). */
@Injectable()
export class GateSnapshotService {
  private readonly signer: GateSnapshotSigner;

  constructor(
    private readonly db: Db,
    private readonly repository: SitesRepository,
    private readonly credentials: CardCredentialsRepository,
    private readonly audit: AuditService,
    @Inject(AUTH_SECRETS) secrets: AuthSecrets,
    @Inject(CARD_KEY_RING) private readonly cardKeys: CardKeyRing,
  ) {
    this.signer = new GateSnapshotSigner(secrets.jwtSecret);
  }

  get publicKey(): GateSnapshotKey {
    return this.signer.publicKey;
  }

  /** Names and birth dates of every member leave the server in it: the read is audited. */
  async snapshot(auth: TenantAuthContext, siteId: string, now = new Date()): Promise<SignedGateSnapshot> {
    const snapshot = await this.db.tenant(auth, async (tx) => {
      const site = await this.repository.site(tx, siteId);
      if (site === null) throw new DomainError('SITE_NOT_FOUND', {}, 'not_found');
      const timezone = await this.repository.timezone(tx);
      const today = localDateIn(timezone, now);
      const zones = await this.repository.zones(tx, siteId);
      const members = await this.repository.snapshotMembers(tx);
      const cards = groupByMiner(await this.repository.snapshotCards(tx));
      const trainings = groupByMiner(await this.repository.snapshotTrainings(tx));
      const prints = groupByMiner(await this.repository.cardPrints(tx));
      const credentials = new Map((await this.credentials.credentials(tx.manager, tx.cooperativeId)).map((row) => [row.minerId, row]));
      const legacyKey = this.cardKeys.legacy;
      const inside = await this.repository.presentPeople(tx, siteId);
      await this.audit.record(tx, auth, {
        action: 'read_personal_data',
        entity: 'site',
        entityId: siteId,
        after: { fields: ['gate-snapshot'], members: members.length },
      });
      const value: GateSnapshot = {
        version: GATE_SNAPSHOT_VERSION,
        cooperativeId: auth.cooperativeId,
        siteId,
        generatedAt: now.toISOString(),
        validUntil: new Date(now.getTime() + GATE_SNAPSHOT_VALIDITY_MS).toISOString(),
        timezone,
        rules: { adultAge: ADULT_AGE, cardExpiringWithinDays: DEFAULT_EXPIRING_WITHIN_DAYS },
        site: {
          id: site.id,
          name: site.name,
          code: site.code,
          status: site.status,
          closedReason: site.closed_reason,
          closedOn: site.closed_on,
          reopensOn: site.reopens_on,
          closingTime: site.closing_time,
        },
        zones: zones.map((zone) => ({
          id: zone.id,
          name: zone.name,
          hazardous: zone.hazardous,
          ppeRequired: zone.ppe_required,
          forbidsPregnancy: zone.forbids_pregnancy,
          capacity: zone.capacity,
          trainingsRequired: zone.trainings_required,
        })),
        members: members.map((miner) => {
          const held: MinerCard[] = (cards.get(miner.id) ?? []).map(({ cardNumber, issuedOn, expiresOn }) => ({ cardNumber, issuedOn, expiresOn }));
          const attended: TrainingAttendance[] = (trainings.get(miner.id) ?? []).map(({ topic, date, validityMonths }) => ({ topic, date, validityMonths }));
          const credential = credentials.get(miner.id);
          // Tokens printed before token ids count only while no card of the member was printed, renewed or lost since.
          const legacyDays = credential !== undefined || legacyKey === null ? [] : (prints.get(miner.id) ?? []).flatMap((print) => cardPrintDays(print.printedAt, timezone));
          const current = credential?.currentTokenId && credential.currentTokenDigest && credential.currentKeyId
            ? { id: credential.currentTokenId, serial: credential.serial, keyId: credential.currentKeyId, digest: credential.currentTokenDigest }
            : null;
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
            cardToken: current && { id: current.id, serial: current.serial, keyId: current.keyId },
            tokenDigests: current
              ? [current.digest]
              : [...new Set(legacyDays)].sort().map((issued) =>
                  cardTokenDigest(signCardToken({ cooperativeId: auth.cooperativeId, minerId: miner.id, memberNumber: miner.member_number, issued }, legacyKey ?? Buffer.alloc(0))),
                ),
          };
        }),
        inside: inside.map((row) => ({ minerId: row.miner_id, zoneId: row.zone_id, enteredAt: row.entered_at.toISOString() })),
      };
      return value;
    });
    return this.signer.sign(snapshot);
  }
}
