import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EvidenceContentType } from '../risk/evidence-file.js';
import type { CriterionResult } from './rules/scoring.js';

/** A site assessed against one version of a standard on a date; append-only. */
@Entity('site_assessments')
export class SiteAssessment {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'site_id' }) siteId: string;
  @Column('text', { name: 'standard_id' }) standardId: string;
  @Column('text', { name: 'standard_version' }) standardVersion: string;
  /** Calendar date at the site, 'YYYY-MM-DD'. */
  @Column('date', { name: 'assessed_on' }) assessedOn: string;
  @Column('uuid', { name: 'assessor_user_id' }) assessorUserId: string;
  /** An outside assessor's name and organisation, when the user recording is not the assessor. */
  @Column('text', { name: 'assessor_name', nullable: true }) assessorName: string | null;
  @Column('text', { nullable: true }) summary: string | null;
  @Column('integer', { name: 'score_bp', nullable: true }) scoreBp: number | null;
  @Column('text', { name: 'level_reached', nullable: true }) levelReached: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** One criterion's answer in an assessment; append-only. */
@Entity('site_assessment_criteria')
export class SiteAssessmentCriterion {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'assessment_id' }) assessmentId: string;
  @PrimaryColumn('text', { name: 'criterion_id' }) criterionId: string;
  /** The criterion's place in the standard's file. */
  @Column('integer') position: number;
  @Column('text', { name: 'section_id' }) sectionId: string;
  @Column('boolean') must: boolean;
  @Column('text') result: CriterionResult;
  @Column('text', { nullable: true }) note: string | null;
}

/** A photo or document supporting one answer; append-only. */
@Entity('site_assessment_evidence')
export class SiteAssessmentEvidence {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'assessment_id' }) assessmentId: string;
  @Column('text', { name: 'criterion_id' }) criterionId: string;
  @Column('text', { name: 'content_type' }) contentType: EvidenceContentType;
  @Column('integer', { name: 'byte_size' }) byteSize: number;
  @Column('text') sha256: string;
  @Column('bytea') content: Buffer;
  @Column('text', { name: 'original_name', nullable: true }) originalName: string | null;
  @Column('uuid', { name: 'uploaded_by' }) uploadedBy: string;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt: Date;
}
