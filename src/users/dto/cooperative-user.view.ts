import { ApiProperty } from '@nestjs/swagger';
import { PersonView } from './person.view.js';
import { COOPERATIVE_ROLES, type CooperativeRole } from '../../auth/roles.js';

/** A person holding roles in this cooperative. */
export class CooperativeUserView extends PersonView {
  @ApiProperty({ type: String, enum: COOPERATIVE_ROLES, isArray: true, description: 'Empty once the person is disabled here.' })
  roles!: CooperativeRole[];
}
