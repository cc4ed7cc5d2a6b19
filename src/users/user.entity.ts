import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryColumn('uuid') id: string;
  @Column('text') login: string;
  @Column('text', { name: 'login_kind' }) loginKind: 'email' | 'phone';
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('text') name: string;
  @Column('boolean', { name: 'is_operator' }) isOperator: boolean;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
