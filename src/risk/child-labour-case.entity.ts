import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseOutcome, CaseState, GuardianDetails, RemediationPlanItem } from './rules/child-labour-case.js';

export const CASE_PARTNER_KINDS = ['ngo', 'school', 'childrens_home', 'government', 'other'] as const;
export type CasePartnerKind = (typeof CASE_PARTNER_KINDS)[number];

/** An organisation children are referred to for case management. */
@Entity('case_partners')
export class CasePartner {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') kind: CasePartnerKind;
  @Column('text', { nullable: true }) contact: string | null;
  /** The organisation (child-protection partner) whose social workers work on the cases referred here; null when it has no logins. */
  @Column('uuid', { name: 'organisation_id', nullable: true }) organisationId: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('child_labour_cases')
export class ChildLabourCase {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'flag_id' }) flagId: string;
  @Column('uuid', { name: 'site_id', nullable: true }) siteId: string | null;
  @Column('text') state: CaseState;
  @Column('text', { nullable: true }) outcome: CaseOutcome | null;
  @Column('text', { name: 'outcome_reason', nullable: true }) outcomeReason: string | null;
  @Column('date', { name: 'identified_on' }) identifiedOn: string;
  @Column('date', { name: 'closed_on', nullable: true }) closedOn: string | null;
  @Column('uuid', { name: 'case_officer_user_ids', array: true }) caseOfficerUserIds: string[];
  @Column('text', { name: 'child_name' }) childName: string;
  @Column('text', { name: 'child_sex' }) childSex: 'female' | 'male';
  @Column('date', { name: 'child_birth_date', nullable: true }) childBirthDate: string | null;
  @Column('integer', { name: 'child_age_years', nullable: true }) childAgeYears: number | null;
  @Column('text', { name: 'child_school', nullable: true }) childSchool: string | null;
  @Column('text', { name: 'child_village', nullable: true }) childVillage: string | null;
  @Column('jsonb', { nullable: true }) guardian: GuardianDetails | null;
  @Column('uuid', { name: 'partner_id', nullable: true }) partnerId: string | null;
  @Column('date', { name: 'referred_on', nullable: true }) referredOn: string | null;
  @Column('jsonb', { name: 'plan_items' }) planItems: RemediationPlanItem[];
  @Column('uuid', { name: 'created_by_user_id' }) createdByUserId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** Append-only: one follow-up visit to the child. */
@Entity('child_labour_case_visits')
export class ChildLabourCaseVisit {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('date', { name: 'visited_on' }) visitedOn: string;
  @Column('uuid', { name: 'visited_by_user_id' }) visitedByUserId: string;
  @Column('text') notes: string;
  @Column('boolean', { name: 'child_attending_school', nullable: true }) childAttendingSchool: boolean | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
