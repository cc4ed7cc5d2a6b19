import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FeePaymentMethod } from './card-fee.dto.js';

/** A card fee collected from a miner for the provincial division of mines (append-only). */
@Entity('miner_card_fees')
export class MinerCardFee {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'miner_id' }) minerId: string;
  @Column('uuid', { name: 'card_id', nullable: true }) cardId: string | null;
  @Column('bigint', { name: 'amount_minor' }) amountMinor: string;
  @Column('char', { length: 3 }) currency: string;
  @Column('date', { name: 'paid_on' }) paidOn: string;
  @Column('text', { name: 'receipt_number' }) receiptNumber: string;
  @Column('text', { name: 'payment_method' }) paymentMethod: FeePaymentMethod;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
