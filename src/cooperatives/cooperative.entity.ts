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

/** A change of legal form, made by the platform operator, with the date it takes effect. */
@Entity('cooperative_legal_form_changes')
export class CooperativeLegalFormChange {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'from_form' }) fromForm: LegalForm;
  @Column('text', { name: 'to_form' }) toForm: LegalForm;
  @Column('date', { name: 'effective_on' }) effectiveOn: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
