import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import type { Money } from '../../common/money.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.service.js';
import { MinersRepository } from '../miners.repository.js';
import { assertIsoDate, compareIsoDates } from '../rules/calendar.js';
import { totalsByCurrency } from '../rules/card-fees.js';
import type { ListCardFeesDto, RecordCardFeeDto } from './card-fee.dto.js';
import { type CardFeeRow, CardFeesRepository } from './card-fees.repository.js';

export interface CardFeeList {
  items: CardFeeRow[];
  totals: Money[];
}

@Injectable()
export class CardFeesService {
  constructor(
    private readonly db: Db,
    private readonly repository: CardFeesRepository,
    private readonly miners: MinersRepository,
    private readonly audit: AuditService,
  ) {}

  async record(auth: TenantAuthContext, minerId: string, dto: RecordCardFeeDto): Promise<CardFeeRow> {
    return this.db.inScope(auth.scope, async (tx) => {
      const id = dto.id ?? randomUUID();
      const replayed = await this.repository.fee(tx, auth.cooperativeId, id);
      if (replayed !== null) {
        if (replayed.minerId !== minerId || replayed.receiptNumber !== dto.receiptNumber.trim()) throw new DomainError('CARD_FEE_ID_TAKEN', { id }, 'conflict');
        return replayed;
      }
      const miner = await this.miners.findMiner(tx, auth.cooperativeId, minerId, true);
      if (miner === null) throw new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
      if (miner.status === 'exited') throw new DomainError('MINER_EXITED', { memberNumber: miner.member_number }, 'conflict');
      const today = localDateIn((await this.miners.cooperative(tx, auth.cooperativeId)).timezone);
      const paidOn = dto.paidOn === undefined ? today : assertIsoDate(dto.paidOn);
      if (compareIsoDates(paidOn, today) > 0) throw new DomainError('CARD_FEE_IN_FUTURE', { paidOn });
      if (dto.cardId !== undefined && !(await this.repository.cardBelongsTo(tx, auth.cooperativeId, minerId, dto.cardId))) {
        throw new DomainError('CARD_NOT_FOUND', { cardId: dto.cardId }, 'not_found');
      }
      const receiptNumber = dto.receiptNumber.trim();
      if (receiptNumber.length === 0) throw new DomainError('RECEIPT_NUMBER_REQUIRED', {});
      const holder = await this.repository.memberNumberWithReceipt(tx, auth.cooperativeId, receiptNumber);
      if (holder !== null) throw new DomainError('RECEIPT_NUMBER_TAKEN', { receiptNumber, memberNumber: holder }, 'conflict');
      const fee = {
        id,
        minerId,
        cardId: dto.cardId ?? null,
        amountMinor: dto.amountMinor,
        currency: dto.currency,
        paidOn,
        receiptNumber,
        paymentMethod: dto.paymentMethod,
        recordedBy: auth.userId,
      };
      await this.repository.insert(tx, auth.cooperativeId, fee);
      const { recordedBy: _recordedBy, ...audited } = fee;
      await this.audit.record(tx, auth, { action: 'miner.card_fee_recorded', entity: 'miner', entityId: minerId, after: { ...audited } });
      const recorded = await this.repository.fee(tx, auth.cooperativeId, id);
      if (recorded === null) throw new DomainError('CARD_FEE_ID_TAKEN', { id }, 'conflict');
      return recorded;
    });
  }

  /** Fees collected in the period, by one miner when given, with totals per currency. */
  async list(auth: TenantAuthContext, query: ListCardFeesDto, minerId: string | null): Promise<CardFeeList> {
    const period = { from: query.from === undefined ? undefined : assertIsoDate(query.from), to: query.to === undefined ? undefined : assertIsoDate(query.to) };
    return this.db.inScope(auth.scope, async (tx) => {
      if (minerId !== null && (await this.miners.findMiner(tx, auth.cooperativeId, minerId)) === null) throw new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
      const items = await this.repository.fees(tx, auth.cooperativeId, period, minerId);
      return { items, totals: totalsByCurrency(items) };
    });
  }
}
