import { ApiProperty } from '@nestjs/swagger';

/** One audit record: who changed (or read) what, with the changed fields only. */
export class AuditEntryView {
  @ApiProperty({ type: String, description: 'Sequence number of the record (a bigint, as a string); newer records have larger ones.', example: '1042' })
  id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for platform events (accounts, jurisdictions).' })
  cooperativeId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for the platform itself and for anonymous reports.' })
  actorUserId!: string | null;
  @ApiProperty({ type: String, example: 'update' })
  action!: string;
  @ApiProperty({ type: String, example: 'cooperative' })
  entity!: string;
  @ApiProperty({ type: String })
  entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The changed fields before the change; null for a creation.' })
  before!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The changed fields after the change; null for a removal.' })
  after!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, description: 'The request that made the change, to find it in the logs.' })
  requestId!: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
}
