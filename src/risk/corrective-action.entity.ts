import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CorrectiveActionStatus } from './rules/overdue.js';

@Entity('corrective_actions')
export class CorrectiveAction {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'flag_id' }) flagId: string;
  @Column('text') description: string;
  @Column('uuid', { name: 'owner_user_id' }) ownerUserId: string;
  /** Calendar date at the site, 'YYYY-MM-DD'. */
  @Column('date', { name: 'due_on' }) dueOn: string;
  @Column('text') status: CorrectiveActionStatus;
  @Column('text', { nullable: true }) note: string | null;
  @Column('uuid', { name: 'created_by_user_id' }) createdByUserId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('uuid', { name: 'completed_by_user_id', nullable: true }) completedByUserId: string | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  /** The site assessment and criterion this action answers (a failed "must"), else null. */
  @Column('uuid', { name: 'assessment_id', nullable: true }) assessmentId: string | null;
  @Column('text', { name: 'criterion_id', nullable: true }) criterionId: string | null;
}
