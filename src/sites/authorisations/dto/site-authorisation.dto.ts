import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../../common/calendar-date.js';
import { AUTHORISATION_KINDS, type AuthorisationKind } from '../rules/authorisation-kinds.js';

export class CreateSiteAuthorisationDto {
  /** Client-chosen id: a resend with it answers 409 SITE_AUTHORISATION_EXISTS. */
  @IsOptional() @IsUUID() id?: string;
  @IsIn(AUTHORISATION_KINDS) kind: AuthorisationKind;
  @IsString() @MinLength(1) @MaxLength(100) number: string;
  /** Who issued it: ministry, provincial division of mines, SAEMAPE… */
  @IsString() @MinLength(1) @MaxLength(200) issuer: string;
  @Matches(ISO_DATE_PATTERN) issuedOn: string;
  /** The last day it is valid; absent or null when it does not expire. */
  @IsOptional() @ValidateIf((_, value) => value !== null) @Matches(ISO_DATE_PATTERN) expiresOn?: string | null;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) notes?: string;
}

/** Corrects what was recorded (a typo, a wrong date); a new paper is a renewal. */
export class UpdateSiteAuthorisationDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) number?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) issuer?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) issuedOn?: string;
  @IsOptional() @ValidateIf((_, value) => value !== null) @Matches(ISO_DATE_PATTERN) expiresOn?: string | null;
  @IsOptional() @ValidateIf((_, value) => value !== null) @IsString() @MinLength(1) @MaxLength(2000) notes?: string | null;
}

/** The renewed paper: a new authorisation of the same kind that replaces the current one. Number and issuer default to the renewed one's. */
export class RenewSiteAuthorisationDto {
  @IsOptional() @IsUUID() id?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) number?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) issuer?: string;
  @Matches(ISO_DATE_PATTERN) issuedOn: string;
  @IsOptional() @ValidateIf((_, value) => value !== null) @Matches(ISO_DATE_PATTERN) expiresOn?: string | null;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) notes?: string;
}

export class AuthorisationRemindersQuery {
  /** The cooperative's date to compute the reminders on; today there by default. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) on?: string;
}
