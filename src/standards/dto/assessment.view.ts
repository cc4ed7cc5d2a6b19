import { ApiProperty } from '@nestjs/swagger';
import { CORRECTIVE_ACTION_STATUSES, type CorrectiveActionStatus } from '../../risk/rules/overdue.js';
import type { CriterionChange, Trend } from '../rules/history.js';
import { CRITERION_RESULTS, type CriterionResult } from '../rules/scoring.js';
import { LocalisedTextView } from './standard.view.js';

const TRENDS = ['first', 'up', 'down', 'same'];

export class AssessmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty() standardId!: string;
  @ApiProperty({ description: 'The version of the standard the assessment was made against.' }) standardVersion!: string;
  @ApiProperty({ type: String, format: 'date' }) assessedOn!: string;
  @ApiProperty({ format: 'uuid' }) assessorUserId!: string;
  @ApiProperty({ type: String, nullable: true }) assessorName!: string | null;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Met ÷ (met + not met) over all criteria, basis points; null when all are not applicable.' }) scoreBp!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The highest level whose "must" criteria (and those below) are all met; null when none.' }) levelReached!: string | null;
  @ApiProperty({ enum: TRENDS, description: 'Against the previous assessment of this site and standard.' }) trend!: Trend;
  @ApiProperty({ type: Date }) createdAt!: Date;
}

export class SectionScoreView {
  @ApiProperty() sectionId!: string;
  @ApiProperty({ type: () => LocalisedTextView }) title!: LocalisedTextView;
  @ApiProperty({ type: 'integer' }) met!: number;
  @ApiProperty({ type: 'integer' }) notMet!: number;
  @ApiProperty({ type: 'integer' }) notApplicable!: number;
  @ApiProperty({ type: 'integer', nullable: true }) scoreBp!: number | null;
}

export class AssessmentEvidenceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) assessmentId!: string;
  @ApiProperty() criterionId!: string;
  @ApiProperty({ enum: ['image/jpeg', 'image/png', 'application/pdf'] }) contentType!: string;
  @ApiProperty({ type: 'integer' }) byteSize!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ type: String, nullable: true }) originalName!: string | null;
  @ApiProperty({ format: 'uuid' }) uploadedBy!: string;
  @ApiProperty({ type: Date }) uploadedAt!: Date;
}

export class CriterionActionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The risk flag it hangs on: close it with PATCH /risk-flags/{flagId}/actions/{id}.' }) flagId!: string;
  @ApiProperty({ format: 'uuid' }) assessmentId!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'uuid' }) ownerUserId!: string;
  @ApiProperty({ type: String, format: 'date' }) dueOn!: string;
  @ApiProperty({ enum: CORRECTIVE_ACTION_STATUSES }) status!: CorrectiveActionStatus;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: Date, nullable: true }) completedAt!: Date | null;
}

export class AssessedCriterionView {
  @ApiProperty() criterionId!: string;
  @ApiProperty() sectionId!: string;
  @ApiProperty() level!: string;
  @ApiProperty() must!: boolean;
  @ApiProperty({ type: () => LocalisedTextView }) text!: LocalisedTextView;
  @ApiProperty({ enum: CRITERION_RESULTS }) result!: CriterionResult;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ enum: [...CRITERION_RESULTS, null], nullable: true, description: 'In the previous assessment of this site and standard.' }) previousResult!: CriterionResult | null;
  @ApiProperty({ description: 'Not met now and in the previous assessment.' }) failedTwiceInARow!: boolean;
  @ApiProperty({ type: () => [AssessmentEvidenceView] }) evidence!: AssessmentEvidenceView[];
  @ApiProperty({ type: () => CriterionActionView, nullable: true, description: 'The corrective action this failed "must" opened.' }) correctiveAction!: CriterionActionView | null;
  @ApiProperty({ type: () => [CriterionActionView], description: 'Actions the previous assessment opened on this criterion: done ones are evidence for this one.' }) previousActions!: CriterionActionView[];
}

export class AssessmentDetailView extends AssessmentView {
  @ApiProperty({ type: () => LocalisedTextView }) standardName!: LocalisedTextView;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) previousAssessmentId!: string | null;
  @ApiProperty({ type: () => [SectionScoreView] }) sections!: SectionScoreView[];
  @ApiProperty({ type: () => [AssessedCriterionView] }) criteria!: AssessedCriterionView[];
}

export class SectionComparisonView {
  @ApiProperty() sectionId!: string;
  @ApiProperty({ type: 'integer', nullable: true }) fromScoreBp!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) toScoreBp!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) deltaBp!: number | null;
}

export class CriterionComparisonView {
  @ApiProperty() criterionId!: string;
  @ApiProperty({ enum: [...CRITERION_RESULTS, null], nullable: true }) from!: CriterionResult | null;
  @ApiProperty({ enum: [...CRITERION_RESULTS, null], nullable: true }) to!: CriterionResult | null;
  @ApiProperty({ enum: ['improved', 'worsened', 'unchanged', 'added', 'removed'] }) change!: CriterionChange;
}

/** Two assessments of one site against one standard, the older as `from`. */
export class AssessmentComparisonView {
  @ApiProperty({ type: () => AssessmentView }) from!: AssessmentView;
  @ApiProperty({ type: () => AssessmentView }) to!: AssessmentView;
  @ApiProperty({ type: 'integer', nullable: true }) scoreDeltaBp!: number | null;
  @ApiProperty({ type: () => [SectionComparisonView] }) sections!: SectionComparisonView[];
  @ApiProperty({ type: () => [CriterionComparisonView] }) criteria!: CriterionComparisonView[];
}
