import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who is inside a site now: one row per member inside, rewritten by the gate (see the migration). */
@Entity('gate_presence')
export class GatePresence {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'site_id' }) siteId: string;
  @PrimaryColumn('uuid', { name: 'miner_id' }) minerId: string;
  @Column('uuid', { name: 'zone_id' }) zoneId: string;
  @Column('timestamptz', { name: 'entered_at' }) enteredAt: Date;
}
