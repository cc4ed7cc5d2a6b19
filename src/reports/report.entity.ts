import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'reports' })
export class ReportRecord {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'id' }) id: string;
  @Column('text', { name: 'kind' }) kind: string;
  @Column('text', { name: 'period_key' }) periodKey: string;
  @Column('date', { name: 'period_from' }) periodFrom: string;
  @Column('date', { name: 'period_to' }) periodTo: string;
  @Column('integer', { name: 'version' }) version: number;
  @Column('jsonb', { name: 'content' }) content: unknown;
  @Column('char', { name: 'content_hash', length: 64 }) contentHash: string;
  @Column('jsonb', { name: 'changes' }) changes: unknown;
  @Column('boolean', { name: 'ledger_ok', nullable: true }) ledgerOk: boolean | null;
  @Column('uuid', { name: 'generated_by' }) generatedBy: string;
  @Column('timestamptz', { name: 'generated_at' }) generatedAt: Date;
}
