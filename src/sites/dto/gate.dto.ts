import { Type } from 'class-transformer';
import { PageQueryDto } from '../../common/pagination.js';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested,
} from 'class-validator';

export class GateDeclarationsDto {
  @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(60, { each: true }) ppeWorn: string[];
  @IsOptional() @IsBoolean() pregnant?: boolean;
}

export class UnknownPersonDto {
  @IsString() @MinLength(1) @MaxLength(500) description: string;
  @IsBoolean() apparentMinor: boolean;
}

/** One scan at a gate: exactly one of qrToken, memberNumber or unknownPerson. */
export class GateScanDto {
  /** Client-chosen id: a phone re-sending the same scan gets the recorded answer back. */
  @IsOptional() @IsUUID() id?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) qrToken?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(40) memberNumber?: string;
  @IsUUID() zoneId: string;
  @IsIn(['in', 'out']) direction: 'in' | 'out';
  /** When the phone captured the scan (offline capture); at most 5 minutes ahead, at most 7 days old. */
  @IsISO8601({ strict: true }) capturedAt: string;
  @IsOptional() @ValidateNested() @Type(() => GateDeclarationsDto) declarations?: GateDeclarationsDto;
  @IsOptional() @ValidateNested() @Type(() => UnknownPersonDto) unknownPerson?: UnknownPersonDto;
}

/** A page of a site's gate events (limit, cursor), filtered by zone and outcome. */
export class ListGateEventsDto extends PageQueryDto {
  @IsOptional() @IsUUID() zoneId?: string;
  @IsOptional() @IsIn(['true', 'false']) allowed?: 'true' | 'false';
}

export class MusterQueryDto {
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}
