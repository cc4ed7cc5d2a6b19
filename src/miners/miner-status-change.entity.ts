import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MembershipStatus } from './rules/lifecycle.js';

/** One decision on a membership (append-only); from_status is null for the registration. */
@Entity('miner_status_changes')
export class MinerStatusChange {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'miner_id' }) minerId: string;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus: MembershipStatus | null;
  @Column('text', { name: 'to_status' }) toStatus: MembershipStatus;
  @Column('text') reason: string;
  @Column('date', { name: 'effective_on' }) effectiveOn: string;
  @Column('uuid', { name: 'decided_by' }) decidedBy: string;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
}
