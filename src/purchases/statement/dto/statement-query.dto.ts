import { IsIn, IsOptional, Matches } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../../common/calendar-date.js';

/** A statement's period, both days included, in the cooperative's time zone; the PDF's language (French by default). */
export class StatementQueryDto {
  @Matches(ISO_DATE_PATTERN) from: string;
  @Matches(ISO_DATE_PATTERN) to: string;
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}
