import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { COOPERATIVE_ROLES, type CooperativeRole } from '../../auth/roles.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/password.js';

export class CreateUserDto {
  @IsOptional() @IsUUID() id?: string;
  /** E-mail address or E.164 phone number of a new person; an existing login is invited instead (…/invitations). */
  @IsString() @MinLength(3) @MaxLength(254) login: string;
  @IsOptional() @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(1024) password?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsIn(COOPERATIVE_ROLES) role: CooperativeRole;
}

export class UpdateUserDto {
  /** Replaces the user's roles in this cooperative. */
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(4) @IsIn(COOPERATIVE_ROLES, { each: true }) roles?: CooperativeRole[];
  /** Removes every role in this cooperative (the person keeps roles elsewhere). */
  @IsOptional() @IsBoolean() disabled?: boolean;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
}

export class JurisdictionDto {
  @IsString() @MinLength(2) @MaxLength(2) country: string;
  @IsString() @MinLength(1) @MaxLength(100) province: string;
}

export class CreateSupervisorDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(3) @MaxLength(254) login: string;
  @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(1024) password: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => JurisdictionDto) jurisdictions: JurisdictionDto[];
}

export class SetJurisdictionsDto {
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => JurisdictionDto) jurisdictions: JurisdictionDto[];
}
