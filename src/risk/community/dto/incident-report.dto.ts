import { OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../../common/calendar-date.js';
import { INCIDENT_REPORT_CATEGORIES, type IncidentReportCategory } from '../rules/incident-categories.js';

/** Where the incident was seen, in integer micro-degrees: -10.712345° is -10712345. */
export class IncidentPointDto {
  @IsInt() @Min(-90_000_000) @Max(90_000_000) latitudeE6: number;
  @IsInt() @Min(-180_000_000) @Max(180_000_000) longitudeE6: number;
}

/** What a community reports, by the public form or (later) a monitor: a site or a GPS point, or both. */
export class IncidentReportDto {
  @IsUUID() cooperativeId: string;
  @IsIn(INCIDENT_REPORT_CATEGORIES) category: IncidentReportCategory;
  @IsOptional() @IsUUID() siteId?: string;
  @IsOptional() @ValidateNested() @Type(() => IncidentPointDto) location?: IncidentPointDto;
  @IsString() @MinLength(1) @MaxLength(4000) description: string;
  /** The day the incident was seen, at the cooperative; not after today. */
  @Matches(ISO_DATE_PATTERN) seenOn: string;
}

/** A signed-in community monitor's report: the cooperative is the route's. */
export class MonitorIncidentReportDto extends OmitType(IncidentReportDto, ['cooperativeId'] as const) {}

/** The public form: the report, the solved anti-spam challenge, and a field people never fill. */
export class PublicIncidentReportDto extends IncidentReportDto {
  /** The token of GET /public/incident-reports/challenge. */
  @IsString() @MinLength(1) @MaxLength(1000) challenge: string;
  /** A nonce such that SHA-256(`<challenge>:<nonce>`) starts with `difficultyBits` zero bits. */
  @IsString() @MinLength(1) @MaxLength(64) nonce: string;
  /** Honeypot: hidden from people by the form; a robot filling it is answered as usual and nothing is kept. */
  @IsOptional() @IsString() @MaxLength(500) website?: string;
}
