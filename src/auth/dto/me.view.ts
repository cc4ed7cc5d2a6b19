import { ApiProperty } from '@nestjs/swagger';
import { PersonView } from '../../users/dto/person.view.js';
import { SupervisorJurisdictionView } from '../../users/dto/supervisor.view.js';
import { COOPERATIVE_ROLES, type CooperativeRole } from '../roles.js';

/** One cooperative the caller holds roles in. */
export class MeCooperativeView {
  @ApiProperty({ type: String, format: 'uuid' })
  cooperativeId!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String, enum: COOPERATIVE_ROLES, isArray: true })
  roles!: CooperativeRole[];
}

/** The signed-in caller: their account, roles by cooperative and supervisor's jurisdictions. */
export class MeView extends PersonView {
  @ApiProperty({ type: Boolean, description: 'Whether the caller is the platform operator.' })
  operator!: boolean;
  @ApiProperty({ type: () => [MeCooperativeView] })
  cooperatives!: MeCooperativeView[];
  @ApiProperty({ type: () => [SupervisorJurisdictionView], description: 'Empty unless the caller is a supervisor.' })
  jurisdictions!: SupervisorJurisdictionView[];
}
