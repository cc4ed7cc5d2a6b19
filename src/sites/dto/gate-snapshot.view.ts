import { ApiProperty } from '@nestjs/swagger';
import { MEMBERSHIP_STATUSES } from '../../miners/rules/lifecycle.js';
import type {
  GateSnapshot, GateSnapshotCard, GateSnapshotKey, GateSnapshotMember, GateSnapshotPresence, GateSnapshotSite, GateSnapshotTraining, GateSnapshotZone,
  SignedGateSnapshot,
} from '../gate-snapshot.js';

/*
 * The response classes of the offline gate snapshot. The shapes are those of gate-snapshot.ts
 * (which the web console imports as plain types); each class implements its interface, so the
 * two cannot drift apart.
 */

export class GateSnapshotSiteView implements GateSnapshotSite {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty({ type: String, nullable: true }) closedReason!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) reopensOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "Local 'HH:MM' after which people still inside overstay." }) closingTime!: string | null;
}

export class GateSnapshotZoneView implements GateSnapshotZone {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() hazardous!: boolean;
  @ApiProperty({ type: [String] }) ppeRequired!: string[];
  @ApiProperty() forbidsPregnancy!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Null means no limit.' }) capacity!: number | null;
  @ApiProperty({ type: [String] }) trainingsRequired!: string[];
}

export class GateSnapshotCardView implements GateSnapshotCard {
  @ApiProperty() cardNumber!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty({ format: 'date' }) expiresOn!: string;
}

export class GateSnapshotTrainingView implements GateSnapshotTraining {
  @ApiProperty() topic!: string;
  @ApiProperty({ format: 'date', description: 'The day the session was held.' }) date!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '0 or null: never expires.' }) validityMonths!: number | null;
}

export class GateSnapshotCardTokenView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'integer' }) serial!: number;
  @ApiProperty() keyId!: string;
}

export class GateSnapshotMemberView implements GateSnapshotMember {
  @ApiProperty({ format: 'uuid' }) minerId!: string;
  @ApiProperty() memberNumber!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty({ type: String, nullable: true }) middleName!: string | null;
  @ApiProperty() lastName!: string;
  @ApiProperty({ enum: MEMBERSHIP_STATUSES }) status!: GateSnapshotMember['status'];
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) birthYear!: number | null;
  @ApiProperty() birthDateEstimated!: boolean;
  @ApiProperty({ type: () => [GateSnapshotCardView] }) cards!: GateSnapshotCardView[];
  @ApiProperty({ type: String, format: 'date', nullable: true, description: "Expiry of the card applying on the snapshot's local date." })
  cardExpiresOn!: string | null;
  @ApiProperty({ type: () => [GateSnapshotTrainingView] }) trainings!: GateSnapshotTrainingView[];
  @ApiProperty({
    type: () => GateSnapshotCardTokenView,
    nullable: true,
    description: "The member's current card QR token; null when none is accepted (never printed since token ids, renewed or declared lost).",
  })
  cardToken!: GateSnapshotCardTokenView | null;
  @ApiProperty({
    type: [String],
    description: 'Lower-case hex SHA-256 of the card QR token the gate accepts (the whole token text, UTF-8): the current one only.',
  })
  tokenDigests!: string[];
}

export class GateSnapshotRulesView {
  @ApiProperty({ type: 'integer' }) adultAge!: number;
  @ApiProperty({ type: 'integer' }) cardExpiringWithinDays!: number;
}

export class GateSnapshotPresenceView implements GateSnapshotPresence {
  @ApiProperty({ format: 'uuid' }) minerId!: string;
  @ApiProperty({ format: 'uuid' }) zoneId!: string;
  @ApiProperty({ format: 'date-time' }) enteredAt!: string;
}

/** What `payload` holds once verified and parsed. */
export class GateSnapshotPayloadView implements GateSnapshot {
  @ApiProperty({ type: 'integer', enum: [1] }) version!: 1;
  @ApiProperty({ format: 'uuid' }) cooperativeId!: string;
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'generatedAt + 24 h: refuse the snapshot afterwards.' }) validUntil!: string;
  @ApiProperty({ description: "IANA zone of the cooperative: the scan's local date is taken in it." }) timezone!: string;
  @ApiProperty({ type: () => GateSnapshotRulesView }) rules!: GateSnapshotRulesView;
  @ApiProperty({ type: () => GateSnapshotSiteView }) site!: GateSnapshotSiteView;
  @ApiProperty({ type: () => [GateSnapshotZoneView] }) zones!: GateSnapshotZoneView[];
  @ApiProperty({ type: () => [GateSnapshotMemberView], description: 'Everyone on the registry, whatever their status, by member number.' })
  members!: GateSnapshotMemberView[];
  @ApiProperty({ type: () => [GateSnapshotPresenceView], description: 'Who was inside the site at generatedAt.' }) inside!: GateSnapshotPresenceView[];
}

/** The snapshot route's answer: the payload's JSON text and its signature. */
export class GateSnapshotView implements SignedGateSnapshot {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({ description: 'Matches keyId of GET /api/v1/gate-snapshot-key.' }) keyId!: string;
  @ApiProperty({ description: 'The JSON text of the snapshot (GateSnapshotPayload, in x-payload-schema), exactly the bytes signed.' }) payload!: string;
  @ApiProperty({ description: 'base64url Ed25519 signature of the UTF-8 bytes of payload.' }) signature!: string;
}

export class GateSnapshotJwkView {
  @ApiProperty({ enum: ['OKP'] }) kty!: 'OKP';
  @ApiProperty({ enum: ['Ed25519'] }) crv!: 'Ed25519';
  @ApiProperty() x!: string;
}

export class GateSnapshotKeyView implements GateSnapshotKey {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({ description: 'base64url of the first 16 bytes of SHA-256 of the raw public key.' }) keyId!: string;
  @ApiProperty({ type: () => GateSnapshotJwkView }) jwk!: GateSnapshotJwkView;
  @ApiProperty({ description: 'SubjectPublicKeyInfo PEM.' }) pem!: string;
}
