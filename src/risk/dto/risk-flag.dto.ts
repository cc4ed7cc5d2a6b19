import { Type } from 'class-transformer';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import { PageQueryDto } from '../../common/pagination.js';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FLAG_CATEGORIES, FLAG_SEVERITIES, type FlagCategory, type FlagSeverity } from '../rules/categories.js';
import { FLAG_STATES, type FlagState } from '../rules/lifecycle.js';

/** A registered miner, a person described in words, or a miner with a word on their part; never neither. */
export class PersonInvolvedDto {
  @ValidateIf((person: PersonInvolvedDto) => person.description === undefined)
  @IsUUID()
  minerId?: string;

  @ValidateIf((person: PersonInvolvedDto) => person.minerId === undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  description?: string;
}

export class CreateRiskFlagDto {
  @IsOptional() @IsUUID() id?: string;
  @IsIn(FLAG_CATEGORIES) category: FlagCategory;
  /** Defaults to the category's severity (child labour and fatality: critical). */
  @IsOptional() @IsIn(FLAG_SEVERITIES) severity?: FlagSeverity;
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PersonInvolvedDto) people?: PersonInvolvedDto[];
  @IsString() @MinLength(1) @MaxLength(4000) description: string;
  /** When it happened; defaults to now. */
  @IsOptional() @IsISO8601({ strict: true }) occurredAt?: string;
  /** The reporter is then not stored anywhere, not even in the audit trail. */
  @IsOptional() @IsBoolean() anonymous?: boolean;
}

/** Filters of the flag list, a page of the one page scheme (`limit`, `cursor`). */
export class ListRiskFlagsQuery extends PageQueryDto {
  @IsOptional() @IsIn(FLAG_STATES) status?: FlagState;
  @IsOptional() @IsIn(FLAG_CATEGORIES) category?: FlagCategory;
  @IsOptional() @IsIn(FLAG_SEVERITIES) severity?: FlagSeverity;
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
}

export class FlagTransitionDto {
  @IsIn(FLAG_STATES) to: FlagState;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class CreateCorrectiveActionDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(2000) description: string;
  @IsUUID() ownerUserId: string;
  @Matches(ISO_DATE_PATTERN) dueOn: string;
}

export class UpdateCorrectiveActionDto {
  @IsIn(['done', 'cancelled']) status: 'done' | 'cancelled';
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) note?: string;
}
