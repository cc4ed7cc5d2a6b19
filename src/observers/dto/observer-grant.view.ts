import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../organisations/organisation-kinds.js';
import { GRANT_STATUSES, OBSERVER_VIEWS, type GrantStatus, type ObserverView } from '../rules/observer-grants.js';

export class GrantedOrganisationView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: OrganisationKind;
}

/** A grant of observation, as the cooperative's members list it. */
export class ObserverGrantView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: () => GrantedOrganisationView }) organisation!: GrantedOrganisationView;
  @ApiProperty({ enum: OBSERVER_VIEWS, isArray: true }) views!: ObserverView[];
  @ApiProperty({ type: String, format: 'date' }) validFrom!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validUntil!: string | null;
  @ApiProperty({ enum: GRANT_STATUSES, description: 'On the cooperative’s local date today.' }) status!: GrantStatus;
  @ApiProperty({ type: String, format: 'uuid' }) grantedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revokeReason!: string | null;
}

export class ObservedCooperativeSummaryView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) country!: string;
  @ApiProperty({ type: String }) province!: string;
}

/** A cooperative the calling observer may see now, with the views its grants in force open. */
export class ObservedCooperativeView {
  @ApiProperty({ type: () => ObservedCooperativeSummaryView }) cooperative!: ObservedCooperativeSummaryView;
  @ApiProperty({ enum: OBSERVER_VIEWS, isArray: true }) views!: ObserverView[];
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The last day of the longest grant in force; null when one is open-ended.' }) until!: string | null;
}

export class BenefitStatementSettingView {
  @ApiProperty({ type: Boolean, description: 'Whether the benefit-sharing statement is published on the public URL.' }) published!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) changedAt!: string | null;
}
