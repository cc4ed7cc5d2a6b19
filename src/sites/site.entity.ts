import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GeoJsonPolygon } from './rules/geo.js';

export type SiteStatus = 'open' | 'closed';

@Entity('sites')
export class Site {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') code: string;
  @Column('integer', { name: 'latitude_e6' }) latitudeE6: number;
  @Column('integer', { name: 'longitude_e6' }) longitudeE6: number;
  @Column('jsonb', { nullable: true }) boundary: GeoJsonPolygon | null;
  @Column('text', { name: 'concession_ref', nullable: true }) concessionRef: string | null;
  @Column('text', { name: 'authorisation_ref', nullable: true }) authorisationRef: string | null;
  @Column('text', { array: true }) minerals: string[];
  @Column('text') status: SiteStatus;
  @Column('text', { name: 'closed_reason', nullable: true }) closedReason: string | null;
  @Column('date', { name: 'closed_on', nullable: true }) closedOn: string | null;
  @Column('date', { name: 'reopens_on', nullable: true }) reopensOn: string | null;
  @Column('text', { name: 'closing_time', nullable: true }) closingTime: string | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
