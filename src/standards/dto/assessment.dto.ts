import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import { PageQueryDto } from '../../common/pagination.js';
import { CRITERION_RESULTS, type CriterionResult } from '../rules/scoring.js';

const CRITERION_ID = /^[a-z][a-z0-9_.-]{0,79}$/;
const STANDARD_ID = /^[a-z][a-z0-9-]{0,39}$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/;

/** Who answers for a failed "must" criterion's corrective action and by when, when not the assessment's defaults. */
export class CorrectiveActionPlanDto {
  @IsOptional() @IsUUID() ownerUserId?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) dueOn?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) description?: string;
}

export class CriterionAnswerDto {
  @Matches(CRITERION_ID) criterionId: string;
  @IsIn(CRITERION_RESULTS) result: CriterionResult;
  /** Required when not applicable: it says why. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) note?: string;
  /** Only on a failed "must" criterion. */
  @IsOptional() @ValidateNested() @Type(() => CorrectiveActionPlanDto) correctiveAction?: CorrectiveActionPlanDto;
}

export class CreateAssessmentDto {
  @IsOptional() @IsUUID() id?: string;
  @Matches(STANDARD_ID) standardId: string;
  /** Defaults to the newest version of the standard. */
  @IsOptional() @Matches(VERSION) standardVersion?: string;
  @Matches(ISO_DATE_PATTERN) assessedOn: string;
  /** An outside assessor's name and organisation; the caller is recorded in any case. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) assessorName?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(4000) summary?: string;
  /** One answer per criterion of the standard, none left out. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => CriterionAnswerDto) criteria: CriterionAnswerDto[];
  /** Owner of the actions that failed "must" criteria open; defaults to the caller. */
  @IsOptional() @IsUUID() correctiveActionOwnerUserId?: string;
  /** Their due date; defaults to 30 days after the assessment. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) correctiveActionDueOn?: string;
}

export class ListAssessmentsQuery extends PageQueryDto {
  @IsOptional() @Matches(STANDARD_ID) standardId?: string;
}

export class ComparisonQuery {
  @IsUUID() with: string;
}

export class AssessmentPdfQuery {
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}

export class StandardQuery {
  @IsOptional() @Matches(VERSION) version?: string;
}
