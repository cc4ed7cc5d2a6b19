import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { COOPERATIVE_ROLES, type CooperativeRole } from '../roles.js';
import { MIN_PASSWORD_LENGTH } from '../password.js';

export class ChangePasswordDto {
  /** The password in use: a stolen access token alone cannot change it. */
  @IsString() @MinLength(1) @MaxLength(1024) currentPassword: string;
  @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(1024) newPassword: string;
}

export class RedeemPasswordResetDto {
  /** E-mail address or E.164 phone number. */
  @IsString() @MinLength(3) @MaxLength(254) login: string;
  /** The one-time code an admin handed over, e.g. `K7QM-2XRP-9DWF-HT4C` (case and dashes do not matter). */
  @IsString() @MinLength(8) @MaxLength(40) code: string;
  @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(1024) newPassword: string;
}

export class InviteDto {
  /** The existing login (e-mail or E.164 phone) invited to hold the role here. */
  @IsString() @MinLength(3) @MaxLength(254) login: string;
  @IsIn(COOPERATIVE_ROLES) role: CooperativeRole;
}

export class UpdateMeDto {
  /** The name shown in every cooperative the person belongs to: theirs to change. */
  @IsString() @MinLength(1) @MaxLength(200) name: string;
}
