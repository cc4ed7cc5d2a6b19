import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CooperativeRole } from '../auth/roles.js';

@Entity('user_roles')
export class UserRole {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('text') role: CooperativeRole;
  @Column('timestamptz', { name: 'granted_at' }) grantedAt: Date;
}
