import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import type { CardFeeListView, CardFeeView } from '../dto/card-fee.view.js';
import { MinerRecords } from '../miner-records.js';
import { assertIsoDate, compareIsoDates } from '../../common/calendar-date.js';
import { totalsByCurrency } from '../rules/card-fees.js';
import type { ListCardFeesDto, RecordCardFeeDto } from './card-fee.dto.js';
import { CardFeesRepository, type NewCardFee } from './card-fees.repository.js';

@Injectable()
export class CardFeesService {
  constructor(
    private readonly db: Db,
    private readonly repository: CardFeesRepository,
    private readonly records: MinerRecords,
    private readonly audit: AuditService,
  ) {}

  /** Records a fee once: a retry with the same id answers the fee already recorded. */
  async record(auth: TenantAuthContext, minerId: string, dto: RecordCardFeeDto): Promise<CardFeeView> {
    return this.db.tenant(auth, async (tx) => {
      const id = dto.id ?? randomUUID();
      const replayed = await this.repository.fee(tx, id);
      if (replayed !== null) {
        if (replayed.minerId !== minerId || replayed.receiptNumber !== dto.receiptNumber.trim()) throw new DomainError('CARD_FEE_ID_TAKEN', { id }, 'conflict');
        return replayed;
      }
      const fee = await this.checkedFee(tx, id, minerId, dto);
      await this.repository.insert(tx, { ...fee, recordedBy: auth.userId });
      await this.audit.record(tx, auth, { action: 'miner.card_fee_recorded', entity: 'miner', entityId: minerId, after: { ...fee } });
      const recorded = await this.repository.fee(tx, id);
      if (recorded === null) throw new DomainError('CARD_FEE_ID_TAKEN', { id }, 'conflict');
      return recorded;
    });
  }

  /** Fees collected in the period, by one miner when given, with totals per currency. */
  async list(auth: TenantAuthContext, query: ListCardFeesDto, minerId: string | null): Promise<CardFeeListView> {
    const period = { from: query.from === undefined ? undefined : assertIsoDate(query.from), to: query.to === undefined ? undefined : assertIsoDate(query.to) };
    return this.db.tenant(auth, async (tx) => {
      if (minerId !== null) await this.records.require(tx, minerId);
      const items = await this.repository.fees(tx, period, minerId);
      return { items, totals: totalsByCurrency(items) };
    });
  }

  /** The fee to record, once the miner, date, card and receipt number pass. */
  private async checkedFee(tx: TenantTx, id: string, minerId: string, dto: RecordCardFeeDto): Promise<Omit<NewCardFee, 'recordedBy'>> {
    const miner = await this.records.require(tx, minerId, true);
    if (miner.status === 'exited') throw new DomainError('MINER_EXITED', { memberNumber: miner.memberNumber }, 'conflict');
    const { today } = await this.records.cooperativeDay(tx);
    const paidOn = dto.paidOn === undefined ? today : assertIsoDate(dto.paidOn);
    if (compareIsoDates(paidOn, today) > 0) throw new DomainError('CARD_FEE_IN_FUTURE', { paidOn });
    if (dto.cardId !== undefined && !(await this.repository.cardBelongsTo(tx, minerId, dto.cardId))) {
      throw new DomainError('CARD_NOT_FOUND', { cardId: dto.cardId }, 'not_found');
    }
    const receiptNumber = dto.receiptNumber.trim();
    if (receiptNumber.length === 0) throw new DomainError('RECEIPT_NUMBER_REQUIRED', {});
    const holder = await this.repository.memberNumberWithReceipt(tx, receiptNumber);
    if (holder !== null) throw new DomainError('RECEIPT_NUMBER_TAKEN', { receiptNumber, memberNumber: holder }, 'conflict');
    const { amountMinor, currency, paymentMethod } = dto;
    return { id, minerId, cardId: dto.cardId ?? null, amountMinor, currency, paidOn, receiptNumber, paymentMethod };
  }
}
