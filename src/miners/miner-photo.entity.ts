import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The miner's photo, kept out of the miners row so that lists never carry it. */
@Entity('miner_photos')
export class MinerPhoto {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'miner_id' }) minerId: string;
  @Column('text', { name: 'content_type' }) contentType: 'image/jpeg' | 'image/png';
  @Column('bytea') content: Buffer;
  @Column('uuid', { name: 'uploaded_by' }) uploadedBy: string;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt: Date;
}
