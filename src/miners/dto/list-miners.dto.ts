import { IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '../rules/lifecycle.js';
import { AGE_BANDS, type AgeBand } from '../rules/age.js';
import { SEXES, type Sex } from '../miner.entity.js';

export const CARD_STATUS_FILTERS = ['valid', 'expiring', 'expired', 'none', 'not_yet_valid'] as const;
export type CardStatusFilter = (typeof CARD_STATUS_FILTERS)[number];

export class MinerFiltersDto {
  @IsOptional() @IsIn(MEMBERSHIP_STATUSES) status?: MembershipStatus;
  @IsOptional() @IsUUID() homeSiteId?: string;
  @IsOptional() @IsIn(CARD_STATUS_FILTERS) cardStatus?: CardStatusFilter;
  @IsOptional() @IsIn(SEXES) sex?: Sex;
  @IsOptional() @IsIn(AGE_BANDS) ageBand?: AgeBand;
  /** Words matched, accents and case ignored, against names and member, card and ID numbers. */
  @IsOptional() @IsString() @MaxLength(200) q?: string;
}

/** A page of the registry list: the filters, `limit` and the previous page's `nextCursor`. */
export class ListMinersDto extends IntersectionType(PageQueryDto, MinerFiltersDto) {}

export class CardPdfQueryDto {
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}

export class SaemapeQueryDto extends IntersectionType(MinerFiltersDto, CardPdfQueryDto) {}
