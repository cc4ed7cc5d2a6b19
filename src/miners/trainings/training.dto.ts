import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import { TRAINING_TOPICS, type TrainingTopic } from '../rules/certifications.js';

export const MAX_VALIDITY_MONTHS = 120;
export const MAX_ATTENDEES_PER_REQUEST = 500;

export class CreateTrainingSessionDto {
  /** Optional client-chosen id, so an offline retry never records the session twice. */
  @IsOptional() @IsUUID() id?: string;
  @IsIn(TRAINING_TOPICS) topic: TrainingTopic;
  @Matches(ISO_DATE_PATTERN) heldOn: string;
  @IsString() @MinLength(1) @MaxLength(200) trainer: string;
  /** How long attending counts, in months; 0 when the training never expires. */
  @IsInt() @Min(0) @Max(MAX_VALIDITY_MONTHS) validityMonths: number;
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class ListTrainingSessionsDto {
  @IsOptional() @IsIn(TRAINING_TOPICS) topic?: TrainingTopic;
  @IsOptional() @IsUUID() siteId?: string;
  /** Sessions held on or after this date. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) from?: string;
  /** Sessions held on or before this date. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class RecordAttendanceDto {
  /** Members who attended; recording one already recorded changes nothing. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_ATTENDEES_PER_REQUEST) @IsUUID('all', { each: true }) minerIds: string[];
}

export class CertificationsQueryDto {
  /** Date the certifications are valued on; today when absent. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) on?: string;
}
