import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who buys the cooperative's lots; read and written through explicit SQL (sales.repository.ts). */
@Entity('buyers')
export class Buyer {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'licence_number' }) licenceNumber: string;
  @Column('text') type: string;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** A sale of purchase lots to one buyer, with our totals computed from the lots; append-only. */
@Entity('sales')
export class Sale {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'buyer_id' }) buyerId: string;
  @Column('date', { name: 'sold_on' }) soldOn: string;
  @Column('text') mineral: string;
  @Column('integer', { name: 'lot_count' }) lotCount: number;
  @Column('bigint', { name: 'net_mg' }) netMg: string;
  @Column('integer', { name: 'grade_bp', nullable: true }) gradeBp: number | null;
  @Column('bigint', { name: 'unit_price_minor', nullable: true }) unitPriceMinor: string | null;
  @Column('text', { name: 'price_unit', nullable: true }) priceUnit: string | null;
  @Column('text', { name: 'price_basis', nullable: true }) priceBasis: string | null;
  @Column('char', { length: 3 }) currency: string;
  @Column('bigint', { name: 'amount_minor' }) amountMinor: string;
  @Column('text', { name: 'exchange_rate', nullable: true }) exchangeRate: string | null;
  @Column('char', { name: 'exchange_rate_base', length: 3, nullable: true }) exchangeRateBase: string | null;
  @Column('char', { name: 'reporting_currency', length: 3 }) reportingCurrency: string;
  @Column('bigint', { name: 'amount_reporting_minor' }) amountReportingMinor: string;
  @Column('text', { nullable: true }) reference: string | null;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** One lot in one sale; the key on the purchase makes a lot sellable once. */
@Entity('sale_lots')
export class SaleLot {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'purchase_id' }) purchaseId: string;
  @Column('uuid', { name: 'sale_id' }) saleId: string;
}

/** The buyer's measurement of a sale, with the comparison it was judged on; append-only. */
@Entity('sale_buyer_measurements')
export class SaleBuyerMeasurement {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'sale_id' }) saleId: string;
  @Column('uuid', { name: 'corrects_id', nullable: true }) correctsId: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('date', { name: 'measured_on' }) measuredOn: string;
  @Column('bigint', { name: 'net_mg' }) netMg: string;
  @Column('integer', { name: 'grade_bp', nullable: true }) gradeBp: number | null;
  @Column('integer', { name: 'moisture_bp', nullable: true }) moistureBp: number | null;
  @Column('text', { nullable: true }) reference: string | null;
  @Column('bigint', { name: 'our_net_mg' }) ourNetMg: string;
  @Column('integer', { name: 'our_grade_bp', nullable: true }) ourGradeBp: number | null;
  @Column('bigint', { name: 'mass_diff_mg' }) massDiffMg: string;
  @Column('bigint', { name: 'mass_diff_bp' }) massDiffBp: string;
  @Column('integer', { name: 'grade_diff_bp', nullable: true }) gradeDiffBp: number | null;
  @Column('integer', { name: 'mass_tolerance_bp' }) massToleranceBp: number;
  @Column('integer', { name: 'grade_tolerance_bp' }) gradeToleranceBp: number;
  @Column('boolean') exceeds: boolean;
  @Column('jsonb') reasons: string[];
  @Column('uuid', { name: 'risk_flag_id', nullable: true }) riskFlagId: string | null;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** Per-cooperative tolerances of the buyer reconciliation; no row means the defaults. */
@Entity('sale_reconciliation_settings')
export class SaleReconciliationSettings {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @Column('integer', { name: 'mass_tolerance_bp' }) massToleranceBp: number;
  @Column('integer', { name: 'grade_tolerance_bp' }) gradeToleranceBp: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
