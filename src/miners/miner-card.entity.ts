import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One artisanal miner's card; a renewal adds a row and the old card stays (append-only). */
@Entity('miner_cards')
export class MinerCardRecord {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'miner_id' }) minerId: string;
  @Column('text', { name: 'card_number' }) cardNumber: string;
  @Column('date', { name: 'issued_on' }) issuedOn: string;
  @Column('date', { name: 'expires_on' }) expiresOn: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
