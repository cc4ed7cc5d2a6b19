import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One payment out of a benefit-sharing fund (append-only). Read and written through explicit SQL. */
@Entity('fund_spending')
export class FundSpendingRecord {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'fund_code' }) fundCode: string;
  @Column('text') purpose: string;
  @Column('bigint', { name: 'amount_minor' }) amountMinor: string;
  @Column('char', { length: 3 }) currency: string;
  @Column('date', { name: 'spent_on' }) spentOn: string;
  @Column('uuid', { name: 'approved_by' }) approvedBy: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
