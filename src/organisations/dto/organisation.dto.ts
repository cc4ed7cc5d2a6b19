import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from '../../auth/password.js';
import { ORGANISATION_ROLES, type OrganisationRole } from '../../auth/roles.js';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation-kinds.js';

export class CreateOrganisationDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsIn(ORGANISATION_KINDS) kind: OrganisationKind;
  /** ISO 3166-1 alpha-2. */
  @IsString() @Matches(/^[A-Za-z]{2}$/) country: string;
}

/** A new login for one of the organisation's people: an observer, or a partner's social worker. */
export class AddOrganisationPersonDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(3) @MaxLength(254) login: string;
  @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(1024) password: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsIn(ORGANISATION_ROLES) role: OrganisationRole;
}
