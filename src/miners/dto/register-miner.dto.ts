import { PartialType, PickType } from '@nestjs/swagger';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import { IsBoolean, IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ID_DOCUMENT_TYPES, type IdDocumentType, SEXES, type Sex } from '../miner.entity.js';


export class RegisterMinerDto {
  /** Optional client-chosen id, so an offline retry never registers the miner twice. */
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(100) firstName: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) middleName?: string;
  @IsString() @MinLength(1) @MaxLength(100) lastName: string;
  @IsIn(SEXES) sex: Sex;
  /** Exact date of birth; or birthYear with birthDateEstimated: true when only the year is known. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) dateOfBirth?: string;
  @IsOptional() @IsInt() @Min(1900) @Max(9999) birthYear?: number;
  @IsOptional() @IsBoolean() birthDateEstimated?: boolean;
  @IsOptional() @IsString() @MaxLength(200) placeOfBirth?: string;
  /** ISO 3166 alpha-2; CD when absent. */
  @IsOptional() @IsISO31661Alpha2() nationality?: string;
  @IsIn(ID_DOCUMENT_TYPES) idDocumentType: IdDocumentType;
  @IsString() @MinLength(1) @MaxLength(60) idDocumentNumber: string;
  @IsOptional() @IsString() @MaxLength(30) phone?: string;
  /** Village or address. */
  @IsOptional() @IsString() @MaxLength(300) address?: string;
  @IsOptional() @IsUUID() homeSiteId?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(60) cardNumber?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) cardIssuedOn?: string;
  /** Copied from the card; one year of validity from the issue date when absent. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) cardExpiresOn?: string;
  /** Today when absent. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) membershipDate?: string;
  @IsOptional() @IsString() @MaxLength(200) nextOfKinName?: string;
  @IsOptional() @IsString() @MaxLength(30) nextOfKinPhone?: string;
  /** Status on registration: applicant (default) or active. */
  @IsOptional() @IsIn(['applicant', 'active']) status?: 'applicant' | 'active';
  /** The officer checked the likely duplicates and this is another person. */
  @IsOptional() @IsBoolean() confirmNotDuplicate?: boolean;
}

export const EDITABLE_IDENTITY_FIELDS = [
  'firstName',
  'middleName',
  'lastName',
  'sex',
  'dateOfBirth',
  'birthYear',
  'birthDateEstimated',
  'placeOfBirth',
  'nationality',
  'idDocumentType',
  'idDocumentNumber',
  'phone',
  'address',
  'homeSiteId',
  'nextOfKinName',
  'nextOfKinPhone',
] as const;

export class UpdateMinerDto extends PartialType(PickType(RegisterMinerDto, EDITABLE_IDENTITY_FIELDS)) {}
