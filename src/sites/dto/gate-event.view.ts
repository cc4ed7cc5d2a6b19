import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '../../miners/rules/lifecycle.js';
import { REASON_ORDER, type ReasonCode } from '../rules/gate-decision.js';

const WARNING_CODES = ['CARD_EXPIRING', 'NOT_INSIDE', 'INSIDE_OTHER_ZONE', 'UNIDENTIFIED_EXIT', 'SITE_AUTHORISATION_EXPIRED'] as const;

export class GateAgeView {
  @ApiProperty({ type: 'integer' }) years!: number;
  @ApiProperty({ description: 'The age rests on an estimated year of birth: the youngest possible age.' }) estimated!: boolean;
}

/** Why the gate refused: a code, its details (each present only for the codes that have it), and the worded message. */
export class GateReasonView {
  @ApiProperty({ enum: REASON_ORDER }) code!: ReasonCode;
  @ApiProperty({ description: "The reason worded in the caller's language (Accept-Language)." }) message!: string;
  @ApiPropertyOptional({ type: () => GateAgeView, description: 'UNDER_18.' }) age?: GateAgeView;
  @ApiPropertyOptional({ enum: MEMBERSHIP_STATUSES, description: 'MEMBERSHIP_NOT_ACTIVE.' }) status?: MembershipStatus;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'NO_CARD: when a card on record becomes valid.' })
  cardValidFrom?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', description: 'CARD_EXPIRED.' }) expiredOn?: string;
  @ApiPropertyOptional({ type: [String], description: 'TRAINING_MISSING.' }) topics?: readonly string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'SITE_CLOSED.' }) closedReason?: string | null;
  @ApiPropertyOptional({ type: 'integer', description: 'ZONE_FULL.' }) capacity?: number;
  @ApiPropertyOptional({ type: [String], description: 'PPE_MISSING: the items not declared worn.' }) items?: readonly string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'ALREADY_INSIDE: the zone the member is recorded in.' }) zoneId?: string;
}

export class GateWarningView {
  @ApiProperty({ enum: WARNING_CODES }) code!: (typeof WARNING_CODES)[number];
  @ApiProperty({ description: "The warning worded in the caller's language." }) message!: string;
  @ApiPropertyOptional({ type: String, format: 'date', description: 'CARD_EXPIRING: the card’s expiry; SITE_AUTHORISATION_EXPIRED: the site’s authorisation’s.' }) expiresOn?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'CARD_EXPIRING.' }) daysUntilExpiry?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'INSIDE_OTHER_ZONE: the zone the member is recorded in.' }) zoneId?: string;
}

/** A risk flag the scan raised (GET /risk-flags/{id}). */
export class GateEventFlagView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The automatic rule that raised it.' }) rule!: string;
  @ApiProperty() category!: string;
  @ApiProperty() severity!: string;
}

/** One recorded scan at a gate, allowed or denied, with its reasons worded. */
export class GateEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty({ format: 'uuid' }) zoneId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null when nobody on the registry was identified.' }) minerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) memberNumber!: string | null;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: 'in' | 'out';
  @ApiProperty({ type: String, format: 'date-time', description: 'When the phone captured the scan.' }) capturedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the server recorded it.' }) recordedAt!: Date | null;
  @ApiProperty({ description: "'out' is always allowed: a gate never traps anyone inside." }) allowed!: boolean;
  @ApiProperty({ type: () => [GateReasonView] }) reasons!: GateReasonView[];
  @ApiProperty({ type: () => [GateWarningView] }) warnings!: GateWarningView[];
  @ApiProperty({ type: () => [GateEventFlagView] }) flags!: GateEventFlagView[];
  @ApiProperty({ description: 'False in a list of events.' }) duplicate!: boolean;
}

/** The gate's answer to one scan. */
export class GateDecisionView extends GateEventView {
  @ApiProperty({ description: 'True when this scan (its id) had already been recorded: the recorded answer is given back.' })
  override duplicate!: boolean;
}
