import { ApiProperty } from '@nestjs/swagger';
import { PersonView } from '../../users/dto/person.view.js';
import { SupervisorJurisdictionView } from '../../users/dto/supervisor.view.js';
import { COOPERATIVE_ROLES, ORGANISATION_ROLES, type CooperativeRole, type OrganisationRole } from '../roles.js';

/** One cooperative the caller holds roles in. */
export class MeCooperativeView {
  @ApiProperty({ type: String, format: 'uuid' })
  cooperativeId!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String, enum: COOPERATIVE_ROLES, isArray: true })
  roles!: CooperativeRole[];
}

/** The organisation outside the cooperatives the caller speaks for, with their role there. */
export class MeOrganisationView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String, enum: ORGANISATION_ROLES, description: 'observer: reads what cooperatives grant; partner: works on the cases referred to the organisation.' })
  role!: OrganisationRole;
}

/** The signed-in caller: their account, roles by cooperative, supervisor's jurisdictions and organisation. */
export class MeView extends PersonView {
  @ApiProperty({ type: Boolean, description: 'Whether the caller is the platform operator.' })
  operator!: boolean;
  @ApiProperty({ type: () => [MeCooperativeView] })
  cooperatives!: MeCooperativeView[];
  @ApiProperty({ type: () => [SupervisorJurisdictionView], description: 'Empty unless the caller is a supervisor.' })
  jurisdictions!: SupervisorJurisdictionView[];
  @ApiProperty({ type: () => MeOrganisationView, nullable: true, description: 'Null unless the caller is one of an organisation’s people.' })
  organisation!: MeOrganisationView | null;
}
