import { ApiProperty } from '@nestjs/swagger';
import { COOPERATIVE_ROLES, type CooperativeRole } from '../../auth/roles.js';

/** An invitation to hold a role in a cooperative, waiting for the invited person's answer. */
export class InvitationView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, format: 'uuid' })
  cooperativeId!: string;
  @ApiProperty({ type: String, description: 'The invited login.' })
  login!: string;
  @ApiProperty({ type: String, enum: COOPERATIVE_ROLES })
  role!: CooperativeRole;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Unanswered by then, the invitation lapses.' })
  expiresAt!: string;
}

/** An invitation as the invited person sees it: which cooperative asks. */
export class MyInvitationView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, format: 'uuid' })
  cooperativeId!: string;
  @ApiProperty({ type: String })
  cooperativeName!: string;
  @ApiProperty({ type: String, enum: COOPERATIVE_ROLES })
  role!: CooperativeRole;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;
}

export const INVITATION_ANSWERS = ['accepted', 'declined'] as const;
export type InvitationAnswer = (typeof INVITATION_ANSWERS)[number];

/** The answer given to an invitation, and the role it was about. */
export class InvitationAnswerView {
  @ApiProperty({ type: String, format: 'uuid' })
  cooperativeId!: string;
  @ApiProperty({ type: String, enum: COOPERATIVE_ROLES, description: 'Granted when the answer is `accepted`.' })
  role!: CooperativeRole;
  @ApiProperty({ type: String, enum: INVITATION_ANSWERS })
  answer!: InvitationAnswer;
}

/** A one-time password-reset code for a member, shown this once. */
export class PasswordResetView {
  @ApiProperty({ type: String, format: 'uuid' })
  userId!: string;
  @ApiProperty({ type: String, description: 'To hand to the person; only its hash is kept.', example: 'K7QM-2XRP-9DWF-HT4C' })
  code!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;
}
