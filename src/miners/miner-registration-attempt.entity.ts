import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registration the registry refused (a minor), kept because the attempt itself is a risk. */
@Entity('miner_registration_attempts')
export class MinerRegistrationAttempt {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') outcome: 'refused_minor';
  @Column('text', { name: 'first_name' }) firstName: string;
  @Column('text', { name: 'middle_name', nullable: true }) middleName: string | null;
  @Column('text', { name: 'last_name' }) lastName: string;
  @Column('char', { length: 1 }) sex: string;
  @Column('date', { name: 'date_of_birth', nullable: true }) dateOfBirth: string | null;
  @Column('integer', { name: 'birth_year', nullable: true }) birthYear: number | null;
  @Column('boolean', { name: 'birth_date_estimated' }) birthDateEstimated: boolean;
  @Column('integer', { name: 'age_years' }) ageYears: number;
  @Column('uuid', { name: 'home_site_id', nullable: true }) homeSiteId: string | null;
  @Column('uuid', { name: 'attempted_by' }) attemptedBy: string;
  @Column('timestamptz', { name: 'attempted_at' }) attemptedAt: Date;
}
