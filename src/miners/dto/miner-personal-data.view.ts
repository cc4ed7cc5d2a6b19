import { ApiProperty } from '@nestjs/swagger';
import { MinerView } from './miner.view.js';

export class MinerPersonalDataCooperativeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

/** What is held of the photo (its bytes are fetched separately). */
export class MinerPersonalDataPhotoView {
  @ApiProperty({ enum: ['image/jpeg', 'image/png'] }) contentType!: string;
  @ApiProperty() bytes!: number;
}

export class MinerPersonalDataAuditEntryView {
  @ApiProperty({ description: 'The audit row id (a bigint, as text).' }) id!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorUserId!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) at!: Date;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after!: Record<string, unknown> | null;
}

/** Everything held about one person, for an admin answering that person's request. */
export class MinerPersonalDataView {
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: () => MinerPersonalDataCooperativeView }) cooperative!: MinerPersonalDataCooperativeView;
  @ApiProperty({ type: () => MinerView }) person!: MinerView;
  @ApiProperty({ type: () => MinerPersonalDataPhotoView, nullable: true }) photo!: MinerPersonalDataPhotoView | null;
  @ApiProperty({ type: () => [MinerPersonalDataAuditEntryView] }) auditTrail!: MinerPersonalDataAuditEntryView[];
}
