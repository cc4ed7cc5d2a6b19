import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';


export class GenerateReportDto {
  @IsOptional() @IsUUID() id?: string;
  @IsOptional() @IsString() @MaxLength(10) period?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) periodFrom?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) periodTo?: string;
}

export class ReportPdfQueryDto {
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}

export const SUPERVISION_SORTS = ['name', 'openCritical', 'overdue', 'expiringCards', 'lastReport'] as const;
export type SupervisionSort = (typeof SUPERVISION_SORTS)[number];

export class SupervisionQueryDto {
  @IsOptional() @IsIn(SUPERVISION_SORTS) sort?: SupervisionSort;
}

export class GenerateJurisdictionReportDto {
  @IsString() @Length(1, 100) province: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @IsOptional() @IsString() @MaxLength(10) period?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) periodFrom?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) periodTo?: string;
}
