import { Column, Entity, PrimaryColumn } from 'typeorm';

export const LEGAL_FORMS = ['SCOOPS', 'COOP_CA'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

@Entity('cooperatives')
export class Cooperative {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'legal_form' }) legalForm: LegalForm;
  @Column('text', { name: 'registration_number' }) registrationNumber: string;
  @Column('text', { name: 'approval_number', nullable: true }) approvalNumber: string | null;
  @Column('char', { length: 2 }) country: string;
  @Column('text') province: string;
  @Column('text', { nullable: true }) territory: string | null;
  @Column('text', { array: true }) minerals: string[];
  @Column('char', { name: 'default_currency', length: 3 }) defaultCurrency: string;
  @Column('text') timezone: string;
  @Column('text') language: 'fr' | 'en';
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
