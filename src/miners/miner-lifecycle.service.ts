import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { CardCredentialsRepository } from './card-credentials.repository.js';
import type { MinerView } from './dto/miner.view.js';
import type { ChangeMinerStatusDto, RenewCardDto } from './dto/miner-actions.dto.js';
import { MinerRecords } from './miner-records.js';
import { MinersRepository } from './miners.repository.js';
import { assertIsoDate } from '../common/calendar-date.js';
import { cardStatusOn } from './rules/card-status.js';
import { assertTransition } from './rules/lifecycle.js';
import { cardOf } from './rules/registration.js';
import { searchTextOf } from './rules/search-text.js';

/** A member's standing over time: membership status and the artisanal miner's card. */
@Injectable()
export class MinerLifecycleService {
  constructor(
    private readonly db: Db,
    private readonly repository: MinersRepository,
    private readonly records: MinerRecords,
    private readonly credentials: CardCredentialsRepository,
    private readonly audit: AuditService,
  ) {}

  async changeStatus(auth: TenantAuthContext, minerId: string, dto: ChangeMinerStatusDto): Promise<MinerView> {
    return this.db.tenant(auth, async (tx) => {
      const { today } = await this.records.cooperativeDay(tx);
      const row = await this.records.require(tx, minerId, true);
      assertTransition(row.status, dto.to, dto.reason);
      const effectiveOn = dto.effectiveOn === undefined ? today : assertIsoDate(dto.effectiveOn);
      const reason = dto.reason.trim();
      const changeId = await this.repository.insertStatusChange(tx, { minerId, from: row.status, to: dto.to, reason, effectiveOn, decidedBy: auth.userId });
      await this.repository.updateStatus(tx, minerId, dto.to);
      await this.audit.record(tx, auth, {
        action: 'miner.status_changed',
        entity: 'miner',
        entityId: minerId,
        before: { status: row.status },
        after: { status: dto.to, reason, effectiveOn, statusChangeId: changeId },
      });
      return this.records.detail(tx, minerId, today);
    });
  }

  /** Records a new card; the printed member card showed the old one, so its QR token is refused until a reprint. */
  async renewCard(auth: TenantAuthContext, minerId: string, dto: RenewCardDto): Promise<MinerView> {
    return this.db.tenant(auth, async (tx) => {
      const { today } = await this.records.cooperativeDay(tx);
      const row = await this.records.require(tx, minerId, true);
      if (row.status === 'exited') throw new DomainError('MINER_EXITED', { memberNumber: row.memberNumber }, 'conflict');
      const card = cardOf(dto.cardNumber, dto.cardIssuedOn, dto.cardExpiresOn);
      await this.records.assertCardNumberFree(tx, card.cardNumber);
      const previous = await this.repository.cards(tx, [minerId]);
      const cardId = await this.repository.insertCard(tx, minerId, card, auth.userId);
      const cardNumbers = [...previous.map((known) => known.cardNumber), card.cardNumber];
      await this.repository.updateSearchText(tx, minerId, searchTextOf([row.firstName, row.middleName, row.lastName, row.memberNumber, row.idDocumentNumber, ...cardNumbers]));
      await this.credentials.revokeAll(tx, minerId, 'renewed');
      await this.audit.record(tx, auth, {
        action: 'miner.card_recorded',
        entity: 'miner',
        entityId: minerId,
        before: { card: cardStatusOn(previous, today).card },
        after: { card, cardId, memberCardTokensRevoked: true },
      });
      return this.records.detail(tx, minerId, today);
    });
  }
}
