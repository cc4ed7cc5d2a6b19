import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('site_zones')
export class SiteZone {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'site_id' }) siteId: string;
  @Column('text') name: string;
  @Column('boolean') hazardous: boolean;
  @Column('text', { name: 'ppe_required', array: true }) ppeRequired: string[];
  @Column('boolean', { name: 'forbids_pregnancy' }) forbidsPregnancy: boolean;
  @Column('integer', { nullable: true }) capacity: number | null;
  @Column('text', { name: 'trainings_required', array: true }) trainingsRequired: string[];
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
