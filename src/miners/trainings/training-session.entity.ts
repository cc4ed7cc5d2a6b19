import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TrainingTopic } from '../rules/certifications.js';

/** One training session (append-only); validity 0 means the training never expires. */
@Entity('training_sessions')
export class TrainingSession {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') topic: TrainingTopic;
  @Column('date', { name: 'held_on' }) heldOn: string;
  @Column('text') trainer: string;
  @Column('integer', { name: 'validity_months' }) validityMonths: number;
  @Column('uuid', { name: 'site_id', nullable: true }) siteId: string | null;
  @Column('text', { nullable: true }) notes: string | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
