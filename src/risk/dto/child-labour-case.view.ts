import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_PARTNER_KINDS, type CasePartnerKind } from '../child-labour-case.entity.js';
import { CASE_OUTCOMES, CASE_STATES, PLAN_ITEM_KINDS, PLAN_ITEM_STATUSES, type CaseOutcome, type CaseState, type PlanItemKind, type PlanItemStatus } from '../rules/child-labour-case.js';

export class ChildLabourCaseChildView {
  @ApiProperty({ type: String }) fullName!: string;
  @ApiProperty({ enum: ['female', 'male'] }) sex!: 'female' | 'male';
  @ApiProperty({ type: String, format: 'date', nullable: true }) birthDate!: string | null;
  @ApiProperty({ type: Number, nullable: true }) ageYearsAtIdentification!: number | null;
  @ApiProperty({ type: String, nullable: true }) school!: string | null;
  @ApiProperty({ type: String, nullable: true }) village!: string | null;
}

export class ChildLabourCaseGuardianView {
  @ApiProperty({ type: String }) fullName!: string;
  @ApiProperty({ type: String }) relationship!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
}

export class ChildLabourCaseReferralView {
  @ApiProperty({ type: String }) organisation!: string;
  @ApiProperty({ type: String, format: 'date' }) referredOn!: string;
}

export class ChildLabourPlanItemView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PLAN_ITEM_KINDS }) kind!: PlanItemKind;
  @ApiProperty({ type: String }) description!: string;
  @ApiProperty({ enum: PLAN_ITEM_STATUSES }) status!: PlanItemStatus;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueDate!: string | null;
}

export class ChildLabourCaseVisitView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'date' }) visitedOn!: string;
  @ApiProperty({ type: String, format: 'uuid' }) visitedByUserId!: string;
  @ApiProperty({ type: String }) notes!: string;
  @ApiProperty({ type: Boolean, nullable: true }) childAttendingSchool!: boolean | null;
}

/**
 * A case as its reader may see it: admins and the case's designated officers get every
 * field; anyone else gets `redacted: true` with status and counts only (the optional fields
 * of each kind are absent from the other).
 */
export class ChildLabourCaseView {
  @ApiPropertyOptional({ type: Boolean, enum: [true], description: 'Present (true) when the child’s details were withheld from this reader.' }) redacted?: true;
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) siteId!: string | null;
  @ApiProperty({ enum: CASE_STATES }) state!: CaseState;
  @ApiProperty({ enum: CASE_OUTCOMES, nullable: true }) outcome!: CaseOutcome | null;
  @ApiProperty({ type: String, format: 'date' }) identifiedOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn!: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Details only.' }) sourceFlagId?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Details only.' }) caseOfficerUserIds?: readonly string[];
  @ApiPropertyOptional({ type: () => ChildLabourCaseChildView, description: 'Details only.' }) child?: ChildLabourCaseChildView;
  @ApiPropertyOptional({ type: () => ChildLabourCaseGuardianView, nullable: true, description: 'Details only.' }) guardian?: ChildLabourCaseGuardianView | null;
  @ApiPropertyOptional({ type: () => ChildLabourCaseReferralView, nullable: true, description: 'Details only.' }) referral?: ChildLabourCaseReferralView | null;
  @ApiPropertyOptional({ type: () => [ChildLabourPlanItemView], description: 'Details only.' }) planItems?: readonly ChildLabourPlanItemView[];
  @ApiPropertyOptional({ type: () => [ChildLabourCaseVisitView], description: 'Details only.' }) visits?: readonly ChildLabourCaseVisitView[];
  @ApiPropertyOptional({ type: Boolean, description: 'Redacted view only.' }) referred?: boolean;
  @ApiPropertyOptional({ type: Number, description: 'Redacted view only.' }) planItemCount?: number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Redacted view only: items per status.' })
  planItemsByStatus?: Readonly<Record<PlanItemStatus, number>>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Redacted view only: items per kind.' })
  planItemsByKind?: Readonly<Record<PlanItemKind, number>>;
  @ApiPropertyOptional({ type: Number, description: 'Redacted view only.' }) visitCount?: number;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Redacted view only.' }) lastVisitOn?: string | null;
}

export class CasePartnerView {
  @ApiProperty({ type: String, format: 'uuid' }) cooperativeId!: string;
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ enum: CASE_PARTNER_KINDS }) kind!: CasePartnerKind;
  @ApiProperty({ type: String, nullable: true }) contact!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The organisation whose social workers see the cases referred here.' }) organisationId!: string | null;
  @ApiProperty({ type: Date }) createdAt!: Date;
}
