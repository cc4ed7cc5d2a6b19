import { ApiProperty } from '@nestjs/swagger';
import { EVIDENCE_CONTENT_TYPES, type EvidenceContentType } from '../../../risk/evidence-file.js';
import { AUTHORISATION_KINDS, type AuthorisationKind } from '../rules/authorisation-kinds.js';
import { type AuthorisationStatus, REMINDER_DAYS, type ReminderDays } from '../rules/authorisation-reminders.js';

const STATUSES: readonly AuthorisationStatus[] = ['valid', 'expiring', 'expired', 'no_expiry'];

export class SiteAuthorisationScanView {
  @ApiProperty({ enum: EVIDENCE_CONTENT_TYPES }) contentType!: EvidenceContentType;
  @ApiProperty({ type: 'integer' }) byteSize!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ type: String, format: 'date-time' }) uploadedAt!: string;
}

/** How an authorisation stands on the cooperative's date (rules/authorisation-reminders.ts). */
export class AuthorisationStandingView {
  @ApiProperty({ enum: STATUSES, description: 'A renewed authorisation is judged as it was; only current ones count.' }) status!: AuthorisationStatus;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Negative once expired; null without expiry.' }) daysUntilExpiry!: number | null;
  @ApiProperty({ enum: REMINDER_DAYS, nullable: true, description: 'The latest reminder due: 90, 30 or 7 days before expiry.' }) reminder!: ReminderDays | null;
}

export class SiteAuthorisationView extends AuthorisationStandingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty({ enum: AUTHORISATION_KINDS }) kind!: AuthorisationKind;
  @ApiProperty() number!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ type: String, format: 'date' }) issuedOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) expiresOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The authorisation this one renews.' }) renewsId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The authorisation that renewed this one: null while current.' }) renewedById!: string | null;
  @ApiProperty({ description: 'Not renewed: the one in force for its kind.' }) current!: boolean;
  @ApiProperty({ type: () => SiteAuthorisationScanView, nullable: true }) scan!: SiteAuthorisationScanView | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}

/** A current authorisation with a reminder due or already expired, on the date asked. */
export class AuthorisationReminderView extends AuthorisationStandingView {
  @ApiProperty({ format: 'uuid' }) authorisationId!: string;
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty() siteName!: string;
  @ApiProperty({ enum: AUTHORISATION_KINDS }) kind!: AuthorisationKind;
  @ApiProperty() number!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ type: String, format: 'date' }) expiresOn!: string;
}

export class AuthorisationRemindersView {
  @ApiProperty({ type: String, format: 'date', description: 'The cooperative’s date they are computed on.' }) on!: string;
  @ApiProperty({ type: () => [AuthorisationReminderView], description: 'Soonest expiry first.' }) reminders!: AuthorisationReminderView[];
}
