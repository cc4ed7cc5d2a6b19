import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EvidenceContentType } from './evidence-file.js';

/** A photo or document attached to a risk flag; append-only. */
@Entity('risk_flag_evidence')
export class RiskFlagEvidence {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'flag_id' }) flagId: string;
  @Column('text', { name: 'content_type' }) contentType: EvidenceContentType;
  @Column('integer', { name: 'byte_size' }) byteSize: number;
  @Column('text') sha256: string;
  @Column('bytea') content: Buffer;
  @Column('text', { name: 'original_name', nullable: true }) originalName: string | null;
  /** NULL on an anonymous flag's evidence. */
  @Column('uuid', { name: 'uploaded_by', nullable: true }) uploadedBy: string | null;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt: Date;
}

/** Per-cooperative risk settings; no row means the defaults. */
@Entity('risk_settings')
export class RiskSettings {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @Column('integer', { name: 'critical_ack_hours' }) criticalAckHours: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
