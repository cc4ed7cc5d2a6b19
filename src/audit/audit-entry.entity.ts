import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One change (or personal-data read), append-only: the database refuses UPDATE and DELETE. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryColumn('bigint') id: string;
  @Column('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @Column('uuid', { name: 'actor_user_id', nullable: true }) actorUserId: string | null;
  @Column('text') action: string;
  @Column('text') entity: string;
  @Column('text', { name: 'entity_id' }) entityId: string;
  @Column('jsonb', { nullable: true }) before: Record<string, unknown> | null;
  @Column('jsonb', { nullable: true }) after: Record<string, unknown> | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('timestamptz') at: Date;
}
