import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PLAN_ITEM_STATUSES, type PlanItemStatus } from '../rules/child-labour-case.js';

/** A remediation-plan item's progress, as the partner's social worker records it. */
export class UpdatePlanItemProgressDto {
  @IsIn(PLAN_ITEM_STATUSES) status: PlanItemStatus;
  /** What changed, for the case's history (kept in the audit trail, never shown outside the case). */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) note?: string;
}

export class LinkPartnerOrganisationDto {
  /** The child-protection partner organisation; null unties it. */
  @IsOptional() @IsUUID() organisationId: string | null;
}
