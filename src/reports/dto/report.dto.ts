import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class GenerateReportDto {
  @IsOptional() @IsUUID() id?: string;
  @IsOptional() @IsString() @MaxLength(10) period?: string;
  @IsOptional() @Matches(ISO_DATE) periodFrom?: string;
  @IsOptional() @Matches(ISO_DATE) periodTo?: string;
}

export class ReportPdfQueryDto {
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}

export const SUPERVISION_SORTS = ['name', 'openCritical', 'overdue', 'expiringCards', 'lastReport'] as const;
export type SupervisionSort = (typeof SUPERVISION_SORTS)[number];

export class SupervisionQueryDto {
  @IsOptional() @IsIn(SUPERVISION_SORTS) sort?: SupervisionSort;
}
