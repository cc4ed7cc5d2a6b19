import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BylawVersionRow } from '../bylaws.repository.js';
import { bylawDeclarationStatus, type DeclarationStatus, type QuorumOverrides, type TieBreakRule } from '../rules/index.js';
import { TIE_BREAK_RULES } from './governance.dto.js';

export class BylawSettingsView {
  @ApiPropertyOptional() readonly noticeDays?: number;
  @ApiPropertyOptional() readonly proxiesAllowed?: boolean;
  @ApiPropertyOptional() readonly maxProxiesPerHolder?: number;
  @ApiPropertyOptional({ description: 'Months of membership a candidate needs on the election date.' }) readonly candidateMinMembershipMonths?: number;
  @ApiPropertyOptional({ enum: TIE_BREAK_RULES }) readonly electionTieBreak?: TieBreakRule;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Quorum per assembly kind and call: { ordinary?: { firstCall?: {num, den}, secondCall?: {num, den} }, ... }.',
  })
  readonly quorum?: QuorumOverrides;
}

export class BylawDeclarationView {
  @ApiProperty({ enum: ['on_time', 'late', 'pending', 'overdue'] }) readonly status: DeclarationStatus;
  @ApiProperty({ format: 'date', description: 'The last day on which a declaration is on time.' }) readonly deadline: string;
  @ApiProperty({ description: 'Days past the deadline: at declaration when late, as of today when overdue; else 0.' }) readonly daysLate: number;
  @ApiProperty({ description: 'Days still left when pending; else 0.' }) readonly daysLeft: number;
}

export class BylawVersionView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty() readonly version: number;
  @ApiProperty() readonly text: string;
  @ApiProperty({ type: () => BylawSettingsView }) readonly settings: BylawSettingsView;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The adopted bylaw-amendment resolution; null for the first version.' }) readonly resolutionId: string | null;
  @ApiProperty({ format: 'date' }) readonly adoptedOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) readonly declaredOn: string | null;
  @ApiProperty({ type: () => BylawDeclarationView }) readonly declaration: BylawDeclarationView;
}

/** `today` in the cooperative's time zone: whether a pending declaration is overdue depends on it. */
export function bylawVersionView(row: BylawVersionRow, today: string): BylawVersionView {
  return {
    id: row.id,
    version: row.version,
    text: row.body,
    settings: row.settings,
    resolutionId: row.resolution_id,
    adoptedOn: row.adopted_on,
    declaredOn: row.declared_on,
    declaration: bylawDeclarationStatus({ adoptedOn: row.adopted_on, today, ...(row.declared_on ? { declaredOn: row.declared_on } : {}) }),
  };
}
