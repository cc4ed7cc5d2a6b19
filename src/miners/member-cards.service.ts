import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { Db } from '../database/db.js';
import { CardCredentialsRepository } from './card-credentials.repository.js';
import { CARD_KEY_RING } from './card-key-ring.provider.js';
import { type CardKeyRing, cardTokenDigest, signCardToken } from './card-token.js';
import type { MemberCardLossView } from './dto/member-card.view.js';
import type { MinerView } from './dto/miner.view.js';
import { MinerRecords } from './miner-records.js';
import { type MinerPhotoRow, MinersRepository } from './miners.repository.js';

/** What the printed member card shows. */
export interface CardPrint {
  readonly miner: MinerView;
  readonly cooperativeName: string;
  readonly photo: MinerPhotoRow | null;
  readonly token: string;
  readonly printedOn: string;
}

/**
 * The printed member card and its QR token. Printing is a write: it issues a new token, the
 * only one the gate accepts from then on (online and in offline snapshots), so only admins
 * and officers print. A declared loss leaves the member without an accepted token until the
 * next print; so does a renewal of the miner's card (MinerLifecycleService.renewCard).
 */
@Injectable()
export class MemberCardsService {
  constructor(
    private readonly db: Db,
    private readonly records: MinerRecords,
    private readonly repository: MinersRepository,
    private readonly credentials: CardCredentialsRepository,
    private readonly audit: AuditService,
    @Inject(CARD_KEY_RING) private readonly keys: CardKeyRing,
  ) {}

  /** What the member card shows; printing it reads the photo, so the read is audited too. */
  async cardPrint(auth: TenantAuthContext, minerId: string): Promise<CardPrint> {
    return this.db.tenant(auth, async (tx) => {
      const { name, today } = await this.records.cooperativeDay(tx);
      const miner = await this.records.detail(tx, minerId, today);
      const photo = miner.hasPhoto ? await this.repository.photo(tx, minerId) : null;
      await this.audit.record(tx, auth, { action: 'read_personal_data', entity: 'miner', entityId: minerId, after: { fields: ['card.pdf'] } });
      const serial = await this.credentials.nextSerial(tx, minerId);
      const { id: keyId, key } = this.keys.signing;
      const tokenId = randomUUID();
      const token = signCardToken({ cooperativeId: auth.cooperativeId, minerId, memberNumber: miner.memberNumber, issued: today, keyId, tokenId, serial }, key);
      await this.credentials.makeCurrent(tx, minerId, { tokenId, keyId, digest: cardTokenDigest(token), issuedOn: today });
      await this.audit.record(tx, auth, { action: 'miner.card_printed', entity: 'miner', entityId: minerId, after: { serial, keyId, tokenId, earlierTokensRevoked: serial > 1 } });
      return { miner, cooperativeName: name, photo, token, printedOn: today };
    });
  }

  /** The printed card is lost (or stolen): no token of this member is accepted any more. */
  async declareLost(auth: TenantAuthContext, minerId: string, note: string | undefined): Promise<MemberCardLossView> {
    return this.db.tenant(auth, async (tx) => {
      await this.records.require(tx, minerId, true);
      const before = await this.credentials.revokeAll(tx, minerId, 'lost');
      const lastSerial = before?.serial ?? 0;
      const revokedAt = new Date().toISOString();
      await this.audit.record(tx, auth, {
        action: 'miner.card_declared_lost',
        entity: 'miner',
        entityId: minerId,
        before: { serial: lastSerial, tokenId: before?.currentTokenId ?? null },
        after: { tokensRevoked: true, ...(note === undefined ? {} : { note: note.trim() }) },
      });
      return { minerId, lastSerial, revokedAt };
    });
  }
}
