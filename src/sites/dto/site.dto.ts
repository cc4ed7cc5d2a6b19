import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';

export const CLOSING_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A GPS point in integer micro-degrees: -10.712345° is -10712345. */
export class GpsPointDto {
  @IsInt() @Min(-90_000_000) @Max(90_000_000) latitudeE6: number;
  @IsInt() @Min(-180_000_000) @Max(180_000_000) longitudeE6: number;
}

export class CreateSiteDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  /** Unique in the cooperative. */
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/) code: string;
  @ValidateNested() @Type(() => GpsPointDto) location: GpsPointDto;
  /** GeoJSON Polygon; its shape is checked by the service. */
  @IsOptional() @IsObject() boundary?: Record<string, unknown>;
  @IsOptional() @IsString() @MaxLength(200) concessionRef?: string;
  @IsOptional() @IsString() @MaxLength(200) authorisationRef?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(60, { each: true }) minerals?: string[];
  /** Local time 'HH:MM' after which anyone still inside overstays. */
  @IsOptional() @Matches(CLOSING_TIME_PATTERN) closingTime?: string;
}

export class UpdateSiteDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/) code?: string;
  @IsOptional() @ValidateNested() @Type(() => GpsPointDto) location?: GpsPointDto;
  /** null removes the boundary. */
  @IsOptional() @IsObject() boundary?: Record<string, unknown> | null;
  @IsOptional() @IsString() @MaxLength(200) concessionRef?: string | null;
  @IsOptional() @IsString() @MaxLength(200) authorisationRef?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(60, { each: true }) minerals?: string[];
  @IsOptional() @Matches(CLOSING_TIME_PATTERN) closingTime?: string | null;
  /** Closing needs closedReason (closedOn defaults to today); opening clears the closure. */
  @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500) closedReason?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) closedOn?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) reopensOn?: string;
}

export class CreateZoneDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsBoolean() hazardous?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(60, { each: true }) ppeRequired?: string[];
  @IsOptional() @IsBoolean() forbidsPregnancy?: boolean;
  /** Maximum number of people inside; absent or null means no limit. */
  @IsOptional() @IsInt() @Min(0) @Max(100_000) capacity?: number | null;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(60, { each: true }) trainingsRequired?: string[];
}

export class UpdateZoneDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsBoolean() hazardous?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(60, { each: true }) ppeRequired?: string[];
  @IsOptional() @IsBoolean() forbidsPregnancy?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(100_000) capacity?: number | null;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(60, { each: true }) trainingsRequired?: string[];
}
