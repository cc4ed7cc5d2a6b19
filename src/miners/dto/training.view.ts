import { ApiProperty } from '@nestjs/swagger';
import { TRAINING_TOPICS, type TrainingTopic } from '../rules/certifications.js';
import { TrainingCertificationView } from './miner.view.js';

export class TrainingSessionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TRAINING_TOPICS }) topic!: TrainingTopic;
  @ApiProperty({ format: 'date' }) heldOn!: string;
  @ApiProperty() trainer!: string;
  @ApiProperty({ description: 'How long attending counts, in months; 0 when it never expires.' }) validityMonths!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) siteId!: string | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty() attendeeCount!: number;
}

export class TrainingAttendeeView {
  @ApiProperty({ format: 'uuid' }) minerId!: string;
  @ApiProperty() memberNumber!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty({ type: String, nullable: true }) middleName!: string | null;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: Date;
}

/** A session with who attended it. */
export class TrainingSessionDetailView extends TrainingSessionView {
  @ApiProperty({ type: () => [TrainingAttendeeView] }) attendees!: TrainingAttendeeView[];
}

export class TrainingSessionListView {
  @ApiProperty({ type: () => [TrainingSessionView] }) items!: TrainingSessionView[];
}

/** A session one member attended. */
export class AttendedTrainingView {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ enum: TRAINING_TOPICS }) topic!: TrainingTopic;
  @ApiProperty({ format: 'date' }) heldOn!: string;
  @ApiProperty() trainer!: string;
  @ApiProperty() validityMonths!: number;
}

/** A member's certifications on a date and the sessions they rest on. */
export class MemberCertificationsView {
  @ApiProperty({ format: 'uuid' }) minerId!: string;
  @ApiProperty() memberNumber!: string;
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty({ type: () => [TrainingCertificationView] }) certifications!: TrainingCertificationView[];
  @ApiProperty({ type: () => [AttendedTrainingView], description: 'Oldest first.' }) history!: AttendedTrainingView[];
}
