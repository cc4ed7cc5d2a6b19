import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../../database/tx.js';
import type { CardFeeView } from '../dto/card-fee.view.js';

/** A fee to record: the fee without what the database fills in or joins (the rows read back are the views). */
export type NewCardFee = Omit<CardFeeView, 'memberNumber' | 'recordedAt'>;

const FEE_COLUMNS = `
  f.id, f.miner_id AS "minerId", m.member_number AS "memberNumber", f.card_id AS "cardId", f.amount_minor::float8 AS "amountMinor",
  f.currency, f.paid_on::text AS "paidOn", f.receipt_number AS "receiptNumber", f.payment_method AS "paymentMethod",
  f.recorded_by AS "recordedBy", f.recorded_at AS "recordedAt"`;
const FEE_FROM = 'miner_card_fees f JOIN miners m ON m.cooperative_id = f.cooperative_id AND m.id = f.miner_id';

/** Every SQL query of card fees, each named for what it returns. */
@Injectable()
export class CardFeesRepository {
  /** False when a fee with that id already exists. */
  async insert(tx: TenantTx, fee: NewCardFee): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `INSERT INTO miner_card_fees (cooperative_id, id, miner_id, card_id, amount_minor, currency, paid_on, receipt_number, payment_method, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
      [tx.cooperativeId, fee.id, fee.minerId, fee.cardId, fee.amountMinor, fee.currency, fee.paidOn, fee.receiptNumber, fee.paymentMethod, fee.recordedBy],
    );
    return rows.length > 0;
  }

  async fee(tx: TenantTx, feeId: string): Promise<CardFeeView | null> {
    const [row] = await tx.query<CardFeeView[]>(`SELECT ${FEE_COLUMNS} FROM ${FEE_FROM} WHERE f.cooperative_id = $1 AND f.id = $2`, [tx.cooperativeId, feeId]);
    return row ?? null;
  }

  async memberNumberWithReceipt(tx: TenantTx, receiptNumber: string): Promise<string | null> {
    const [row] = await tx.query<{ memberNumber: string }[]>(
      `SELECT m.member_number AS "memberNumber" FROM ${FEE_FROM} WHERE f.cooperative_id = $1 AND f.receipt_number = $2`,
      [tx.cooperativeId, receiptNumber],
    );
    return row?.memberNumber ?? null;
  }

  async cardBelongsTo(tx: TenantTx, minerId: string, cardId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM miner_cards WHERE cooperative_id = $1 AND miner_id = $2 AND id = $3', [tx.cooperativeId, minerId, cardId]);
    return rows.length > 0;
  }

  /** Fees paid in the period (either end open), by one miner when given, in payment order. */
  async fees(tx: TenantTx, period: { from?: string; to?: string }, minerId: string | null): Promise<CardFeeView[]> {
    return tx.query<CardFeeView[]>(
      `SELECT ${FEE_COLUMNS} FROM ${FEE_FROM}
        WHERE f.cooperative_id = $1 AND ($2::date IS NULL OR f.paid_on >= $2) AND ($3::date IS NULL OR f.paid_on <= $3)
          AND ($4::uuid IS NULL OR f.miner_id = $4)
        ORDER BY f.paid_on, f.recorded_at, f.id`,
      [tx.cooperativeId, period.from ?? null, period.to ?? null, minerId],
    );
  }
}
