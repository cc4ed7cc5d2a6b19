import { ApiProperty } from '@nestjs/swagger';
import { AGE_BANDS, type AgeBand } from '../rules/age.js';
import type { CardStatus } from '../rules/card-status.js';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '../rules/lifecycle.js';
import { ID_DOCUMENT_TYPES, type IdDocumentType, SEXES, type Sex } from '../miner.entity.js';
import { CARD_STATUS_FILTERS } from './list-miners.dto.js';

const DATE = { type: String, format: 'date' } as const;
const DATE_TIME = { type: String, format: 'date-time' } as const;

/** A miner as the registry list shows them, with the card that speaks for them on the day. */
export class MinerSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'KAB-2026-00001' }) memberNumber!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty({ type: String, nullable: true }) middleName!: string | null;
  @ApiProperty() lastName!: string;
  @ApiProperty({ enum: SEXES }) sex!: Sex;
  @ApiProperty({ ...DATE, nullable: true, description: 'Null when only the birth year is known.' }) dateOfBirth!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Set, instead of the date, when the birth date is estimated.' }) birthYear!: number | null;
  @ApiProperty() birthDateEstimated!: boolean;
  @ApiProperty({ enum: AGE_BANDS, nullable: true }) ageBand!: AgeBand | null;
  @ApiProperty({ enum: MEMBERSHIP_STATUSES }) status!: MembershipStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) homeSiteId!: string | null;
  @ApiProperty(DATE) membershipDate!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty() hasPhoto!: boolean;
  @ApiProperty({ type: String, nullable: true }) cardNumber!: string | null;
  @ApiProperty({ ...DATE, nullable: true }) cardIssuedOn!: string | null;
  @ApiProperty({ ...DATE, nullable: true }) cardExpiresOn!: string | null;
  @ApiProperty({ enum: CARD_STATUS_FILTERS }) cardStatus!: CardStatus;
}

/** One artisanal miner's card recorded for the miner. */
export class MinerCardView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() cardNumber!: string;
  @ApiProperty(DATE) cardIssuedOn!: string;
  @ApiProperty(DATE) cardExpiresOn!: string;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty(DATE_TIME) recordedAt!: Date;
}

/** One change of membership status, registration included. */
export class MinerStatusChangeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MEMBERSHIP_STATUSES, nullable: true, description: 'Null for the registration.' }) fromStatus!: MembershipStatus | null;
  @ApiProperty({ enum: MEMBERSHIP_STATUSES }) toStatus!: MembershipStatus;
  @ApiProperty() reason!: string;
  @ApiProperty(DATE) effectiveOn!: string;
  @ApiProperty({ format: 'uuid' }) decidedBy!: string;
  @ApiProperty({ type: String, nullable: true }) decidedByName!: string | null;
  @ApiProperty(DATE_TIME) decidedAt!: Date;
}

/** A training topic a member attended, valued on a date. */
export class TrainingCertificationView {
  @ApiProperty() topic!: string;
  @ApiProperty(DATE) attendedOn!: string;
  @ApiProperty({ ...DATE, nullable: true, description: 'Last valid day (inclusive); null when it never expires.' }) expiresOn!: string | null;
  @ApiProperty() valid!: boolean;
}

/** A miner's full record: identity (the ID document number, whose read is audited), cards, history and trainings. */
export class MinerView extends MinerSummaryView {
  @ApiProperty({ type: String, nullable: true }) placeOfBirth!: string | null;
  @ApiProperty({ description: 'ISO 3166 alpha-2.', example: 'CD' }) nationality!: string;
  @ApiProperty({ enum: ID_DOCUMENT_TYPES }) idDocumentType!: IdDocumentType;
  @ApiProperty() idDocumentNumber!: string;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: String, nullable: true }) nextOfKinName!: string | null;
  @ApiProperty({ type: String, nullable: true }) nextOfKinPhone!: string | null;
  @ApiProperty({ ...DATE, description: 'The date the card status and certifications are valued on.' }) cardStatusOn!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Days to the expiry of the applying card; negative once expired.' }) cardDaysUntilExpiry!: number | null;
  @ApiProperty({ type: () => [MinerCardView] }) cards!: MinerCardView[];
  @ApiProperty({ type: () => [MinerStatusChangeView] }) statusHistory!: MinerStatusChangeView[];
  @ApiProperty({ type: () => [TrainingCertificationView], description: 'One per topic attended, valued on `cardStatusOn`.' }) certifications!: TrainingCertificationView[];
  @ApiProperty(DATE_TIME) createdAt!: Date;
  @ApiProperty(DATE_TIME) updatedAt!: Date;
}
