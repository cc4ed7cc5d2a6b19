import { ApiProperty } from '@nestjs/swagger';

/** A proof-of-work challenge for one public report. */
export class IncidentChallengeView {
  @ApiProperty({ description: 'Signed token, good for one report until expiresAt.' }) challenge!: string;
  @ApiProperty({ type: 'integer', description: 'Leading zero bits SHA-256(`<challenge>:<nonce>`) must have.' }) difficultyBits!: number;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt!: string;
}

/** What the reporter is told: that the report was received, nothing that could be traced back. */
export class IncidentReportReceiptView {
  @ApiProperty({ enum: ['received'] }) status!: 'received';
}
