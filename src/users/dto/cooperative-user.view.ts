import { ApiProperty } from '@nestjs/swagger';
import { COOPERATIVE_ROLES, type CooperativeRole } from '../../auth/roles.js';

/** A person holding roles in this cooperative. */
export class CooperativeUserView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, description: 'E-mail address or E.164 phone number.' })
  login!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String, enum: COOPERATIVE_ROLES, isArray: true, description: 'Empty once the person is disabled here.' })
  roles!: CooperativeRole[];
}
