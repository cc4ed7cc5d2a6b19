import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTO_RULE_CODES, FLAG_SOURCE_TYPES, type FlagSourceType } from '../rules/auto-rules.js';
import { FLAG_CATEGORIES, FLAG_SEVERITIES, type FlagCategory, type FlagSeverity } from '../rules/categories.js';
import { FLAG_STATES, type FlagState } from '../rules/lifecycle.js';
import { CORRECTIVE_ACTION_STATUSES, type CorrectiveActionStatus } from '../rules/overdue.js';
import type { FlagSource } from '../risk-flag.entity.js';

export class RiskPersonInvolvedView {
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'A registered miner of the cooperative.' }) minerId?: string;
  @ApiPropertyOptional({ type: String, description: 'A person described in words when not registered.' }) description?: string;
}

export class CorrectiveActionView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) flagId!: string;
  @ApiProperty({ type: String, description: 'Empty when withheld from this reader (child-labour flag).' }) description!: string;
  @ApiProperty({ type: String, format: 'uuid' }) ownerUserId!: string;
  @ApiProperty({ type: String, format: 'date', description: 'Calendar date at the cooperative.' }) dueOn!: string;
  @ApiProperty({ enum: CORRECTIVE_ACTION_STATUSES }) status!: CorrectiveActionStatus;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, format: 'uuid' }) createdByUserId!: string;
  @ApiProperty({ type: Date }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) completedByUserId!: string | null;
  @ApiProperty({ type: Date, nullable: true }) completedAt!: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The site assessment whose failed criterion opened the action.' }) assessmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The criterion of that assessment.' }) criterionId!: string | null;
  @ApiProperty({ type: Boolean }) overdue!: boolean;
  @ApiProperty({ type: Date, nullable: true }) overdueSince!: Date | null;
}

export class RiskFlagTransitionView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid' }) flagId!: string;
  @ApiProperty({ enum: FLAG_STATES }) fromState!: FlagState;
  @ApiProperty({ enum: FLAG_STATES }) toState!: FlagState;
  @ApiProperty({ type: String, nullable: true, description: 'Null when withheld from this reader.' }) reason!: string | null;
  @ApiProperty({ type: String, format: 'uuid' }) actorUserId!: string;
  @ApiProperty({ type: Date }) at!: Date;
}

/** On a child-labour flag, a reader who is neither admin nor designated case officer gets `redacted: true` and no words. */
export class RiskFlagView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ enum: FLAG_CATEGORIES }) category!: FlagCategory;
  @ApiProperty({ enum: FLAG_SEVERITIES }) severity!: FlagSeverity;
  @ApiProperty({ enum: FLAG_STATES }) state!: FlagState;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) siteId!: string | null;
  @ApiProperty({ type: () => [RiskPersonInvolvedView] }) people!: RiskPersonInvolvedView[];
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Catalogue key of an automatic flag’s description.' }) descriptionKey!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) descriptionParams!: Record<string, string | number | null> | null;
  @ApiProperty({ enum: ['manual', 'community_report', ...AUTO_RULE_CODES] }) source!: FlagSource;
  @ApiProperty({ enum: FLAG_SOURCE_TYPES, nullable: true }) sourceType!: FlagSourceType | null;
  @ApiProperty({ type: String, nullable: true }) sourceId!: string | null;
  @ApiProperty({ type: Boolean }) anonymous!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reporterUserId!: string | null;
  @ApiProperty({ type: Date }) occurredAt!: Date;
  @ApiProperty({ type: Date }) raisedAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) acknowledgedAt!: Date | null;
  @ApiProperty({ type: Date }) stateChangedAt!: Date;
  @ApiProperty({ type: String, nullable: true }) dismissalReason!: string | null;
  @ApiProperty({ type: Boolean }) overdue!: boolean;
  @ApiProperty({ type: Date, nullable: true }) overdueSince!: Date | null;
  @ApiProperty({ type: Boolean, description: 'True when the words (description, people, reason) were withheld from this reader.' }) redacted!: boolean;
  @ApiProperty({ type: Number }) peopleCount!: number;
}

export class RiskFlagDetailView extends RiskFlagView {
  @ApiProperty({ type: () => [CorrectiveActionView] }) actions!: CorrectiveActionView[];
  @ApiProperty({ type: () => [RiskFlagTransitionView] }) transitions!: RiskFlagTransitionView[];
}

export class RiskOverdueView {
  @ApiProperty({ type: () => [RiskFlagView], description: 'Active flags with a late acknowledgement or a late corrective action, oldest overdue first.' })
  flags!: RiskFlagView[];
  @ApiProperty({ type: () => [CorrectiveActionView], description: 'Open corrective actions past their due date, oldest due first.' })
  actions!: CorrectiveActionView[];
}
