import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A supervisor reads every cooperative of the provinces listed here, and writes none. */
@Entity('supervisor_jurisdictions')
export class SupervisorJurisdiction {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('char', { length: 2 }) country: string;
  @PrimaryColumn('text') province: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
