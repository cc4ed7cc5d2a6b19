import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import { OBSERVER_VIEWS, type ObserverView } from '../rules/observer-grants.js';

export class GrantObservationDto {
  @IsOptional() @IsUUID() id?: string;
  @IsUUID() organisationId: string;
  /** The aggregate views opened to the organisation; never personal data. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(OBSERVER_VIEWS.length) @ArrayUnique() @IsIn(OBSERVER_VIEWS, { each: true }) views: ObserverView[];
  /** First local day of the grant, included. */
  @Matches(ISO_DATE_PATTERN) validFrom: string;
  /** Last local day of the grant, included; none for a grant that runs until revoked. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) validUntil?: string;
}

/** The platform operator's grant to every cooperative of a province at once (one grant each). */
export class GrantProvinceObservationDto {
  @IsUUID() organisationId: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(OBSERVER_VIEWS.length) @ArrayUnique() @IsIn(OBSERVER_VIEWS, { each: true }) views: ObserverView[];
  /** ISO 3166-1 alpha-2. */
  @Matches(/^[A-Za-z]{2}$/) country: string;
  @IsString() @MinLength(1) @MaxLength(100) province: string;
  @Matches(ISO_DATE_PATTERN) validFrom: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) validUntil?: string;
}

export class RevokeObservationDto {
  @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

/** A named period: 'YYYY-MM', 'YYYY-Qn' or 'YYYY'. */
export class ObservedPeriodQueryDto {
  @IsString() @MaxLength(10) period: string;
}

export class PublishBenefitStatementDto {
  @IsBoolean() published: boolean;
}
