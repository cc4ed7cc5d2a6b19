import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '../rules/lifecycle.js';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';

export class ChangeMinerStatusDto {
  @IsIn(MEMBERSHIP_STATUSES) to: MembershipStatus;
  @IsString() @MaxLength(1000) reason: string;
  /** Today when absent. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) effectiveOn?: string;
}

export class RenewCardDto {
  @IsString() @MinLength(1) @MaxLength(60) cardNumber: string;
  @Matches(ISO_DATE_PATTERN) cardIssuedOn: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) cardExpiresOn?: string;
}

export class DeclareCardLostDto {
  /** What happened, for the trail (lost, stolen, damaged…). */
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}
