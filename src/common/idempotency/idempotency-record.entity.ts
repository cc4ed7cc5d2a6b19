import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('idempotency_keys')
export class IdempotencyRecord {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('text') key: string;
  @Column('text') method: string;
  @Column('text') path: string;
  @Column('text', { name: 'request_hash' }) requestHash: string;
  @Column('integer', { nullable: true }) status: number | null;
  @Column('jsonb', { nullable: true }) response: unknown;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
