import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MembershipStatus } from './rules/lifecycle.js';

export const ID_DOCUMENT_TYPES = ['voter_card', 'national_id', 'passport', 'other'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];
export const SEXES = ['F', 'M'] as const;
export type Sex = (typeof SEXES)[number];

/** A member of the cooperative as the SAEMAPE identification form describes them. */
@Entity('miners')
export class Miner {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'member_number' }) memberNumber: string;
  @Column('text', { name: 'first_name' }) firstName: string;
  @Column('text', { name: 'middle_name', nullable: true }) middleName: string | null;
  @Column('text', { name: 'last_name' }) lastName: string;
  @Column('char', { length: 1 }) sex: Sex;
  @Column('date', { name: 'date_of_birth', nullable: true }) dateOfBirth: string | null;
  @Column('integer', { name: 'birth_year', nullable: true }) birthYear: number | null;
  @Column('boolean', { name: 'birth_date_estimated' }) birthDateEstimated: boolean;
  @Column('text', { name: 'place_of_birth', nullable: true }) placeOfBirth: string | null;
  @Column('char', { length: 2 }) nationality: string;
  @Column('text', { name: 'id_document_type' }) idDocumentType: IdDocumentType;
  @Column('text', { name: 'id_document_number' }) idDocumentNumber: string;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) address: string | null;
  @Column('uuid', { name: 'home_site_id', nullable: true }) homeSiteId: string | null;
  @Column('date', { name: 'membership_date' }) membershipDate: string;
  @Column('text', { name: 'next_of_kin_name', nullable: true }) nextOfKinName: string | null;
  @Column('text', { name: 'next_of_kin_phone', nullable: true }) nextOfKinPhone: string | null;
  @Column('text') status: MembershipStatus;
  @Column('text', { name: 'search_text' }) searchText: string;
  @Column('text', { name: 'duplicate_key' }) duplicateKey: string;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
