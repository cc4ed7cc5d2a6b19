import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../../common/calendar-date.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { DIAMOND_MINERALS } from '../diamonds.repository.js';

const DECIMAL = /^\d+(\.\d+)?$/;
/** A certificate covers at most this many parcels: one request stays one short transaction. */
export const MAX_PARCELS_PER_CERTIFICATE = 200;

export class CreateParcelDto {
  @IsOptional() @IsUUID() id?: string;
  /** The number written on the parcel's packet, unique in the cooperative. */
  @IsString() @MinLength(1) @MaxLength(80) parcelNumber: string;
  /** ROUGH_DIAMOND_UNSORTED, ROUGH_DIAMOND_INDUSTRIAL or ROUGH_DIAMOND_NON_INDUSTRIAL: every stone of the parcel is of it. */
  @IsIn(DIAMOND_MINERALS) mineral: string;
}

export class RecordCertificateDto {
  @IsOptional() @IsUUID() id?: string;
  /** As printed, starting with the exporting country's ISO code: 'CD 012345'. */
  @IsString() @MinLength(3) @MaxLength(40) certificateNumber: string;
  @IsString() @MinLength(1) @MaxLength(200) issuingAuthority: string;
  /** ISO 3166 alpha-2. */
  @IsString() @Matches(/^[A-Za-z]{2}$/) countryOfOrigin: string;
  /** Carats as printed, decimal with a dot: '152.35'. */
  @Matches(DECIMAL) carats: string;
  /** Value in US cents. */
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) valueUsdMinor: number;
  @IsInt() @Min(1) @Max(MAX_PARCELS_PER_CERTIFICATE) parcelCount: number;
  @Matches(ISO_DATE_PATTERN) issuedOn: string;
  @Matches(ISO_DATE_PATTERN) expiresOn: string;
  /** The sold parcels the certificate covers. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_PARCELS_PER_CERTIFICATE) @IsUUID('all', { each: true }) parcelIds: string[];
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) exporter?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) importer?: string;
}

export class ListDiamondRecordsDto extends PageQueryDto {}

export class DiamondReconciliationQueryDto {
  /** The month in the cooperative's time zone. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) month: string;
}

export class UpdateDiamondSettingsDto {
  /** Largest accepted difference between a certificate's carats and ours, in basis points of ours (50 = 0.5 %). */
  @IsInt() @Min(0) @Max(10000) caratToleranceBp: number;
}
