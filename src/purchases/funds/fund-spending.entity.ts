import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One request to pay out of a benefit-sharing fund (append-only). It moves money only once
 * another admin approved it (FundSpendingDecisionRecord). Read and written through explicit SQL.
 */
@Entity('fund_spending')
export class FundSpendingRecord {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'fund_code' }) fundCode: string;
  @Column('text') purpose: string;
  @Column('bigint', { name: 'amount_minor' }) amountMinor: string;
  @Column('char', { length: 3 }) currency: string;
  @Column('date', { name: 'spent_on' }) spentOn: string;
  /** Only on spending recorded before approvals were separate actions (each has an approved decision). */
  @Column('uuid', { name: 'approved_by', nullable: true }) approvedBy: string | null;
  /** Who requested the spending. */
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** The approval or rejection of one spending, by another admin than the requester (append-only). */
@Entity('fund_spending_decisions')
export class FundSpendingDecisionRecord {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'spending_id' }) spendingId: string;
  @Column('text') decision: 'approved' | 'rejected';
  @Column('uuid', { name: 'decided_by' }) decidedBy: string;
  /** Required for a rejection. */
  @Column('text', { nullable: true }) reason: string | null;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
}
