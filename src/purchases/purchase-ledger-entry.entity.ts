import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of the append-only purchase ledger: a purchase or the reversal of one. Read through explicit SQL. */
@Entity('purchase_ledger')
export class PurchaseLedgerEntry {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('integer') sequence: number;
  @Column('text') kind: string;
  @Column('uuid', { name: 'reverses_id', nullable: true }) reversesId: string | null;
  @Column('text', { name: 'lot_number', nullable: true }) lotNumber: string | null;
  @Column('text', { name: 'tag_id', nullable: true }) tagId: string | null;
  @Column('uuid', { name: 'seller_id', nullable: true }) sellerId: string | null;
  @Column('uuid', { name: 'site_id', nullable: true }) siteId: string | null;
  @Column('text', { nullable: true }) mineral: string | null;
  @Column('bigint', { name: 'gross_mg', nullable: true }) grossMg: string | null;
  @Column('bigint', { name: 'net_mg', nullable: true }) netMg: string | null;
  @Column('integer', { name: 'grade_bp', nullable: true }) gradeBp: number | null;
  @Column('integer', { name: 'moisture_bp', nullable: true }) moistureBp: number | null;
  @Column('bigint', { name: 'unit_price_minor', nullable: true }) unitPriceMinor: string | null;
  @Column('text', { name: 'price_unit', nullable: true }) priceUnit: string | null;
  @Column('text', { name: 'price_basis', nullable: true }) priceBasis: string | null;
  @Column('char', { length: 3, nullable: true }) currency: string | null;
  @Column('text', { name: 'exchange_rate', nullable: true }) exchangeRate: string | null;
  @Column('char', { name: 'exchange_rate_base', length: 3, nullable: true }) exchangeRateBase: string | null;
  @Column('char', { name: 'reporting_currency', length: 3, nullable: true }) reportingCurrency: string | null;
  @Column('bigint', { name: 'amount_minor', nullable: true }) amountMinor: string | null;
  @Column('bigint', { name: 'amount_reporting_minor', nullable: true }) amountReportingMinor: string | null;
  @Column('jsonb') fees: { fundCode: string; amountMinor: number }[];
  @Column('bigint', { name: 'net_paid_minor', nullable: true }) netPaidMinor: string | null;
  @Column('text', { name: 'payment_method', nullable: true }) paymentMethod: string | null;
  @Column('text', { name: 'payment_reference', nullable: true }) paymentReference: string | null;
  @Column('timestamptz', { name: 'captured_at', nullable: true }) capturedAt: Date | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
  @Column('uuid', { name: 'officer_id' }) officerId: string;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('char', { name: 'previous_hash', length: 64 }) previousHash: string;
  @Column('char', { length: 64 }) hash: string;
  /** Diamond details: all three or none (rules/canonical.ts writes them only when present). */
  @Column('integer', { nullable: true }) stones: number | null;
  @Column('text', { name: 'quality_class', nullable: true }) qualityClass: string | null;
  @Column('uuid', { name: 'parcel_id', nullable: true }) parcelId: string | null;
}
