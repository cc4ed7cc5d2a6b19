import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CASE_PARTNER_KINDS, type CasePartnerKind } from '../child-labour-case.entity.js';
import {
  CASE_OUTCOMES,
  CASE_STATES,
  PLAN_ITEM_KINDS,
  PLAN_ITEM_STATUSES,
  type CaseOutcome,
  type CaseState,
  type PlanItemKind,
  type PlanItemStatus,
} from '../rules/child-labour-case.js';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';

export class ChildDto {
  @IsString() @MinLength(1) @MaxLength(200) fullName: string;
  @IsIn(['female', 'male']) sex: 'female' | 'male';
  @IsOptional() @Matches(ISO_DATE_PATTERN) birthDate?: string;
  /** Age, or the officer's estimate when the birth date is unknown. */
  @IsOptional() @IsInt() @Min(0) @Max(17) ageYears?: number;
  /** School attended, or a note of the school status ('out of school since 2025'). */
  @IsOptional() @IsString() @MaxLength(200) school?: string;
  @IsOptional() @IsString() @MaxLength(200) village?: string;
}

export class GuardianDto {
  @IsString() @MinLength(1) @MaxLength(200) fullName: string;
  @IsString() @MinLength(1) @MaxLength(100) relationship: string;
  @IsOptional() @IsString() @MaxLength(40) phone?: string;
}

export class OpenCaseDto {
  @IsOptional() @IsUUID() id?: string;
  @IsUUID() flagId: string;
  @ValidateNested() @Type(() => ChildDto) child: ChildDto;
  @IsOptional() @ValidateNested() @Type(() => GuardianDto) guardian?: GuardianDto;
  /** Officers designated on the case; the officer opening it is always one of them. */
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(10) @IsUUID('all', { each: true }) caseOfficerUserIds?: string[];
  /** Defaults to today at the cooperative. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) identifiedOn?: string;
}

export class PlanItemDto {
  /** Kept when editing an existing item; a new item gets one. */
  @IsOptional() @IsUUID() id?: string;
  @IsIn(PLAN_ITEM_KINDS) kind: PlanItemKind;
  @IsString() @MinLength(1) @MaxLength(1000) description: string;
  @IsIn(PLAN_ITEM_STATUSES) status: PlanItemStatus;
  @IsOptional() @Matches(ISO_DATE_PATTERN) dueDate?: string;
}

/** Any of: a move to another state, the referral, the whole remediation plan, the designated officers. */
export class UpdateCaseDto {
  @IsOptional() @IsIn(CASE_STATES) to?: CaseState;
  @IsOptional() @IsIn(CASE_OUTCOMES) outcome?: CaseOutcome;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) reason?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) referredOn?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PlanItemDto) planItems?: PlanItemDto[];
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(10) @IsUUID('all', { each: true }) caseOfficerUserIds?: string[];
}

export class RecordVisitDto {
  @IsOptional() @IsUUID() id?: string;
  @Matches(ISO_DATE_PATTERN) visitedOn: string;
  @IsString() @MinLength(1) @MaxLength(4000) notes: string;
  @IsOptional() @IsBoolean() childAttendingSchool?: boolean;
}

export class CreateCasePartnerDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsIn(CASE_PARTNER_KINDS) kind: CasePartnerKind;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500) contact?: string;
}
