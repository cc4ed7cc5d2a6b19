import { ApiProperty } from '@nestjs/swagger';
import { EVIDENCE_CONTENT_TYPES, type EvidenceContentType } from '../evidence-file.js';

export class RiskEvidenceView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) flagId!: string;
  @ApiProperty({ enum: EVIDENCE_CONTENT_TYPES }) contentType!: EvidenceContentType;
  @ApiProperty({ type: Number }) byteSize!: number;
  @ApiProperty({ type: String, description: 'SHA-256 of the file, hexadecimal.' }) sha256!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when withheld from this reader (child-labour flag).' }) originalName!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null on an anonymous flag.' }) uploadedBy!: string | null;
  @ApiProperty({ type: Date }) uploadedAt!: Date;
}

export class RiskSettingsView {
  @ApiProperty({ type: Number, description: 'Hours within which a critical flag must be acknowledged.' }) criticalAckHours!: number;
  @ApiProperty({ type: Date, nullable: true, description: 'Null while the cooperative keeps the defaults.' }) updatedAt!: Date | null;
}
