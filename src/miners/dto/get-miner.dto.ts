import { IsOptional, Matches } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';

export class GetMinerQueryDto {
  /** Date the card status is computed for; today when absent. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) on?: string;
}
