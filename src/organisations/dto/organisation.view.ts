import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_ROLES, type OrganisationRole } from '../../auth/roles.js';
import { PersonView } from '../../users/dto/person.view.js';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation-kinds.js';

export class OrganisationView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: OrganisationKind;
  @ApiProperty({ type: String, example: 'CD' }) country!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class OrganisationPersonView extends PersonView {
  @ApiProperty({ type: String, format: 'uuid' }) organisationId!: string;
  @ApiProperty({ enum: ORGANISATION_ROLES }) role!: OrganisationRole;
}
