import { PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsISO31661Alpha2, IsISO8601, IsOptional, IsString, IsTimeZone, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import { SUPPORTED_CURRENCIES } from '../../common/money.js';
import { LEGAL_FORMS, type LegalForm } from '../cooperative.entity.js';

export class CreateCooperativeDto {
  /** Optional client-chosen id, so an offline retry never creates the cooperative twice. */
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsIn(LEGAL_FORMS) legalForm: LegalForm;
  /** RCCM number. */
  @IsString() @MinLength(1) @MaxLength(100) registrationNumber: string;
  @IsOptional() @IsString() @MaxLength(100) approvalNumber?: string;
  @IsISO31661Alpha2() country: string;
  @IsString() @MinLength(1) @MaxLength(100) province: string;
  @IsOptional() @IsString() @MaxLength(100) territory?: string;
  @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @Length(1, 40, { each: true }) minerals: string[];
  @IsIn(SUPPORTED_CURRENCIES) defaultCurrency: string;
  @IsTimeZone() timezone: string;
  @IsIn(['fr', 'en']) language: 'fr' | 'en';
}

/**
 * Legal form, registration number, country and province place the cooperative under the law
 * and under its supervisor: only the platform operator changes them.
 */
export class UpdateCooperativeDto extends PartialType(CreateCooperativeDto) {
  /** When a new legal form takes effect (YYYY-MM-DD); today in the cooperative's time zone if omitted. */
  @IsOptional() @IsISO8601({ strict: true }) @Length(10, 10) legalFormEffectiveOn?: string;
}
