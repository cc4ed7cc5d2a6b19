import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One dated version of a fee withheld from purchases for a fund (append-only). */
@Entity('fee_rules')
export class FeeRuleRecord {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'rule_code' }) ruleCode: string;
  @Column('text', { name: 'fund_code' }) fundCode: string;
  @Column('text') kind: string;
  @Column('integer', { name: 'rate_bp', nullable: true }) rateBp: number | null;
  @Column('bigint', { name: 'amount_minor', nullable: true }) amountMinor: string | null;
  @Column('char', { length: 3, nullable: true }) currency: string | null;
  @Column('date', { name: 'valid_from' }) validFrom: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
